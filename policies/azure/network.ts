// Public egress and public inbound access of Function Apps.
import { Config, Reporter, Resource, resourceAndStackRule } from "../lib/policy";
import type { GraphResource, StackGraph } from "../lib/stackGraph";
import { UNKNOWN, Unknown, bool, isSet, items, read, str } from "../lib/props";
import { appSettingsOf, at, azureLabel, functionAppCheck, functionAppRule, functionAppStackCheck, functionAppStackRule, siteFieldsOf } from "../lib/azure/functionApp";
import { swiftConnectionsOf } from "../lib/azure/links";
import { functionAppTypes } from "../lib/azure/types";

/**
 * Integrated with a VNet subnet: virtualNetworkSubnetId (unknown counts: a new subnet of this stack) or a
 * swift connection resource; UNKNOWN (noted) when only connections that name the app literally, in a
 * resource group (or of a parent app) unknown at preview, may be its own.
 */
function vnetIntegrated(stack: StackGraph, app: GraphResource, report: Reporter): boolean | Unknown {
    if (ownSubnet(app)) {
        return true;
    }
    const { linked, possible } = swiftConnectionsOf(stack, app);
    if (linked.length > 0) {
        return true;
    }
    for (const { connection, unknown } of possible) {
        report.unknown(`${azureLabel(app)} and ${azureLabel(connection)}: ${unknown.join(", ")} (whether the connection, which names the app, is its own)`);
    }
    return possible.length > 0 ? UNKNOWN : false;
}

export const vnetIntegration = functionAppStackRule({
    name: "azure-functionapp-vnet-integration",
    description: "Function Apps use regional VNet integration, so that their outbound traffic goes through a subnet whose egress you control.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Run the app on a plan that supports VNet integration (Flex Consumption, Elastic Premium or Dedicated), set virtualNetworkSubnetId to a subnet delegated to Microsoft.Web/serverFarms (or add a VirtualNetworkSwiftConnection), and control the subnet's egress with an NSG, a NAT gateway or a firewall.",
    tags: ["azure", "functionapp", "public-egress"],
}, (app, stack, report) => {
    if (vnetIntegrated(stack, app, report) === false) {
        const property = siteFieldsOf(app)!.vnetSubnetId ?? "a swift connection resource";
        report.violation(`${azureLabel(app)} has no regional VNet integration (${property}), so it reaches the internet directly. ` +
            "Fix: set virtualNetworkSubnetId to a delegated subnet (or add a VNet swift connection) whose egress you control.");
    }
});

/** The legacy app setting that routes all traffic through the VNet. */
const routeAllSetting = "WEBSITE_VNET_ROUTE_ALL";

/** The app's own subnet setting (virtualNetworkSubnetId): set (an unknown counts: a subnet of this stack), or not. */
function ownSubnet(app: Resource): boolean {
    const path = siteFieldsOf(app)!.vnetSubnetId;
    const subnet = path ? at(app, path) : undefined;
    return isSet(subnet) && subnet !== "";
}

/** Whether the app routes all outbound traffic through its VNet: a routing switch, or the legacy app setting. */
function routesAllTraffic(app: Resource): boolean | Unknown {
    const values = siteFieldsOf(app)!.routeAllTraffic.map(path => bool(at(app, path)));
    const legacySetting = appSettingsOf(app).values.find(s => s.name.toUpperCase() === routeAllSetting);
    if (values.includes(true) || (typeof legacySetting?.value === "string" && ["1", "true"].includes(legacySetting.value.trim().toLowerCase()))) {
        return true;
    }
    return values.includes(UNKNOWN) ? UNKNOWN : false;
}

/** Reports an integrated app that does not route all traffic through the VNet. */
function judgeRouting(app: Resource, report: Reporter, config: Config) {
    const paths = siteFieldsOf(app)!.routeAllTraffic;
    const routed = routesAllTraffic(app);
    if (routed === true) {
        return;
    }
    if (routed === UNKNOWN) {
        return report.unknown(`${azureLabel(app)}: ${paths.join(" / ")}`);
    }
    report.violation(`${azureLabel(app)} routes only private-address traffic through its VNet (${paths.join(" and ")} not true): ` +
        "other outbound traffic leaves without the subnet's controls. Fix: set " + `${paths[0]} to true.`,
    app, { level: config.requireAllTrafficRouting === true ? "mandatory" : undefined });
}

