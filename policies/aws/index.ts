import { awsHardeningPolicies } from "./hardening";
import { awsIdentityPolicies } from "./identity";
import { awsInvocationPolicies } from "./invocation";
import { awsNetworkPolicies } from "./network";
import { awsSecretPolicies } from "./secrets";

export const awsPolicies = [
    ...awsIdentityPolicies,
    ...awsSecretPolicies,
    ...awsNetworkPolicies,
    ...awsInvocationPolicies,
    ...awsHardeningPolicies,
];
