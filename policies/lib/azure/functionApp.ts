// What a Function App looks like to the rules, whichever provider declares it: where each setting
// lives (azure-native, classic azure, and the older classic FunctionApp name things differently), the
// platform defaults when a setting is absent, and unknown-safe enumeration of app settings and
// connection strings.
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Config, Remediation, Reporter, Resource, RuleInfo, resourceRule, stackRule } from "../policy";
import type { GraphResource, StackGraph } from "../stackGraph";
import { Props, UNKNOWN, Unknown, isUnknown, read, record, str } from "../props";
import { withValue } from "../remediate";
import { resourceLabel } from "../resource";
import { azureTypes, functionAppTypes } from "./types";

/** Where one provider keeps each setting of a function app (dotted paths below the resource's props). */
export interface SiteFields {
    /** The managed identity block, and its type within it. */
    identity: string;
    identityType: string;
    /** Absent: the resource has no such property (VNet integration then only through a swift connection resource). */
    vnetSubnetId?: string;
    /** Any of these true means all outbound traffic goes through the VNet. */
    routeAllTraffic: string[];
    httpsOnly: string;
    minTlsVersion: string;
    scmMinTlsVersion?: string;
    ftpsState: string;
    /** The state the platform (or provider) applies when ftpsState is absent. */
    ftpsStateDefault: string;
    remoteDebugging?: string;
    corsOrigins: string;
    http2: string;
    /** Public network access switches, and whether a given value means "off". */
    publicNetworkAccess: string[];
    publicAccessOff: (value: unknown) => boolean;
    ipRestrictions: string;
    ipRestrictionsDefaultAction?: string;
    /** A property for the Functions runtime version (classic), else the FUNCTIONS_EXTENSION_VERSION app setting. */
    extensionVersion?: string;
    extensionVersionDefault?: string;
}

const nativeFields: SiteFields = {
    identity: "identity",
    identityType: "identity.type",
    vnetSubnetId: "virtualNetworkSubnetId",
    routeAllTraffic: ["outboundVnetRouting.allTraffic", "siteConfig.vnetRouteAllEnabled"],
    httpsOnly: "httpsOnly",
    minTlsVersion: "siteConfig.minTlsVersion",
    scmMinTlsVersion: "siteConfig.scmMinTlsVersion",
    ftpsState: "siteConfig.ftpsState",
    ftpsStateDefault: "AllAllowed",
    remoteDebugging: "siteConfig.remoteDebuggingEnabled",
    corsOrigins: "siteConfig.cors.allowedOrigins",
    http2: "siteConfig.http20Enabled",
    publicNetworkAccess: ["publicNetworkAccess", "siteConfig.publicNetworkAccess"],
    publicAccessOff: value => typeof value === "string" && value.trim().toLowerCase() === "disabled",
    ipRestrictions: "siteConfig.ipSecurityRestrictions",
    ipRestrictionsDefaultAction: "siteConfig.ipSecurityRestrictionsDefaultAction",
};

const classicFields: SiteFields = {
    identity: "identity",
    identityType: "identity.type",
    vnetSubnetId: "virtualNetworkSubnetId",
    routeAllTraffic: ["siteConfig.vnetRouteAllEnabled"],
    httpsOnly: "httpsOnly",
    minTlsVersion: "siteConfig.minimumTlsVersion",
    scmMinTlsVersion: "siteConfig.scmMinimumTlsVersion",
    ftpsState: "siteConfig.ftpsState",
    ftpsStateDefault: "Disabled",
    remoteDebugging: "siteConfig.remoteDebuggingEnabled",
    corsOrigins: "siteConfig.cors.allowedOrigins",
    http2: "siteConfig.http2Enabled",
    publicNetworkAccess: ["publicNetworkAccessEnabled"],
    publicAccessOff: value => value === false || value === "false",
    ipRestrictions: "siteConfig.ipRestrictions",
    ipRestrictionsDefaultAction: "siteConfig.ipRestrictionDefaultAction",
    extensionVersion: "functionsExtensionVersion",
    extensionVersionDefault: "~4",
};

