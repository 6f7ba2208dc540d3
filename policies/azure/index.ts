import { azureHardeningPolicies } from "./hardening";
import { azureIdentityPolicies } from "./identity";
import { azureNetworkPolicies } from "./network";
import { azureSecretPolicies } from "./secrets";

export const azurePolicies = [
    ...azureIdentityPolicies,
    ...azureSecretPolicies,
    ...azureNetworkPolicies,
    ...azureHardeningPolicies,
];
