// The remediate hook of resourceRule, run as the SDK's Remediate runs it (proxied props, secrets
// kept wrapped, each remediation seeing the previous one's result), and the Azure fixes that cannot
// make a deployment fail.
import * as assert from "node:assert/strict";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policies/catalog";
import { tracing } from "../../policies/aws/hardening";
import { ftpDisabled, httpsOnly, minTlsVersion, remoteDebuggingOff } from "../../policies/azure/hardening";
import { managedIdentity } from "../../policies/azure/identity";
import { TestResource, runRemediation, runRemediations, runResourcePolicy } from "../harness/args";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../harness/engine";
import { aws } from "../fixtures/aws";
import { classic, native } from "../fixtures/azure";
import { UNKNOWN_BOOL, secretAs, unknownAs } from "../fixtures/common";

const wrapped = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const remediating = [httpsOnly, minTlsVersion, ftpDisabled, remoteDebuggingOff, managedIdentity];
const nativeBase = { resourceGroupName: "rg", kind: "functionapp,linux" };
const classicBase = { resourceGroupName: "rg", servicePlanId: "plan" };
/** A classic app that every remediating rule passes; tests add the one weakness they are about. */
const classicSecure = { ...classicBase, httpsOnly: true, identity: { type: "SystemAssigned" } };
const nativeSecure = { ...nativeBase, httpsOnly: true, identity: { type: "SystemAssigned" as const } };
const nativeSiteSecure = { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ftpsState: "Disabled" };

/** What a fix changed: the remediated props against the resource's own. */
async function fixed(policy: ResourceValidationPolicy, app: TestResource, config = {}) {
    return runRemediation(policy, app, { config });
}

