import { gcpIdentityPolicies } from "./identity";
import { gcpInvocationPolicies } from "./invocation";
import { gcpNetworkPolicies } from "./network";
import { gcpSecretPolicies } from "./secrets";

export const gcpPolicies = [
    ...gcpIdentityPolicies,
    ...gcpSecretPolicies,
    ...gcpNetworkPolicies,
    ...gcpInvocationPolicies,
];