/** The older classic FunctionApp (azurerm_function_app): no subnet, SCM TLS, remote debugging or public access switch. */
const legacyFields: SiteFields = {
    identity: "identity",
    identityType: "identity.type",
    routeAllTraffic: ["siteConfig.vnetRouteAllEnabled"],
    httpsOnly: "httpsOnly",
    minTlsVersion: "siteConfig.minTlsVersion",
    ftpsState: "siteConfig.ftpsState",
    ftpsStateDefault: "AllAllowed",
    corsOrigins: "siteConfig.cors.allowedOrigins",
    http2: "siteConfig.http2Enabled",
    publicNetworkAccess: [],
    publicAccessOff: () => false,
    ipRestrictions: "siteConfig.ipRestrictions",
    extensionVersion: "version",
    extensionVersionDefault: "~1",
};

const fieldsByType: Record<string, SiteFields> = {
    [azureTypes.webApp]: nativeFields,
    [azureTypes.webAppSlot]: nativeFields,
    [azureTypes.linuxFunctionApp]: classicFields,
    [azureTypes.windowsFunctionApp]: classicFields,
    [azureTypes.linuxFunctionAppSlot]: classicFields,
    [azureTypes.windowsFunctionAppSlot]: classicFields,
    [azureTypes.functionApp]: legacyFields,
};

export function siteFieldsOf(resource: Resource): SiteFields | undefined {
    return fieldsByType[resource.type];
}

/** The value at a dotted path. */
export const at = (resource: Resource, path: string): unknown => read(resource.props, ...path.split("."));

/**
 * A remediation's result: the resource's props with each dotted path set to its value (secrets and
 * everything else kept as they are), or undefined when there is nothing to change.
 */
export function withSettings(resource: Resource, changes: readonly (readonly [path: string, value: unknown])[]): Props | undefined {
    return changes.length === 0
        ? undefined
        : changes.reduce((props, [path, value]) => withValue(props, path.split("."), value), resource.props);
}

const slotTypes: ReadonlySet<string> = new Set([azureTypes.webAppSlot, azureTypes.linuxFunctionAppSlot, azureTypes.windowsFunctionAppSlot]);

/** "Function App 'orders'", "Function App slot 'staging'", "WebAppApplicationSettings 'orders-settings'". */
export function azureLabel(resource: Resource): string {
    if (fieldsByType[resource.type]) {
        return `Function App ${slotTypes.has(resource.type) ? "slot " : ""}'${resource.name}'`;
    }
    return resourceLabel(resource);
}

const nativeSiteTypes: ReadonlySet<string> = new Set([azureTypes.webApp, azureTypes.webAppSlot]);

/**
 * Whether the rules judge this resource as a function app. azure-native WebApps are function apps when
 * their `kind` contains "functionapp"; while `kind` is unknown at preview the rule notes it and waits
 * (judging every web app as a function app would block web apps on function-app rules).
 */
export function judgedAsFunctionApp(resource: Resource, report: Reporter): boolean {
    const judged = isFunctionApp(resource);
    if (judged === UNKNOWN) {
        report.unknown(`${azureLabel(resource)}: kind (whether it is a function app)`);
        return false;
    }
    return judged;
}

function isFunctionApp(resource: Resource): boolean | Unknown {
    if (!nativeSiteTypes.has(resource.type)) {
        return true;
    }
    const kind = str(read(resource.props, "kind"));
    return kind === UNKNOWN ? UNKNOWN : typeof kind === "string" && kind.toLowerCase().includes("functionapp");
}

// ------------------------------------------------------------------------------------------------
// App settings and connection strings

