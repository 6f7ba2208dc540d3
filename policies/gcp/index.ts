import { gcpIdentityPolicies } from "./identity";
import { gcpInvocationPolicies } from "./invocation";
import { gcpNetworkPolicies } from "./network";

export const gcpPolicies = [
    ...gcpIdentityPolicies,
    ...gcpNetworkPolicies,
    ...gcpInvocationPolicies,
];
