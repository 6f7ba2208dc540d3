// Plaintext secrets in app settings, connection strings and uploaded deployment packages, and host
// storage reached by account key.
import { resourceRule } from "../lib/policy";
import { UNKNOWN, bool, isSet, isUnknown } from "../lib/props";
import { isKeyVaultReference } from "../lib/secrets";
import { printableKey, reportPlaintextSecrets, reportSecretsInCode, secretConfig, secretOptions } from "../lib/plaintextSecrets";
import { appSettingsCarrierTypes, appSettingsOf, at, azureLabel, connectionStringsOf, credentialFreeSettingFix, functionAppRule, settingsCarrierTypes } from "../lib/azure/functionApp";
import { cisAzure } from "../lib/frameworks";
import { azureTypes, storageBlobTypes } from "../lib/azure/types";

const keyVaultFix = "store it in Key Vault and set the value to a Key Vault reference (@Microsoft.KeyVault(SecretUri=...)), which the app's managed identity resolves.";

export const noPlaintextSecrets = functionAppRule({
    name: "azure-functionapp-no-plaintext-secrets",
    description: "Function App settings and connection strings hold no plaintext secrets, wherever they are declared (on the app, on a slot, or in a separate settings resource); Key Vault references are used instead. A Pulumi secret is plaintext too once it is in the app's configuration.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Put each secret in Key Vault, give the app's managed identity get/list on secrets (Key Vault Secrets User or an access policy), and set the setting to @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>) or @Microsoft.KeyVault(VaultName=<vault>;SecretName=<name>). Better still, use identity-based connections that need no secret at all. The formats are listed in docs/secret-formats.md.",
    tags: ["azure", "functionapp", "plaintext-secrets"],
    framework: cisAzure("9.11", "Ensure Azure Key Vaults are Used to Store Secrets"),
    config: secretConfig,
}, settingsCarrierTypes, (resource, report, config) => {
    const options = secretOptions(config);
    const label = azureLabel(resource);
    for (const found of [appSettingsOf(resource), connectionStringsOf(resource)]) {
        found.unknown.forEach(path => report.unknown(`${label}: ${path}`));
        // Connection strings are judged like settings: a credential inside (Password=, AccountKey=,
        // SharedAccessKey=, user:password@) is a finding whatever the name; a Key Vault reference never is.
        reportPlaintextSecrets(found.values, `${label}: ${found.path}`, keyVaultFix, report, options, credentialFreeSettingFix);
    }
});

export const codeNoPlaintextSecrets = resourceRule({
    name: "azure-functionapp-code-no-plaintext-secrets",
    description: "Deployment packages uploaded from the program to a storage blob (an AssetArchive, such as the code of a callback function app) hold no secret in a known format: anyone who can read the blob, or the app's files, reads it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Store the secret in Key Vault and read it at run time (an app setting with a Key Vault reference, or the Key Vault client with the app's managed identity) instead of writing it into the code. A callback function serializes every value its closure captures into the package: read secrets inside the function instead of capturing them. Packages from files on disk (FileArchive) are not visible to the pack. The formats are listed in docs/secret-formats.md.",
    tags: ["azure", "functionapp", "plaintext-secrets"],
    framework: cisAzure("9.11", "Ensure Azure Key Vaults are Used to Store Secrets"),
}, storageBlobTypes, (blob, report) => reportSecretsInCode(blob.props, ["source"], `Storage blob '${blob.name}'`,
    "read it at run time from Key Vault instead (whatever a callback function's closure captures is serialized into the package).", report, true));

/** The app setting that points the Functions host at its storage account. */
const hostStorageSetting = "AzureWebJobsStorage";
const accountKey = /AccountKey\s*=/i;
const classicIdentityStorageTypes: ReadonlySet<string> = new Set([
    azureTypes.linuxFunctionApp, azureTypes.windowsFunctionApp, azureTypes.linuxFunctionAppSlot, azureTypes.windowsFunctionAppSlot,
]);

export const hostStorageIdentity = functionAppRule({
    name: "azure-functionapp-host-storage-identity",
    description: "The Functions host reaches its storage account with the app's managed identity (AzureWebJobsStorage__accountName, storageUsesManagedIdentity), not with the account key, which grants full control of the whole account.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Grant the app's identity Storage Blob Data Owner (and Queue/Table roles if its triggers need them) on the host storage account, replace AzureWebJobsStorage with AzureWebJobsStorage__accountName (azure-native), or set storageUsesManagedIdentity to true and drop storageAccountAccessKey (classic LinuxFunctionApp / WindowsFunctionApp; the older FunctionApp resource cannot, so move to those).",
    tags: ["azure", "functionapp", "plaintext-secrets", "managed-identity"],
}, appSettingsCarrierTypes, (resource, report) => {
    const label = azureLabel(resource);
    const settings = appSettingsOf(resource);
    settings.unknown.forEach(path => report.unknown(`${label}: ${path}`));
    for (const { name, value, where } of settings.values) {
        if (name.toLowerCase() !== hostStorageSetting.toLowerCase()) {
            continue;
        }
        if (isUnknown(value)) {
            report.unknown(`${label}: ${printableKey(where)}`);
        } else if (typeof value === "string" && accountKey.test(value) && !isKeyVaultReference(value)) {
            report.violation(`${label}: ${printableKey(where)} connects the Functions host with the storage account key (AccountKey=). ` +
                "Fix: use AzureWebJobsStorage__accountName with a role for the app's managed identity.");
        }
    }
    if (resource.type === azureTypes.functionApp) {
        report.violation(`${label} uses the older FunctionApp resource, whose host storage needs the account key (storageAccountAccessKey). ` +
            "Fix: move to LinuxFunctionApp or WindowsFunctionApp with storageUsesManagedIdentity true.");
    } else if (classicIdentityStorageTypes.has(resource.type)) {
        const usesIdentity = bool(at(resource, "storageUsesManagedIdentity"));
        if (isSet(at(resource, "storageAccountAccessKey"))) {
            report.violation(`${label} connects the Functions host with the storage account key (storageAccountAccessKey). ` +
                "Fix: remove storageAccountAccessKey and set storageUsesManagedIdentity to true.");
        } else if (usesIdentity === UNKNOWN) {
            report.unknown(`${label}: storageUsesManagedIdentity`);
        } else if (usesIdentity !== true && isSet(at(resource, "storageAccountName"))) {
            report.violation(`${label} does not use its managed identity for host storage (storageUsesManagedIdentity not true). ` +
                "Fix: set storageUsesManagedIdentity to true and grant the identity Storage Blob Data Owner on the account.");
        }
    }
});

export const azureSecretPolicies = [noPlaintextSecrets, codeNoPlaintextSecrets, hostStorageIdentity];
