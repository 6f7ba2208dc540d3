import * as assert from "node:assert/strict";
import { codeNoPlaintextSecrets, hostStorageIdentity, noPlaintextSecrets } from "../../policies/azure/secrets";
import { runResourcePolicy } from "../harness/args";
import { expectFindings, expectNoValues, expectUnknownNote } from "../harness/expect";
import { classic, keyVaultRef, native, secureAzureStack, secureClassicStack } from "../fixtures/azure";
import { UNKNOWN_ARCHIVE, UNKNOWN_STRING, callbackCode, secretAs, textAsset, unknownAs } from "../fixtures/common";

const base = { resourceGroupName: "rg", kind: "functionapp,linux" };
const classicBase = { resourceGroupName: "rg", servicePlanId: "plan", siteConfig: {} };
const password = "Tr0ub4dor&3-horse";
const sqlWithPassword = `Server=tcp:orders.database.windows.net;Database=orders;User ID=app;Password=${password};`;
const storageWithKey = "DefaultEndpointsProtocol=https;AccountName=ordersfuncstore;AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkw;EndpointSuffix=core.windows.net";

async function runAll(policy: typeof noPlaintextSecrets, resources: ReturnType<typeof secureAzureStack>, config = {}) {
    return (await Promise.all(resources.map(r => runResourcePolicy(policy, r, { config })))).flat();
}

describe("azure-functionapp-no-plaintext-secrets", () => {
    it("passes the secure stacks: Key Vault references, plain settings", async () => {
        assert.deepEqual(await runAll(noPlaintextSecrets, secureAzureStack()), []);
        assert.deepEqual(await runAll(noPlaintextSecrets, secureClassicStack()), []);
    });

    it("reports secrets in siteConfig.appSettings and connectionStrings of an azure-native app, with no value", async () => {
        const app = native.webApp("app", { ...base, siteConfig: {
            appSettings: [{ name: "DB_PASSWORD", value: secretAs(password) }, { name: "TOKEN_TTL", value: "3600" }, { name: "API_KEY", value: keyVaultRef("api") }],
            connectionStrings: [{ name: "Orders", connectionString: sqlWithPassword }, { name: "Cache", connectionString: "Server=cache;Authentication=Active Directory Managed Identity" }],
        } });
        const violations = await runResourcePolicy(noPlaintextSecrets, app);
        expectFindings(violations, 1, "Function App 'app'", "siteConfig.appSettings DB_PASSWORD", "siteConfig.connectionStrings Orders", "password in a connection string", "Fix:");
        expectNoValues(violations, password);
    });

    it("reports separate settings and connection string resources, slots included", async () => {
        const settings = native.appSettingsSlot("s", { name: "app", slot: "staging", resourceGroupName: "rg", properties: { STRIPE_KEY: "sk_live_0123456789abcdefghijklmn" } });
        const strings = native.connectionStrings("c", { name: "app", resourceGroupName: "rg", properties: {
            Bus: { type: "ServiceBus", value: "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=" },
            Db: { type: "SQLAzure", value: keyVaultRef("db") },
        } });
        expectFindings(await runResourcePolicy(noPlaintextSecrets, settings), 1, "WebAppApplicationSettingsSlot 's'", "properties STRIPE_KEY", "Stripe");
        expectFindings(await runResourcePolicy(noPlaintextSecrets, strings), 1, "WebAppConnectionStrings 'c'", "properties Bus", "shared access key");
    });

    it("reports classic appSettings and connectionStrings, and honours ignoreNames and extra name patterns", async () => {
        const app = classic.linuxFunctionAppSlot("slot", { functionAppId: "id", siteConfig: {},
            appSettings: { CLIENT_SECRET: "s3cr3t-Value-9x!", MY_SEED: "pLk8-Qz7-Rx2-Wv9" },
            connectionStrings: [{ name: "Orders", type: "SQLServer", value: sqlWithPassword }] });
        const violations = await runResourcePolicy(noPlaintextSecrets, app);
        expectFindings(violations, 1, "Function App slot 'slot'", "CLIENT_SECRET", "Orders");
        const tuned = await runResourcePolicy(noPlaintextSecrets, app, { config: { ignoreNames: ["client_secret"], extraSecretNamePatterns: ["*_SEED"] } });
        expectFindings(tuned, 1, "MY_SEED", "Orders");
        assert.ok(!tuned[0].message.includes("CLIENT_SECRET"));
    });

    it("offers identity-based package access for a SAS in WEBSITE_RUN_FROM_PACKAGE", async () => {
        const sas = "https://store.blob.core.windows.net/releases/app.zip?sv=2022-11-02&sp=r&se=2030-01-01&sig=AbCdEf%2BgHiJkL%3D0123";
        const app = native.webApp("app", { ...base, siteConfig: { appSettings: [{ name: "WEBSITE_RUN_FROM_PACKAGE", value: sas }] } });
        expectFindings(await runResourcePolicy(noPlaintextSecrets, app), 1, "WEBSITE_RUN_FROM_PACKAGE holds a plaintext secret (SAS token)",
            "WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID", "Storage Blob Data Reader", "Key Vault reference");
    });

    it("passes identity-based connections and public keys under secret-looking names", async () => {
        const app = classic.linuxFunctionApp("app", { ...classicBase, appSettings: {
            AzureWebJobsStorage__credential: "managedidentity", AzureWebJobsStorage__accountName: "store",
            STRIPE_PUBLISHABLE_KEY: "pk_live_51Habcdefghijklmnopqrstuvwx",
        } });
        assert.deepEqual(await runResourcePolicy(noPlaintextSecrets, app), []);
    });

    it("notes unknown settings lists and unknown values under secret names", async () => {
        const notes = await runResourcePolicy(noPlaintextSecrets, native.webApp("app", { ...base, siteConfig: unknownAs() }));
        expectUnknownNote(notes, "siteConfig");
        const app = classic.windowsFunctionApp("w", { ...classicBase, appSettings: { DB_PASSWORD: UNKNOWN_STRING, TABLE: UNKNOWN_STRING } });
        expectUnknownNote(await runResourcePolicy(noPlaintextSecrets, app), "DB_PASSWORD");
    });
});