export const vnetRouteAll = resourceAndStackRule({
    name: "azure-functionapp-vnet-route-all",
    description: "VNet-integrated Function Apps route all outbound traffic through the VNet, not only traffic to private addresses.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Set outboundVnetRouting.allTraffic to true (azure-native, newer API versions) or siteConfig.vnetRouteAllEnabled to true, so that the subnet's NSG, NAT gateway or firewall governs every outbound connection.",
    tags: ["azure", "functionapp", "public-egress"],
    config: {
        requireAllTrafficRouting: {
            type: "boolean", default: false,
            description: "Report apps that do not route all traffic through the VNet at mandatory level (the rule's own level otherwise).",
        },
    },
    strict: { enforcementLevel: "mandatory", config: { requireAllTrafficRouting: true } },
    decides: { analyze: "an app integrated by its own virtualNetworkSubnetId", analyzeStack: "an app integrated by a swift connection resource" },
}, {
    // Integrated by its own virtualNetworkSubnetId: decided on the app's inputs.
    types: functionAppTypes,
    validate: functionAppCheck((app, report, config) => {
        if (ownSubnet(app)) {
            judgeRouting(app, report, config);
        }
    }),
}, {
    // Integrated by a swift connection resource: the integration rule reports apps that are not.
    subjects: functionAppTypes,
    validate: functionAppStackCheck((app, stack, report, config) => {
        if (!ownSubnet(app) && routesAllTraffic(app) !== true && vnetIntegrated(stack, app, report) === true) {
            judgeRouting(app, report, config);
        }
    }),
});

const anyAddress = new Set(["any", "0.0.0.0/0", "::/0", "*"]);

export const publicAccessRestricted = functionAppRule({
    name: "azure-functionapp-public-access-restricted",
    description: "Function Apps with public network access enabled limit who can reach them with access restrictions.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Disable public network access and reach the app through a private endpoint, or add access restrictions that allow only your VNet subnets, service tags or address ranges and set the default action to Deny.",
    tags: ["azure", "functionapp", "public-invocation"],
}, functionAppTypes, (app, report) => {
    const fields = siteFieldsOf(app)!;
    const label = azureLabel(app);
    for (const path of fields.publicNetworkAccess) {
        const value = at(app, path);
        if (value === UNKNOWN) {
            return report.unknown(`${label}: ${path}`);
        }
        if (fields.publicAccessOff(value)) {
            return;
        }
    }
    const defaultActionPath = fields.ipRestrictionsDefaultAction;
    const defaultAction = defaultActionPath ? str(at(app, defaultActionPath)) : undefined;
    if (defaultAction === UNKNOWN) {
        return report.unknown(`${label}: ${defaultActionPath}`);
    }
    if (defaultAction?.trim().toLowerCase() === "deny") {
        return;
    }
    const restrictions = items(at(app, fields.ipRestrictions));
    if (restrictions.includes(UNKNOWN)) {
        return report.unknown(`${label}: ${fields.ipRestrictions}`);
    }
    // Without a default action, any Allow rule makes the platform deny everything else.
    const allowsSome = restrictions.some(rule => {
        const action = str(read(rule, "action"));
        const address = str(read(rule, "ipAddress"));
        return (action === undefined || (typeof action === "string" && action.trim().toLowerCase() === "allow"))
            && !(typeof address === "string" && anyAddress.has(address.trim().toLowerCase()));
    });
    if (defaultAction === undefined && allowsSome) {
        return;
    }
    const why = defaultAction === undefined ? "has no access restriction" : `has ${defaultActionPath} Allow`;
    report.violation(`${label} accepts requests from the whole internet: public network access is enabled and it ${why} (${fields.ipRestrictions}). ` +
        "Fix: disable public network access (private endpoint), or allow only your subnets or ranges and deny the rest.");
});

export const azureNetworkPolicies = [vnetIntegration, vnetRouteAll, publicAccessRestricted];