describe("remediation", () => {
    it("exactly the five Azure fixes that cannot fail a deployment remediate; tracing only reports", () => {
        const names = policies.filter(p => "remediateResource" in p && p.remediateResource).map(p => p.name).sort();
        assert.deepEqual(names, [
            "azure-functionapp-ftp-disabled",
            "azure-functionapp-https-only",
            "azure-functionapp-managed-identity",
            "azure-functionapp-min-tls-1-2",
            "azure-functionapp-remote-debugging-off",
        ]);
        assert.equal(tracing.remediateResource, undefined);
        assert.doesNotMatch(tracing.remediationSteps ?? "", /remediate/);
    });

    it("tracing: nothing at remediate, the rule still reports", async () => {
        const fn = aws.function("api", { role: "arn:aws:iam::123456789012:role/app" });
        assert.equal(await runRemediation(tracing, fn), undefined);
        assert.equal((await runResourcePolicy(tracing, fn)).length, 1);
    });

    describe("azure-functionapp-https-only", () => {
        it("sets httpsOnly to true (native false, classic absent) and keeps every other property", async () => {
            const app = native.webApp("app", { ...nativeSecure, httpsOnly: false, siteConfig: nativeSiteSecure, tags: { team: "orders" } });
            assert.deepEqual(await fixed(httpsOnly, app), { ...app.properties, httpsOnly: true });
            const classicApp = classic.linuxFunctionApp("fn", { ...classicBase, siteConfig: { minimumTlsVersion: "1.2" } });
            assert.deepEqual(await fixed(httpsOnly, classicApp), { ...classicApp.properties, httpsOnly: true });
        });

        it("changes nothing when https is on or unknown", async () => {
            assert.equal(await fixed(httpsOnly, native.webApp("app", { ...nativeSecure })), undefined);
            assert.equal(await fixed(httpsOnly, native.webApp("app", { ...nativeBase, httpsOnly: unknownAs(UNKNOWN_BOOL) })), undefined);
        });
    });

    describe("azure-functionapp-min-tls-1-2", () => {
        it("sets site and SCM versions older than 1.2 to \"1.2\", under each provider's property names", async () => {
            const app = native.webApp("app", { ...nativeSecure, siteConfig: { minTlsVersion: "1.0", scmMinTlsVersion: "1.1", http20Enabled: true } });
            assert.deepEqual(read(await fixed(minTlsVersion, app), "siteConfig"), { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", http20Enabled: true });
            const classicApp = classic.windowsFunctionApp("w", { ...classicSecure, siteConfig: { minimumTlsVersion: "1.1", scmMinimumTlsVersion: "1.0" } });
            assert.deepEqual(read(await fixed(minTlsVersion, classicApp), "siteConfig"), { minimumTlsVersion: "1.2", scmMinimumTlsVersion: "1.2" });
            const legacy = classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "p", storageAccountName: "s", storageAccountAccessKey: secretAs("k"), siteConfig: { minTlsVersion: "1.0" } });
            assert.deepEqual(read(await fixed(minTlsVersion, legacy), "siteConfig"), { minTlsVersion: "1.2" });
        });

        it("fixes only the known old one when the other is unknown; leaves 1.3 and absent (the 1.2 default) alone", async () => {
            const app = native.webApp("app", { ...nativeSecure, siteConfig: { minTlsVersion: unknownAs(), scmMinTlsVersion: "1.0" } });
            assert.deepEqual(read(await fixed(minTlsVersion, app), "siteConfig"), { minTlsVersion: UNKNOWN, scmMinTlsVersion: "1.2" });
            assert.equal(await fixed(minTlsVersion, native.webApp("app", { ...nativeSecure, siteConfig: { minTlsVersion: "1.3" } })), undefined);
            assert.equal(await fixed(minTlsVersion, native.webApp("app", { ...nativeSecure, siteConfig: unknownAs() })), undefined);
        });
    });

    describe("azure-functionapp-ftp-disabled", () => {
        it("sets ftpsState to Disabled where FTP is allowed, also by the provider's default", async () => {
            const app = native.webApp("app", { ...nativeSecure, siteConfig: { minTlsVersion: "1.2" } });
            assert.equal(read(read(await fixed(ftpDisabled, app), "siteConfig"), "ftpsState"), "Disabled");
            const classicApp = classic.linuxFunctionApp("fn", { ...classicSecure, siteConfig: { ftpsState: "AllAllowed" } });
            assert.deepEqual(read(await fixed(ftpDisabled, classicApp), "siteConfig"), { ftpsState: "Disabled" });
            // Classic's default is Disabled: nothing to fix.
            assert.equal(await fixed(ftpDisabled, classic.linuxFunctionApp("fn", { ...classicSecure, siteConfig: {} })), undefined);
        });

        it("with allowFtpsOnly: sets FtpsOnly where plain FTP is allowed and leaves FtpsOnly alone", async () => {
            const app = native.webApp("app", { ...nativeSecure, siteConfig: { ftpsState: "AllAllowed" } });
            assert.deepEqual(read(await fixed(ftpDisabled, app, { allowFtpsOnly: true }), "siteConfig"), { ftpsState: "FtpsOnly" });
            const ftps = native.webApp("app", { ...nativeSecure, siteConfig: { ftpsState: "FtpsOnly" } });
            assert.equal(await fixed(ftpDisabled, ftps, { allowFtpsOnly: true }), undefined);
            assert.deepEqual(read(await fixed(ftpDisabled, ftps), "siteConfig"), { ftpsState: "Disabled" });
        });

        it("changes nothing while ftpsState is unknown", async () => {
            assert.equal(await fixed(ftpDisabled, native.webApp("app", { ...nativeSecure, siteConfig: { ftpsState: unknownAs() } })), undefined);
        });
    });

    describe("azure-functionapp-remote-debugging-off", () => {
        it("sets remoteDebuggingEnabled to false where it is on, in both providers", async () => {
            const app = native.webApp("app", { ...nativeSecure, siteConfig: { ...nativeSiteSecure, remoteDebuggingEnabled: true } });
            assert.deepEqual(read(await fixed(remoteDebuggingOff, app), "siteConfig"), { ...nativeSiteSecure, remoteDebuggingEnabled: false });
            const classicApp = classic.linuxFunctionAppSlot("staging", { functionAppId: "f", siteConfig: { remoteDebuggingEnabled: true } });
            assert.deepEqual(read(await fixed(remoteDebuggingOff, classicApp), "siteConfig"), { remoteDebuggingEnabled: false });
        });

        it("changes nothing when it is off, absent or unknown", async () => {
            for (const siteConfig of [{ remoteDebuggingEnabled: false }, {}, { remoteDebuggingEnabled: unknownAs(UNKNOWN_BOOL) }]) {
                assert.equal(await fixed(remoteDebuggingOff, native.webApp("app", { ...nativeSecure, siteConfig })), undefined);
            }
        });
    });

    describe("azure-functionapp-managed-identity", () => {
        it("adds a system-assigned identity where there is none (absent or None)", async () => {
            const app = native.webApp("app", { ...nativeBase, httpsOnly: true });
            assert.deepEqual(await fixed(managedIdentity, app), { ...app.properties, identity: { type: "SystemAssigned" } });
            const none = classic.linuxFunctionApp("fn", { ...classicBase, identity: { type: "None" }, siteConfig: {} });
            assert.deepEqual(read(await fixed(managedIdentity, none), "identity"), { type: "SystemAssigned" });
            const legacy = classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "p", storageAccountName: "s", storageAccountAccessKey: secretAs("k") });
            assert.deepEqual(read(await fixed(managedIdentity, legacy), "identity"), { type: "SystemAssigned" });
        });

        it("changes nothing when an identity exists (user-assigned included) or its type is unknown", async () => {
            const userAssigned = classic.linuxFunctionApp("fn", { ...classicBase, identity: { type: "UserAssigned", identityIds: ["id"] }, siteConfig: {} });
            assert.equal(await fixed(managedIdentity, userAssigned), undefined);
            assert.equal(await fixed(managedIdentity, native.webApp("app", { ...nativeBase, identity: { type: unknownAs() } })), undefined);
            assert.equal(await fixed(managedIdentity, native.webApp("app", { ...nativeBase, identity: unknownAs() })), undefined);
        });
    });

    it("never touches a web app that is not a function app, nor one whose kind is unknown", async () => {
        for (const kind of ["app,linux", unknownAs()]) {
            const site = native.webApp("site", { resourceGroupName: "rg", kind, httpsOnly: false, siteConfig: { minTlsVersion: "1.0", remoteDebuggingEnabled: true } });
            assert.equal(await runRemediations(remediating, site), undefined);
        }
    });

    it("keeps secrets secret and unknowns unknown, including a secret app setting and a secret block the fix is inside", async () => {
        const app = native.webApp("app", {
            ...nativeBase, httpsOnly: false,
            siteConfig: {
                minTlsVersion: "1.0", ftpsState: "Disabled",
                appSettings: [{ name: "DB_PASSWORD", value: secretAs("hunter2") }, { name: "STAGE", value: "prod" }],
            },
            virtualNetworkSubnetId: unknownAs(),
        });
        assert.deepEqual(await runRemediations(remediating, app), {
            ...nativeBase, httpsOnly: true, identity: { type: "SystemAssigned" },
            siteConfig: {
                minTlsVersion: "1.2", ftpsState: "Disabled",
                appSettings: [{ name: "DB_PASSWORD", value: wrapped("hunter2") }, { name: "STAGE", value: "prod" }],
            },
            virtualNetworkSubnetId: UNKNOWN,
        });
        const classicApp = classic.linuxFunctionApp("fn", {
            ...classicBase, storageAccountAccessKey: secretAs("key"),
            appSettings: { DB_PASSWORD: secretAs("hunter2"), STAGE: "prod" },
            siteConfig: secretAs({ minimumTlsVersion: "1.0", remoteDebuggingEnabled: true }),
        });
        assert.deepEqual(await runRemediations(remediating, classicApp), {
            ...classicBase, httpsOnly: true, identity: { type: "SystemAssigned" }, storageAccountAccessKey: wrapped("key"),
            appSettings: { DB_PASSWORD: wrapped("hunter2"), STAGE: "prod" },
            siteConfig: wrapped({ minimumTlsVersion: "1.2", remoteDebuggingEnabled: false }),
        });
    });

    it("reads through secrets a previous remediation left wrapped: a secret identity is not overwritten", async () => {
        const app = native.webApp("app", { ...nativeBase, httpsOnly: false, siteConfig: nativeSiteSecure, identity: secretAs({ type: "UserAssigned", userAssignedIdentities: { id: {} } }) });
        assert.deepEqual(await runRemediations(remediating, app), {
            ...nativeBase, httpsOnly: true, siteConfig: nativeSiteSecure, identity: wrapped({ type: "UserAssigned", userAssignedIdentities: { id: {} } }),
        });
    });

    it("remediated apps pass the rules that fixed them", async () => {
        const apps = [
            native.webApp("app", { ...nativeBase, siteConfig: { minTlsVersion: "1.0", scmMinTlsVersion: "1.1", remoteDebuggingEnabled: true } }),
            classic.windowsFunctionApp("w", { ...classicBase, identity: { type: "None" }, siteConfig: { minimumTlsVersion: "1.1", ftpsState: "AllAllowed", remoteDebuggingEnabled: true } }),
        ];
        for (const app of apps) {
            const properties = await runRemediations(remediating, app);
            for (const policy of remediating) {
                assert.equal((await runResourcePolicy(policy, app)).length > 0, true, `${policy.name} reports ${app.name}`);
                assert.deepEqual(await runResourcePolicy(policy, { ...app, properties: properties! }), [], `${policy.name} on remediated ${app.name}`);
            }
        }
    });

    it("leaves exempted apps as they are, until the exemption expires", async () => {
        const tagged = (expires: string) => native.webApp("app", { ...nativeSecure, httpsOnly: false, tags: { "sg-exempt-azure-functionapp-https-only": expires, "sg-exempt-reason": "legacy-client" } });
        assert.equal(await fixed(httpsOnly, tagged("2999-12-31")), undefined);
        assert.equal(await runRemediation(httpsOnly, tagged("2999-12-31"), { config: { exemptions: [{ resource: "app", reason: "legacy" }] } }), undefined);
        assert.equal(read(await fixed(httpsOnly, tagged("2000-01-01")), "httpsOnly"), true);
    });
});

function read(value: unknown, key: string): unknown {
    return (value as Record<string, unknown> | undefined)?.[key];
}
