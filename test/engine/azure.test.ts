// Every Azure rule through the built pack, launched as the Pulumi CLI launches it.
import * as assert from "node:assert/strict";
import { secret } from "../harness/engine";
import { launchedPack, policiesAt, preview } from "../harness/pack";
import { trippedByInsecureStack } from "../harness/expect";
import { classic, native, roles, secureAzureStack, secureClassicStack, subscription } from "../fixtures/azure";
import { UNKNOWN_STRING, callbackCode, unknownAs } from "../fixtures/common";

const azureNames = (names: string[]) => names.filter(n => n.startsWith("azure-"));

describe("engine: Azure rules through the launched pack", () => {
    const pack = launchedPack();

    it("serves every Azure policy with its metadata", async () => {
        const info = await pack().getAnalyzerInfo();
        const azurePolicies = info.policies.filter(p => p.name.startsWith("azure-functionapp-"));
        assert.equal(azurePolicies.length, 15);
        for (const policy of azurePolicies) {
            assert.ok(policy.description && policy.remediationSteps && policy.url, policy.name);
            assert.ok(policy.severity !== "unspecified", policy.name);
        }
    });

    it("reports no mandatory violation on the seeds' secure Azure example, nor on its classic twin", async () => {
        const diagnostics = await preview(pack(), [...secureAzureStack(), ...secureClassicStack()]);
        assert.deepEqual(policiesAt(diagnostics, "mandatory"), []);
        assert.deepEqual(azureNames(policiesAt(diagnostics, "advisory")), []);
    });

    it("reports every rule on insecure apps, with no value in any message", async () => {
        const password = "correct-horse-battery-staple-42";
        const accountKey = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkw";
        const app = native.webApp("open", {
            resourceGroupName: "rg", kind: "functionapp", httpsOnly: false,
            virtualNetworkSubnetId: UNKNOWN_STRING,
            siteConfig: {
                minTlsVersion: "1.0", ftpsState: "AllAllowed", remoteDebuggingEnabled: true, cors: { allowedOrigins: ["*"] },
                appSettings: [
                    { name: "DB_PASSWORD", value: secret(password) as unknown as string },
                    { name: "AzureWebJobsStorage", value: `DefaultEndpointsProtocol=https;AccountName=s;AccountKey=${accountKey}` },
                    { name: "FUNCTIONS_EXTENSION_VERSION", value: "~3" },
                ],
            },
        });
        const owner = native.roleAssignment("owner", { principalId: UNKNOWN_STRING, roleDefinitionId: roles.owner, scope: subscription }, { principalId: [app] });
        const classicApp = classic.linuxFunctionApp("no-identity", { resourceGroupName: "rg", servicePlanId: "plan", siteConfig: {} });
        const zip = classic.blob("no-identity", { storageAccountName: "s", storageContainerName: "zips", type: "Block",
            source: callbackCode(`const storage = "AccountName=s;AccountKey=${accountKey}";`, "orders/handler.js") });
        const diagnostics = await preview(pack(), [app, owner, classicApp, zip]);
        assert.deepEqual(azureNames(policiesAt(diagnostics, "mandatory")), [
            "azure-functionapp-code-no-plaintext-secrets",
            "azure-functionapp-host-storage-identity",
            "azure-functionapp-identity-no-admin-role",
            "azure-functionapp-managed-identity",
            "azure-functionapp-no-plaintext-secrets",
            "azure-functionapp-vnet-integration",
        ], trippedByInsecureStack);
        assert.deepEqual(azureNames(policiesAt(diagnostics, "advisory")), [
            "azure-functionapp-cors-restricted",
            "azure-functionapp-ftp-disabled",
            "azure-functionapp-http2",
            "azure-functionapp-https-only",
            "azure-functionapp-min-tls-1-2",
            "azure-functionapp-public-access-restricted",
            "azure-functionapp-remote-debugging-off",
            "azure-functionapp-runtime-v4",
            "azure-functionapp-vnet-route-all",
        ], trippedByInsecureStack);
        for (const d of diagnostics) {
            assert.ok(!d.message.includes(password) && !d.message.includes(accountKey), d.message);
        }
    });

    it("escalates the routing rule to mandatory through its config key", async () => {
        await pack().configure({ "azure-functionapp-vnet-route-all": { requireAllTrafficRouting: true } });
        try {
            const app = native.webApp("partial", { resourceGroupName: "rg", kind: "functionapp", virtualNetworkSubnetId: UNKNOWN_STRING });
            const diagnostics = await preview(pack(), [app]);
            assert.ok(policiesAt(diagnostics, "mandatory").includes("azure-functionapp-vnet-route-all"));
        } finally {
            await pack().configure({});
        }
    });

    it("judges what is known and notes what is unknown, instead of dropping the policy", async () => {
        const app = native.webApp("preview", { resourceGroupName: "rg", kind: "functionapp", identity: { type: "SystemAssigned" }, siteConfig: unknownAs() });
        const unlinked = native.webApp("unknown-kind", { resourceGroupName: "rg", kind: UNKNOWN_STRING });
        const diagnostics = await preview(pack(), [app, unlinked]);
        assert.ok(!diagnostics.some(d => d.message.includes("can't run policy")), "the SDK dropped a policy on an unknown");
        // The whole siteConfig is one unknown: one note names every rule that waits for it, and says how to have them decide at preview.
        const siteConfigNotes = diagnostics.filter(d => d.urn === app.urn && /siteConfig is unknown during preview/.test(d.message));
        assert.equal(siteConfigNotes.length, 1, siteConfigNotes.map(d => d.message).join("\n"));
        assert.equal(siteConfigNotes[0].enforcementLevel, "advisory");
        for (const rule of ["azure-functionapp-min-tls-1-2", "azure-functionapp-ftp-disabled", "azure-functionapp-no-plaintext-secrets", "azure-functionapp-http2"]) {
            assert.ok(siteConfigNotes[0].message.includes(rule), rule);
        }
        assert.match(siteConfigNotes[0].message, /WebAppApplicationSettings/);
        assert.ok(diagnostics.filter(d => d.urn === unlinked.urn).every(d => d.enforcementLevel === "advisory" && /kind/.test(d.message)));
        assert.ok(policiesAt(diagnostics, "mandatory").includes("azure-functionapp-vnet-integration"), "known parts are still judged");
    });
});