/** Where a resource keeps named values: a list of {name, <valueKey>} or a map (of strings, or of objects with <valueKey>). */
interface ValueSource {
    path: string;
    shape: "list" | "map";
    valueKey?: string;
}

const appSettingsByType: Record<string, ValueSource> = {
    [azureTypes.webApp]: { path: "siteConfig.appSettings", shape: "list", valueKey: "value" },
    [azureTypes.webAppSlot]: { path: "siteConfig.appSettings", shape: "list", valueKey: "value" },
    [azureTypes.appSettings]: { path: "properties", shape: "map" },
    [azureTypes.appSettingsSlot]: { path: "properties", shape: "map" },
    [azureTypes.linuxFunctionApp]: { path: "appSettings", shape: "map" },
    [azureTypes.windowsFunctionApp]: { path: "appSettings", shape: "map" },
    [azureTypes.linuxFunctionAppSlot]: { path: "appSettings", shape: "map" },
    [azureTypes.windowsFunctionAppSlot]: { path: "appSettings", shape: "map" },
    [azureTypes.functionApp]: { path: "appSettings", shape: "map" },
};

const connectionStringsByType: Record<string, ValueSource> = {
    [azureTypes.webApp]: { path: "siteConfig.connectionStrings", shape: "list", valueKey: "connectionString" },
    [azureTypes.webAppSlot]: { path: "siteConfig.connectionStrings", shape: "list", valueKey: "connectionString" },
    [azureTypes.connectionStrings]: { path: "properties", shape: "map", valueKey: "value" },
    [azureTypes.connectionStringsSlot]: { path: "properties", shape: "map", valueKey: "value" },
    [azureTypes.linuxFunctionApp]: { path: "connectionStrings", shape: "list", valueKey: "value" },
    [azureTypes.windowsFunctionApp]: { path: "connectionStrings", shape: "list", valueKey: "value" },
    [azureTypes.linuxFunctionAppSlot]: { path: "connectionStrings", shape: "list", valueKey: "value" },
    [azureTypes.windowsFunctionAppSlot]: { path: "connectionStrings", shape: "list", valueKey: "value" },
    [azureTypes.functionApp]: { path: "connectionStrings", shape: "list", valueKey: "value" },
};

export interface NamedValue {
    name: string;
    /** A string, UNKNOWN, or anything else the input held. */
    value: unknown;
    /** "siteConfig.appSettings 'DB_PASSWORD'": the property and the key, never the value. */
    where: string;
}

export interface NamedValues {
    /** The property that holds them ("" when the resource has none). */
    path: string;
    values: NamedValue[];
    /** Parts (property paths) that are unknown at preview, so some names may be missing. */
    unknown: string[];
}

function namedValues(resource: Resource, source: ValueSource | undefined): NamedValues {
    const result: NamedValues = { path: source?.path ?? "", values: [], unknown: [] };
    if (!source) {
        return result;
    }
    const container = at(resource, source.path);
    if (container === UNKNOWN) {
        result.unknown.push(source.path);
        return result;
    }
    const valueOf = (entry: unknown) => (source.valueKey ? read(entry, source.valueKey) : (isUnknown(entry) ? UNKNOWN : entry));
    if (source.shape === "map") {
        const map = record(container);
        for (const [name, entry] of Object.entries(map === UNKNOWN ? {} : map ?? {})) {
            result.values.push({ name, value: valueOf(entry), where: `${source.path} '${name}'` });
        }
        return result;
    }
    (Array.isArray(container) ? container : []).forEach((entry, i) => {
        const name = str(read(entry, "name"));
        if (isUnknown(entry) || name === UNKNOWN) {
            result.unknown.push(`${source.path}[${i}]${isUnknown(entry) ? "" : ".name"}`);
        } else if (typeof name === "string") {
            result.values.push({ name, value: valueOf(entry), where: `${source.path} '${name}'` });
        }
    });
    return result;
}

