// Hardening of Function Apps: advisory by default.
import type { Reporter, Resource } from "../lib/policy";
import { UNKNOWN, bool, isUnknown, str, strings } from "../lib/props";
import { appSettingsOf, at, azureLabel, functionAppRule, siteFieldsOf } from "../lib/azure/functionApp";
import { appSettingsTypes, functionAppTypes } from "../lib/azure/types";

const hardening = (name: string, description: string, remediationSteps: string, severity: "low" | "medium" = "low") =>
    ({ name, description, remediationSteps, severity, enforcementLevel: "advisory" as const, tags: ["azure", "functionapp", "hardening"] });

/** Reports unless the boolean at `path` is `wanted` (absent counts as `absentMeans`). */
function expectFlag(app: Resource, report: Reporter, path: string, wanted: boolean, absentMeans: boolean, problem: string, fix: string) {
    const value = bool(at(app, path));
    if (value === UNKNOWN) {
        return report.unknown(`${azureLabel(app)}: ${path}`);
    }
    if ((value ?? absentMeans) !== wanted) {
        report.violation(`${azureLabel(app)} ${problem} (${path}). Fix: ${fix}`);
    }
}

export const httpsOnly = functionAppRule(hardening(
    "azure-functionapp-https-only",
    "Function Apps accept HTTPS only.",
    "Set httpsOnly to true, so HTTP requests are redirected to HTTPS.",
    "medium",
), functionAppTypes, (app, report) => expectFlag(app, report, siteFieldsOf(app)!.httpsOnly, true, false,
    "accepts plain HTTP", "set httpsOnly to true."));

const minimumTls = 1.2;

export const minTlsVersion = functionAppRule(hardening(
    "azure-functionapp-min-tls-1-2",
    "Function Apps (site and SCM/Kudu endpoint) accept TLS 1.2 or later only.",
    "Set the site's and the SCM site's minimum TLS version to 1.2 (or 1.3), or leave them unset: the platform default is 1.2.",
    "medium",
), functionAppTypes, (app, report) => {
    const fields = siteFieldsOf(app)!;
    for (const path of [fields.minTlsVersion, fields.scmMinTlsVersion]) {
        const version = path ? str(at(app, path)) : undefined;
        if (version === UNKNOWN) {
            report.unknown(`${azureLabel(app)}: ${path}`);
        } else if (typeof version === "string" && Number.parseFloat(version) < minimumTls) {
            report.violation(`${azureLabel(app)} accepts TLS versions older than 1.2 (${path}). Fix: set ${path} to "1.2".`);
        }
    }
});

export const ftpDisabled = functionAppRule({
    ...hardening(
        "azure-functionapp-ftp-disabled",
        "Function Apps have FTP and FTPS deployment disabled: zip deploy and run-from-package need neither, and both use basic publishing credentials.",
        "Set ftpsState to \"Disabled\" (or \"FtpsOnly\" where allowFtpsOnly is set) and deploy with zip deploy, run-from-package or CI with Entra ID credentials.",
        "medium",
    ),
    config: {
        allowFtpsOnly: {
            type: "boolean", default: false,
            description: "Accept ftpsState \"FtpsOnly\" (FTP over TLS) as well as \"Disabled\".",
        },
    },
}, functionAppTypes, (app, report, config) => {
    const fields = siteFieldsOf(app)!;
    const state = str(at(app, fields.ftpsState));
    if (state === UNKNOWN) {
        return report.unknown(`${azureLabel(app)}: ${fields.ftpsState}`);
    }
    const effective = (state ?? fields.ftpsStateDefault).trim().toLowerCase();
    if (effective === "disabled" || (effective === "ftpsonly" && config.allowFtpsOnly === true)) {
        return;
    }
    const what = effective === "ftpsonly" ? "allows FTPS deployment" : `allows plain FTP deployment${state === undefined ? " by default" : ""}`;
    report.violation(`${azureLabel(app)} ${what} (${fields.ftpsState}). Fix: set ${fields.ftpsState} to "Disabled".`);
});

export const remoteDebuggingOff = functionAppRule(hardening(
    "azure-functionapp-remote-debugging-off",
    "Function Apps have remote debugging turned off.",
    "Set siteConfig.remoteDebuggingEnabled to false (it opens debugger ports to the app).",
    "medium",
), functionAppTypes, (app, report) => {
    const path = siteFieldsOf(app)!.remoteDebugging;
    if (path) {
        expectFlag(app, report, path, false, false, "has remote debugging enabled", `set ${path} to false.`);
    }
});

export const corsRestricted = functionAppRule(hardening(
    "azure-functionapp-cors-restricted",
    "Function App CORS does not allow every origin.",
    "List the exact origins that call the app in the CORS allowed origins instead of \"*\".",
    "medium",
), functionAppTypes, (app, report) => {
    const path = siteFieldsOf(app)!.corsOrigins;
    const origins = strings(at(app, path));
    if (origins.values.some(origin => origin.trim() === "*")) {
        report.violation(`${azureLabel(app)}: ${path} contains "*". Fix: list the exact origins that call the app.`);
    } else if (origins.unknown) {
        report.unknown(`${azureLabel(app)}: ${path}`);
    }
});

export const http2Enabled = functionAppRule({
    ...hardening(
        "azure-functionapp-http2",
        "Function Apps serve HTTP/2.",
        "Set HTTP/2 on (siteConfig.http20Enabled in azure-native, siteConfig.http2Enabled in classic azure).",
    ),
    strict: { enforcementLevel: "advisory" }, // a protocol choice, not a defect: the strict preset does not block on it
}, functionAppTypes, (app, report) => {
    const path = siteFieldsOf(app)!.http2;
    expectFlag(app, report, path, true, false, "does not serve HTTP/2", `set ${path} to true.`);
});

/** The app setting that selects the Functions runtime major version. */
const extensionVersionSetting = "FUNCTIONS_EXTENSION_VERSION";
const supportedRuntime = /^~?4(\.|$)/;

export const runtimeVersion = functionAppRule(hardening(
    "azure-functionapp-runtime-v4",
    "Function Apps run the Functions runtime 4.x, the only version still supported.",
    "Set FUNCTIONS_EXTENSION_VERSION (azure-native app setting) or functionsExtensionVersion (classic) to \"~4\" after migrating the app.",
    "medium",
), [...functionAppTypes, ...appSettingsTypes], (resource, report) => {
    const label = azureLabel(resource);
    const fields = siteFieldsOf(resource);
    const judge = (value: unknown, where: string) => {
        if (isUnknown(value)) {
            report.unknown(`${label}: ${where}`);
        } else if (typeof value === "string" && !supportedRuntime.test(value.trim())) {
            report.violation(`${label} runs an unsupported Functions runtime (${where}). Fix: migrate to version 4 and set it to "~4".`);
        }
    };
    if (fields?.extensionVersion) {
        judge(at(resource, fields.extensionVersion) ?? fields.extensionVersionDefault, fields.extensionVersion);
        return;
    }
    // azure-native: the app setting, on the app or in a settings resource; absent means the platform's current default.
    const settings = appSettingsOf(resource);
    settings.unknown.forEach(path => report.unknown(`${label}: ${path}`));
    settings.values.filter(s => s.name.toUpperCase() === extensionVersionSetting).forEach(s => judge(s.value, s.where));
});

export const azureHardeningPolicies = [httpsOnly, minTlsVersion, ftpDisabled, remoteDebuggingOff, corsRestricted, http2Enabled, runtimeVersion];
