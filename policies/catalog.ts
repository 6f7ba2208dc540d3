// Every policy of the pack, in the order of docs/reference.md.
import { awsPolicies } from "./aws";
import { azurePolicies } from "./azure";
import { gcpPolicies } from "./gcp";

export const policies = [...awsPolicies, ...azurePolicies, ...gcpPolicies];