/** Settings whose secret the platform can do without: the credential-free fix, by setting name. */
const credentialFreeFixes: ReadonlyMap<string, string> = new Map([
    ["WEBSITE_RUN_FROM_PACKAGE", "fetch the package with the app's managed identity instead of a SAS: set WEBSITE_RUN_FROM_PACKAGE to the blob URL without the SAS " +
        "and WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID to SystemAssigned (or the user-assigned identity's resource ID), and grant that identity Storage Blob Data Reader on the container"],
]);

export const credentialFreeSettingFix = (name: string): string | undefined => credentialFreeFixes.get(name.toUpperCase());

export const appSettingsOf = (resource: Resource) => namedValues(resource, appSettingsByType[resource.type]);
export const connectionStringsOf = (resource: Resource) => namedValues(resource, connectionStringsByType[resource.type]);

/** Types whose resources carry app settings, connection strings, or both. */
export const settingsCarrierTypes = [...new Set([...Object.keys(appSettingsByType), ...Object.keys(connectionStringsByType)])];
export const appSettingsCarrierTypes = Object.keys(appSettingsByType);

/**
 * Why an azure-native app's whole siteConfig is unknown at preview, and how to have it checked there.
 * The SDK fills in siteConfig's defaults with an apply, so one computed value in it makes all of it
 * one unknown; every rule that reads it then waits for that one value, and says so once.
 */
const siteConfigUnknown = "The azure-native SDK sends the whole siteConfig as one unknown at preview whenever any value in it is computed " +
    "(it fills in defaults with an apply); these rules decide at pulumi up, before the app is created. To have them decide at preview, " +
    "move the computed app settings into a WebAppApplicationSettings resource (connection strings into WebAppConnectionStrings), " +
    "so that siteConfig holds only values known at preview.";

/** A reporter whose notes on anything below an unknown azure-native siteConfig wait for siteConfig itself. */
function siteConfigAware(resource: Resource, report: Reporter): Reporter {
    if (!nativeSiteTypes.has(resource.type) || read(resource.props, "siteConfig") !== UNKNOWN) {
        return report;
    }
    const label = azureLabel(resource);
    return {
        violation: report.violation,
        unknown: (what, about, why) => (about === undefined && what.startsWith(`${label}: siteConfig`)
            ? report.unknown(`${label}: siteConfig`, undefined, siteConfigUnknown)
            : report.unknown(what, about, why)),
    };
}

type AppCheck = (resource: Resource, report: Reporter, config: Config) => void;
type AppStackCheck = (app: GraphResource, stack: StackGraph, report: Reporter, config: Config) => void;

/** A check that judges function apps only (and, beyond them, settings resources), once `kind` says so. */
export const functionAppCheck = (validate: AppCheck): AppCheck => (resource, report, config) => {
    if (judgedAsFunctionApp(resource, report)) {
        validate(resource, siteConfigAware(resource, report), config);
    }
};

/** The same, with the stack graph at hand. */
export const functionAppStackCheck = (validate: AppStackCheck): AppStackCheck => (app, stack, report, config) => {
    if (judgedAsFunctionApp(app, report)) {
        validate(app, stack, siteConfigAware(app, report), config);
    }
};

/**
 * A rule about function apps (and, for `types` beyond them, settings resources); its remediation,
 * if any, sees only what the rule judges (never a web app, nor one of unknown kind).
 */
export function functionAppRule(info: RuleInfo, types: readonly string[], validate: AppCheck, remediate?: Remediation): ResourceValidationPolicy {
    return resourceRule(info, types, functionAppCheck(validate),
        remediate && ((resource, config) => (isFunctionApp(resource) === true ? remediate(resource, config) : undefined)));
}

/** A stack rule about each function app of the stack. */
export function functionAppStackRule(info: RuleInfo, validate: AppStackCheck): StackValidationPolicy {
    return stackRule(info, functionAppTypes, functionAppStackCheck(validate));
}
