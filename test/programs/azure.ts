// Pulumi programs for Azure Function Apps (azure-native): the insecure one computes an app setting
// from another resource, which makes the whole siteConfig unknown at preview.
import * as azure from "@pulumi/azure-native";

export const planted = { dbPassword: ["Qv7", "hunter", "Zk2!", "r9Lm"].join("-") };

const functionAppSettings = (storageAccount: azure.storage.StorageAccount) => [
    { name: "FUNCTIONS_EXTENSION_VERSION", value: "~4" },
    { name: "FUNCTIONS_WORKER_RUNTIME", value: "node" },
    { name: "AzureWebJobsStorage__accountName", value: storageAccount.name },
];

/**
 * A Function App with no managed identity and no VNet integration, its database password in an
 * app setting, and its host storage named from the storage account (computed at preview).
 */
export function insecureAzureProgram() {
    const group = new azure.resources.ResourceGroup("orders-rg");
    const storage = new azure.storage.StorageAccount("ordersstore", { resourceGroupName: group.name, kind: "StorageV2", sku: { name: "Standard_LRS" } });
    new azure.web.WebApp("orders-func", {
        resourceGroupName: group.name,
        kind: "functionapp,linux",
        httpsOnly: true,
        siteConfig: {
            minTlsVersion: "1.2",
            ftpsState: "Disabled",
            appSettings: [...functionAppSettings(storage), { name: "DB_PASSWORD", value: planted.dbPassword }],
        },
    });
}

/**
 * The same app done right: a system-assigned identity that reads its secrets from Key Vault, VNet
 * integration routing all traffic, a siteConfig of values known at preview, and the computed
 * settings in a separate WebAppApplicationSettings resource.
 */
export function secureAzureProgram() {
    const group = new azure.resources.ResourceGroup("orders-rg");
    const storage = new azure.storage.StorageAccount("ordersstore", {
        resourceGroupName: group.name, kind: "StorageV2", sku: { name: "Standard_LRS" }, allowSharedKeyAccess: false,
    });
    const network = new azure.network.VirtualNetwork("orders-vnet", { resourceGroupName: group.name, addressSpace: { addressPrefixes: ["10.0.0.0/16"] } });
    const subnet = new azure.network.Subnet("functions", {
        resourceGroupName: group.name, virtualNetworkName: network.name, addressPrefix: "10.0.1.0/24",
        delegations: [{ name: "web", serviceName: "Microsoft.Web/serverFarms" }],
    });
    const app = new azure.web.WebApp("orders-func", {
        resourceGroupName: group.name,
        kind: "functionapp,linux",
        identity: { type: "SystemAssigned" },
        httpsOnly: true,
        virtualNetworkSubnetId: subnet.id,
        outboundVnetRouting: { allTraffic: true },
        publicNetworkAccess: "Disabled",
        siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ftpsState: "Disabled", http20Enabled: true },
    });
    new azure.web.WebAppApplicationSettings("orders-settings", {
        name: app.name,
        resourceGroupName: group.name,
        properties: {
            FUNCTIONS_EXTENSION_VERSION: "~4",
            FUNCTIONS_WORKER_RUNTIME: "node",
            AzureWebJobsStorage__accountName: storage.name,
            DB_PASSWORD: "@Microsoft.KeyVault(VaultName=orders-kv;SecretName=db-password)",
        },
    });
    new azure.authorization.RoleAssignment("orders-blob-owner", {
        principalId: app.identity.apply(identity => identity?.principalId ?? ""),
        principalType: "ServicePrincipal",
        roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        scope: storage.id,
    });
}
