import { awsHardeningPolicies } from "./hardening";
import { awsInvocationPolicies } from "./invocation";
import { awsNetworkPolicies } from "./network";

export const awsPolicies = [
    ...awsNetworkPolicies,
    ...awsInvocationPolicies,
    ...awsHardeningPolicies,
];
