// Every policy of the pack, in the order of the README's reference.
import { awsPolicies } from "./aws";

export const policies = [...awsPolicies];
