import * as assert from "node:assert/strict";
import {
    corsRestricted, ftpDisabled, http2Enabled, httpsOnly, minTlsVersion, remoteDebuggingOff, runtimeVersion,
} from "../../policies/azure/hardening";
import { runResourcePolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { classic, hardenedSiteConfig, native, secureAzureStack, secureClassicStack } from "../fixtures/azure";
import { UNKNOWN_BOOL, UNKNOWN_STRING, unknownAs } from "../fixtures/common";
import type { TestResource } from "../harness/args";

const base = { resourceGroupName: "rg", kind: "functionapp", httpsOnly: true };
const classicBase = { resourceGroupName: "rg", servicePlanId: "plan" };
/** A hardened azure-native app with `siteConfig` overrides; an override to undefined removes the key. */
function nativeApp(siteConfig: object, extra: object = {}) {
    const merged: Record<string, unknown> = { ...hardenedSiteConfig(), ...siteConfig };
    Object.keys(merged).filter(k => merged[k] === undefined).forEach(k => delete merged[k]);
    return native.webApp("app", { ...base, ...extra, siteConfig: merged });
}
const all = [httpsOnly, minTlsVersion, ftpDisabled, remoteDebuggingOff, corsRestricted, http2Enabled, runtimeVersion];

async function findings(policy: (typeof all)[number], app: TestResource, config = {}) {
    return runResourcePolicy(policy, app, { config });
}

describe("Azure hardening rules", () => {
    it("pass the secure stacks", async () => {
        for (const policy of all) {
            for (const resource of [...secureAzureStack(), ...secureClassicStack()]) {
                assert.deepEqual(await findings(policy, resource), [], `${policy.name} on ${resource.name}`);
            }
        }
    });

    it("report at advisory level", () => {
        assert.ok(all.every(p => p.enforcementLevel === "advisory"));
    });

    it("azure-functionapp-https-only", async () => {
        expectFindings(await findings(httpsOnly, nativeApp({}, { httpsOnly: false })), 1, "httpsOnly", "Fix:");
        expectFindings(await findings(httpsOnly, classic.linuxFunctionApp("fn", { ...classicBase, siteConfig: {} })), 1, "Function App 'fn'", "httpsOnly");
        expectUnknownNote(await findings(httpsOnly, nativeApp({}, { httpsOnly: unknownAs(UNKNOWN_BOOL) })), "httpsOnly");
    });

    it("azure-functionapp-min-tls-1-2: site and SCM, absent means the 1.2 default", async () => {
        const old = await findings(minTlsVersion, nativeApp({ minTlsVersion: "1.0", scmMinTlsVersion: "1.1" }));
        expectFindings(old, 1, "older than 1.2", "siteConfig.minTlsVersion", "siteConfig.scmMinTlsVersion");
        expectFindings(await findings(minTlsVersion, classic.windowsFunctionApp("w", { ...classicBase, siteConfig: { scmMinimumTlsVersion: "1.0" } })), 1, "siteConfig.scmMinimumTlsVersion");
        assert.deepEqual(await findings(minTlsVersion, nativeApp({ minTlsVersion: "1.3", scmMinTlsVersion: undefined })), []);
        expectUnknownNote(await findings(minTlsVersion, nativeApp({ minTlsVersion: UNKNOWN_STRING })), "siteConfig.minTlsVersion");
    });

    it("azure-functionapp-ftp-disabled: FtpsOnly only with allowFtpsOnly; provider defaults", async () => {
        expectFindings(await findings(ftpDisabled, nativeApp({ ftpsState: "AllAllowed" })), 1, "plain FTP");
        expectFindings(await findings(ftpDisabled, nativeApp({ ftpsState: undefined })), 1, "by default");
        const ftpsOnly = nativeApp({ ftpsState: "FtpsOnly" });
        expectFindings(await findings(ftpDisabled, ftpsOnly), 1, "FTPS");
        assert.deepEqual(await findings(ftpDisabled, ftpsOnly, { allowFtpsOnly: true }), []);
        assert.deepEqual(await findings(ftpDisabled, classic.linuxFunctionApp("fn", { ...classicBase, siteConfig: {} })), []);
        expectFindings(await findings(ftpDisabled, classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "p", storageAccountName: "s", storageAccountAccessKey: "k" })), 1, "by default");
        expectUnknownNote(await findings(ftpDisabled, nativeApp({ ftpsState: UNKNOWN_STRING })), "ftpsState");
    });

    it("azure-functionapp-remote-debugging-off", async () => {
        expectFindings(await findings(remoteDebuggingOff, nativeApp({ remoteDebuggingEnabled: true })), 1, "remote debugging");
        expectFindings(await findings(remoteDebuggingOff, classic.linuxFunctionAppSlot("s", { functionAppId: "id", siteConfig: { remoteDebuggingEnabled: true } })), 1, "Function App slot 's'");
        expectUnknownNote(await findings(remoteDebuggingOff, nativeApp({ remoteDebuggingEnabled: unknownAs(UNKNOWN_BOOL) })), "remoteDebuggingEnabled");
    });

    it("azure-functionapp-cors-restricted", async () => {
        expectFindings(await findings(corsRestricted, nativeApp({ cors: { allowedOrigins: ["https://portal.azure.com", "*"] } })), 1, "siteConfig.cors.allowedOrigins");
        assert.deepEqual(await findings(corsRestricted, nativeApp({ cors: { allowedOrigins: ["https://shop.example.com"] } })), []);
        expectFindings(await findings(corsRestricted, classic.windowsFunctionApp("w", { ...classicBase, siteConfig: { cors: { allowedOrigins: ["*"] } } })), 1, "'w'");
        expectUnknownNote(await findings(corsRestricted, nativeApp({ cors: { allowedOrigins: [UNKNOWN_STRING] } })), "cors.allowedOrigins");
    });

    it("azure-functionapp-http2", async () => {
        expectFindings(await findings(http2Enabled, nativeApp({ http20Enabled: false })), 1, "siteConfig.http20Enabled");
        expectFindings(await findings(http2Enabled, classic.linuxFunctionApp("fn", { ...classicBase, siteConfig: {} })), 1, "siteConfig.http2Enabled");
        // A wholly unknown azure-native siteConfig is one value to wait for, with how to make it checkable at preview.
        expectUnknownNote(await findings(http2Enabled, native.webApp("app", { ...base, siteConfig: unknownAs() })), "Function App 'app': siteConfig is unknown during preview");
        expectUnknownNote(await findings(http2Enabled, native.webApp("app", { ...base, siteConfig: unknownAs() })), "WebAppApplicationSettings");
        expectUnknownNote(await findings(http2Enabled, nativeApp({ http20Enabled: unknownAs(UNKNOWN_BOOL) })), "siteConfig.http20Enabled");
    });

    it("azure-functionapp-runtime-v4: app setting, settings resource, classic property and defaults", async () => {
        const v3 = [{ name: "FUNCTIONS_EXTENSION_VERSION", value: "~3" }];
        expectFindings(await findings(runtimeVersion, nativeApp({ appSettings: v3 })), 1, "siteConfig.appSettings 'FUNCTIONS_EXTENSION_VERSION'");
        const settings = native.appSettings("s", { name: "app", resourceGroupName: "rg", properties: { FUNCTIONS_EXTENSION_VERSION: "~3" } });
        expectFindings(await findings(runtimeVersion, settings), 1, "WebAppApplicationSettings 's'");
        expectFindings(await findings(runtimeVersion, classic.linuxFunctionApp("fn", { ...classicBase, siteConfig: {}, functionsExtensionVersion: "~3" })), 1, "functionsExtensionVersion");
        assert.deepEqual(await findings(runtimeVersion, classic.linuxFunctionApp("fn", { ...classicBase, siteConfig: {} })), []);
        expectFindings(await findings(runtimeVersion, classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "p", storageAccountName: "s", storageAccountAccessKey: "k" })), 1, "version");
        assert.deepEqual(await findings(runtimeVersion, nativeApp({ appSettings: [] })), []);
        expectUnknownNote(await findings(runtimeVersion, nativeApp({ appSettings: [{ name: "FUNCTIONS_EXTENSION_VERSION", value: UNKNOWN_STRING }] })), "FUNCTIONS_EXTENSION_VERSION");
    });
});