describe("azure-functionapp-code-no-plaintext-secrets", () => {
    const cosmos = "AccountEndpoint=https://orders.documents.azure.com:443/;AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkw;";
    const handler = `const { CosmosClient } = require("@azure/cosmos");\nconst client = new CosmosClient(${JSON.stringify(cosmos)});`;

    it("reports secrets in the package a callback function app uploads, on both providers, never quoting the code", async () => {
        for (const blob of [classic.blob("app", { storageAccountName: "store", storageContainerName: "zips", type: "Block", source: callbackCode(handler, "orders/handler.js") }),
            native.blob("app", { accountName: "store", containerName: "zips", resourceGroupName: "rg", source: callbackCode(handler, "orders/handler.js") })]) {
            const violations = await runResourcePolicy(codeNoPlaintextSecrets, blob);
            expectFindings(violations, 1, "Storage blob 'app': source entry orders/handler.js, line 2, holds a plaintext secret (Azure account key)", "Key Vault");
            expectNoValues(violations, "c2VjcmV0");
        }
    });

    it("leaves blobs that hold a single asset (data, not a package) and unknown sources alone", async () => {
        for (const source of [textAsset(handler), unknownAs(UNKNOWN_ARCHIVE)]) {
            assert.deepEqual(await runResourcePolicy(codeNoPlaintextSecrets, classic.blob("b", { storageAccountName: "s", storageContainerName: "c", type: "Block", source })), []);
        }
    });
});

describe("azure-functionapp-host-storage-identity", () => {
    it("passes identity-based host storage on both providers", async () => {
        assert.deepEqual(await runAll(hostStorageIdentity, secureAzureStack()), []);
        assert.deepEqual(await runAll(hostStorageIdentity, secureClassicStack()), []);
    });

    it("reports AzureWebJobsStorage with AccountKey= on an app or a settings resource, with no value", async () => {
        const app = native.webApp("app", { ...base, siteConfig: { appSettings: [{ name: "AzureWebJobsStorage", value: storageWithKey }] } });
        const violations = await runResourcePolicy(hostStorageIdentity, app);
        expectFindings(violations, 1, "Function App 'app'", "AzureWebJobsStorage", "AccountKey=", "Fix:");
        assert.equal(violations[0].enforcementLevel, "mandatory");
        expectNoValues(violations, "c2VjcmV0");
        const settings = native.appSettings("s", { name: "app", resourceGroupName: "rg", properties: { AzureWebJobsStorage: storageWithKey } });
        expectFindings(await runResourcePolicy(hostStorageIdentity, settings), 1, "properties 'AzureWebJobsStorage'");
        const referenced = native.appSettings("kv", { name: "app", resourceGroupName: "rg", properties: { AzureWebJobsStorage: keyVaultRef("storage") } });
        assert.deepEqual(await runResourcePolicy(hostStorageIdentity, referenced), []);
    });

    it("reports classic apps with an access key or without storageUsesManagedIdentity, and the older FunctionApp", async () => {
        const keyed = classic.linuxFunctionApp("keyed", { ...classicBase, storageAccountName: "s", storageAccountAccessKey: UNKNOWN_STRING });
        expectFindings(await runResourcePolicy(hostStorageIdentity, keyed), 1, "storageAccountAccessKey");
        const kvKey = classic.windowsFunctionApp("kv", { ...classicBase, storageAccountName: "s", storageKeyVaultSecretId: "https://v.vault.azure.net/secrets/s" });
        expectFindings(await runResourcePolicy(hostStorageIdentity, kvKey), 1, "storageUsesManagedIdentity");
        const old = classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "plan", storageAccountName: "s", storageAccountAccessKey: "k" });
        expectFindings(await runResourcePolicy(hostStorageIdentity, old), 1, "older FunctionApp");
    });

    it("notes an unknown AzureWebJobsStorage value or storageUsesManagedIdentity", async () => {
        const app = native.webApp("app", { ...base, siteConfig: { appSettings: [{ name: "AzureWebJobsStorage", value: UNKNOWN_STRING }] } });
        expectUnknownNote(await runResourcePolicy(hostStorageIdentity, app), "AzureWebJobsStorage");
        const fn = classic.linuxFunctionApp("fn", { ...classicBase, storageAccountName: "s", storageUsesManagedIdentity: unknownAs() });
        expectUnknownNote(await runResourcePolicy(hostStorageIdentity, fn), "storageUsesManagedIdentity");
    });
});
