// Hardening of Function Apps: advisory by default. Where the fix is a setting the platform always
// accepts (HTTPS only, TLS 1.2, FTP off, remote debugging off), the rule can remediate it.
import type { Reporter, Resource } from "../lib/policy";
import { UNKNOWN, Unknown, bool, isUnknown, str, strings } from "../lib/props";
import { appSettingsOf, at, azureLabel, functionAppRule, siteFieldsOf, withSettings } from "../lib/azure/functionApp";
import { cisAzure } from "../lib/frameworks";
import { appSettingsTypes, functionAppTypes } from "../lib/azure/types";

const hardening = (name: string, description: string, remediationSteps: string, severity: "low" | "medium" = "low") =>
    ({ name, description, remediationSteps, severity, enforcementLevel: "advisory" as const, tags: ["azure", "functionapp", "hardening"] });

/** Whether the boolean at `path` is `wanted` (absent counts as `absentMeans`); UNKNOWN until it is known. */
function flagIs(app: Resource, path: string, wanted: boolean, absentMeans: boolean): boolean | Unknown {
    const value = bool(at(app, path));
    return value === UNKNOWN ? UNKNOWN : (value ?? absentMeans) === wanted;
}

/** Reports unless the boolean at `path` is `wanted` (absent counts as `absentMeans`). */
function expectFlag(app: Resource, report: Reporter, path: string, wanted: boolean, absentMeans: boolean, problem: string, fix: string) {
    const ok = flagIs(app, path, wanted, absentMeans);
    if (ok === UNKNOWN) {
        return report.unknown(`${azureLabel(app)}: ${path}`);
    }
    if (!ok) {
        report.violation(`${azureLabel(app)} ${problem} (${path}). Fix: ${fix}`);
    }
}

/** expectFlag's fix: sets the boolean where it is known and not `wanted`. */
const fixFlag = (app: Resource, path: string, wanted: boolean, absentMeans: boolean) =>
    withSettings(app, flagIs(app, path, wanted, absentMeans) === false ? [[path, wanted]] : []);

export const httpsOnly = functionAppRule({
    ...hardening(
        "azure-functionapp-https-only",
        "Function Apps accept HTTPS only.",
        "Set httpsOnly to true, so HTTP requests are redirected to HTTPS. At enforcement level remediate the pack sets it.",
        "medium",
    ),
    framework: cisAzure("9.2", "Ensure Web App Redirects All HTTP traffic to HTTPS in Azure App Service"),
}, functionAppTypes, (app, report) => expectFlag(app, report, siteFieldsOf(app)!.httpsOnly, true, false,
    "accepts plain HTTP", "set httpsOnly to true."),
app => fixFlag(app, siteFieldsOf(app)!.httpsOnly, true, false));

const minimumTls = 1.2;
const minimumTlsFix = "1.2";

/** The site's and the SCM site's minimum TLS settings, each with whether it allows versions older than 1.2. */
function tlsSettings(app: Resource): { path: string; tooOld: boolean | Unknown }[] {
    const fields = siteFieldsOf(app)!;
    return [fields.minTlsVersion, fields.scmMinTlsVersion].filter((path): path is string => !!path).map(path => {
        const version = str(at(app, path));
        return { path, tooOld: version === UNKNOWN ? UNKNOWN : typeof version === "string" && Number.parseFloat(version) < minimumTls };
    });
}

export const minTlsVersion = functionAppRule({
    ...hardening(
        "azure-functionapp-min-tls-1-2",
        "Function Apps (site and SCM/Kudu endpoint) accept TLS 1.2 or later only.",
        "Set the site's and the SCM site's minimum TLS version to 1.2 (or 1.3), or leave them unset: the platform default is 1.2. " +
            "At enforcement level remediate the pack sets those older than 1.2 to 1.2.",
        "medium",
    ),
    framework: cisAzure("9.3", "Ensure Web App is using the latest version of TLS encryption"),
}, functionAppTypes, (app, report) => {
    for (const { path, tooOld } of tlsSettings(app)) {
        if (tooOld === UNKNOWN) {
            report.unknown(`${azureLabel(app)}: ${path}`);
        } else if (tooOld) {
            report.violation(`${azureLabel(app)} accepts TLS versions older than 1.2 (${path}). Fix: set ${path} to "${minimumTlsFix}".`);
        }
    }
}, app => withSettings(app, tlsSettings(app).filter(s => s.tooOld === true).map(s => [s.path, minimumTlsFix] as const)));

/** The app's FTP state (UNKNOWN until known; absent means the provider's default) and whether config accepts it. */
function ftpState(app: Resource, allowFtpsOnly: boolean) {
    const path = siteFieldsOf(app)!.ftpsState;
    const state = str(at(app, path));
    if (state === UNKNOWN) {
        return { path, state, accepted: UNKNOWN } as const;
    }
    const effective = (state ?? siteFieldsOf(app)!.ftpsStateDefault).trim().toLowerCase();
    return { path, state, effective, accepted: effective === "disabled" || (effective === "ftpsonly" && allowFtpsOnly) } as const;
}

export const ftpDisabled = functionAppRule({
    ...hardening(
        "azure-functionapp-ftp-disabled",
        "Function Apps have FTP and FTPS deployment disabled: zip deploy and run-from-package need neither, and both use basic publishing credentials.",
        "Set ftpsState to \"Disabled\" (or \"FtpsOnly\" where allowFtpsOnly is set) and deploy with zip deploy, run-from-package or CI with Entra ID credentials. " +
            "At enforcement level remediate the pack sets ftpsState to \"Disabled\" (\"FtpsOnly\" where allowFtpsOnly is set).",
        "medium",
    ),
    framework: cisAzure("9.10", "Ensure FTP deployments are Disabled"),
    config: {
        allowFtpsOnly: {
            type: "boolean", default: false,
            description: "Accept ftpsState \"FtpsOnly\" (FTP over TLS) as well as \"Disabled\".",
        },
    },
}, functionAppTypes, (app, report, config) => {
    const ftp = ftpState(app, config.allowFtpsOnly === true);
    if (ftp.accepted === UNKNOWN) {
        return report.unknown(`${azureLabel(app)}: ${ftp.path}`);
    }
    if (ftp.accepted) {
        return;
    }
    const what = ftp.effective === "ftpsonly" ? "allows FTPS deployment" : `allows plain FTP deployment${ftp.state === undefined ? " by default" : ""}`;
    report.violation(`${azureLabel(app)} ${what} (${ftp.path}). Fix: set ${ftp.path} to "Disabled".`);
}, (app, config) => {
    const ftp = ftpState(app, config.allowFtpsOnly === true);
    return withSettings(app, ftp.accepted === false ? [[ftp.path, config.allowFtpsOnly === true ? "FtpsOnly" : "Disabled"]] : []);
});

export const remoteDebuggingOff = functionAppRule(hardening(
    "azure-functionapp-remote-debugging-off",
    "Function Apps have remote debugging turned off.",
    "Set siteConfig.remoteDebuggingEnabled to false (it opens debugger ports to the app). At enforcement level remediate the pack sets it.",
    "medium",
), functionAppTypes, (app, report) => {
    const path = siteFieldsOf(app)!.remoteDebugging;
    if (path) {
        expectFlag(app, report, path, false, false, "has remote debugging enabled", `set ${path} to false.`);
    }
}, app => {
    const path = siteFieldsOf(app)!.remoteDebugging;
    return path ? fixFlag(app, path, false, false) : undefined;
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
    framework: cisAzure("9.9", "Ensure that 'HTTP Version' is the Latest, if Used to Run the Web App"),
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
