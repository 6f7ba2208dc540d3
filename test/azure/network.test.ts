import * as assert from "node:assert/strict";
import { publicAccessRestricted, vnetIntegration, vnetRouteAll } from "../../policies/azure/network";
import { runResourcePolicy, runRule, runStackPolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { classic, native, resourceGroup, secureAzureStack, secureClassicStack, subnetId } from "../fixtures/azure";
import { UNKNOWN_BOOL, UNKNOWN_STRING, unknownAs } from "../fixtures/common";

const base = { resourceGroupName: "rg", kind: "functionapp" };
const classicBase = { resourceGroupName: "rg", servicePlanId: "plan", siteConfig: {} };

describe("azure-functionapp-vnet-integration", () => {
    it("passes the secure stacks (a subnet ID unknown at preview counts as set)", async () => {
        assert.deepEqual(await runStackPolicy(vnetIntegration, secureAzureStack()), []);
        assert.deepEqual(await runStackPolicy(vnetIntegration, secureClassicStack()), []);
    });

    it("reports apps and slots without virtualNetworkSubnetId", async () => {
        for (const app of [native.webApp("app", base), native.webAppSlot("slot", { ...base, name: "app" }), classic.windowsFunctionApp("win", classicBase)]) {
            const violations = await runStackPolicy(vnetIntegration, [app]);
            expectFindings(violations, 1, `'${app.name}'`, "virtualNetworkSubnetId", "Fix:");
            assert.equal(violations[0].enforcementLevel, "mandatory");
        }
    });

    it("accepts a swift connection resource, linked at preview or by literal name/id", async () => {
        const app = native.webApp("app", { ...base, name: "orders" });
        const swift = native.swiftConnection("swift", { name: UNKNOWN_STRING, resourceGroupName: "rg", subnetResourceId: subnetId }, { name: [app] });
        assert.deepEqual(await runStackPolicy(vnetIntegration, [app, swift]), []);
        const literal = native.swiftConnection("literal", { name: "orders", resourceGroupName: "rg", subnetResourceId: subnetId });
        assert.deepEqual(await runStackPolicy(vnetIntegration, [app, literal]), []);
        const old = classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "plan", storageAccountName: "s", storageAccountAccessKey: "k" });
        expectFindings(await runStackPolicy(vnetIntegration, [old]), 1, "a swift connection resource");
        const oldSwift = classic.swiftConnection("old-swift", { appServiceId: UNKNOWN_STRING, subnetId }, { appServiceId: [old] });
        assert.deepEqual(await runStackPolicy(vnetIntegration, [old, oldSwift]), []);
    });

    it("links a literal swift connection only to the same-named app of its resource group (case-insensitive)", async () => {
        const inA = native.webApp("api-a", { ...base, name: "api", resourceGroupName: "rg-a" });
        const inB = native.webApp("api-b", { ...base, name: "api", resourceGroupName: "rg-b" });
        const swiftB = native.swiftConnection("swift-b", { name: "API", resourceGroupName: "RG-B", subnetResourceId: subnetId });
        expectFindings(await runStackPolicy(vnetIntegration, [inA, inB, swiftB]), 1, "Function App 'api-a'", "virtualNetworkSubnetId");
        assert.deepEqual(await runStackPolicy(vnetIntegration, [inB, swiftB]), []);
    });

    it("links a literal slot connection only to its app's slot (slot name, app name, resource group)", async () => {
        const slot = (name: string, app: string, resourceGroupName = "rg") => native.webAppSlot(name, { ...base, resourceGroupName, name: app, slot: "staging" });
        const [orders, billing, elsewhere] = [slot("orders-staging", "orders"), slot("billing-staging", "billing"), slot("billing-staging-b", "billing", "rg-b")];
        const swift = native.swiftConnectionSlot("swift", { name: "billing", slot: "Staging", resourceGroupName: "rg", subnetResourceId: subnetId });
        const violations = await runStackPolicy(vnetIntegration, [orders, billing, elsewhere, swift]);
        expectFindings(violations, 2, "has no regional VNet integration");
        assert.deepEqual(violations.map(v => v.message.match(/slot '([^']+)'/)![1]).sort(), ["billing-staging-b", "orders-staging"]);

        const classicSlot = (name: string, functionAppId: string) => classic.linuxFunctionAppSlot(name, { name: "staging", functionAppId, siteConfig: {} });
        const appId = (app: string) => `${resourceGroup}/providers/Microsoft.Web/sites/${app}`;
        const classicSwift = classic.slotSwiftConnection("classic-swift", { appServiceId: appId("Billing"), slotName: "staging", subnetId });
        expectFindings(await runStackPolicy(vnetIntegration, [classicSlot("orders-slot", appId("orders")), classicSlot("billing-slot", appId("billing")), classicSwift]),
            1, "Function App slot 'orders-slot'");
    });

    it("notes a literal connection whose resource group or app is unknown at preview (a known difference still reports)", async () => {
        const app = native.webApp("api", { ...base, name: "api", resourceGroupName: UNKNOWN_STRING });
        const swift = native.swiftConnection("swift", { name: "api", resourceGroupName: "rg", subnetResourceId: subnetId });
        expectUnknownNote(await runStackPolicy(vnetIntegration, [app, swift]), "resourceGroupName");
        const unknownGroup = native.swiftConnection("swift", { name: "api", resourceGroupName: UNKNOWN_STRING, subnetResourceId: subnetId });
        expectUnknownNote(await runStackPolicy(vnetIntegration, [native.webApp("api", { ...base, name: "api" }), unknownGroup]), "WebAppSwiftVirtualNetworkConnection 'swift'");
        const classicSwift = classic.slotSwiftConnection("classic-swift", { appServiceId: UNKNOWN_STRING, slotName: "staging", subnetId });
        expectUnknownNote(await runStackPolicy(vnetIntegration, [classic.linuxFunctionAppSlot("s", { name: "staging", functionAppId: "id", siteConfig: {} }), classicSwift]), "appServiceId / functionAppId");

        const otherApp = native.swiftConnectionSlot("swift", { name: "billing", slot: "staging", resourceGroupName: UNKNOWN_STRING, subnetResourceId: subnetId });
        expectFindings(await runStackPolicy(vnetIntegration, [native.webAppSlot("s", { ...base, name: "orders", slot: "staging" }), otherApp]), 1, "Function App slot 's'");
        const linked = native.swiftConnection("linked", { name: "api", resourceGroupName: UNKNOWN_STRING, subnetResourceId: subnetId }, { name: [app] });
        assert.deepEqual(await runStackPolicy(vnetIntegration, [app, swift, linked]), [], "a propertyDependencies link is exact");
    });

    it("notes an app whose kind is unknown at preview", async () => {
        expectUnknownNote(await runStackPolicy(vnetIntegration, [native.webApp("app", { resourceGroupName: "rg", kind: UNKNOWN_STRING })]), "kind");
    });
});

describe("azure-functionapp-vnet-route-all", () => {
    const integrated = { ...base, virtualNetworkSubnetId: subnetId };

    it("passes the secure stacks, and either routing switch", async () => {
        assert.deepEqual(await runRule(vnetRouteAll, secureAzureStack()), []);
        assert.deepEqual(await runRule(vnetRouteAll, secureClassicStack()), []);
        assert.deepEqual(await runRule(vnetRouteAll, [native.webApp("a", { ...integrated, siteConfig: { vnetRouteAllEnabled: true } })]), []);
    });

    it("ignores apps that are not VNet-integrated (the integration rule reports them)", async () => {
        assert.deepEqual(await runRule(vnetRouteAll, [native.webApp("a", base)]), []);
    });

    it("reports an integrated app that routes only private traffic: advisory, mandatory with requireAllTrafficRouting", async () => {
        const app = native.webApp("a", { ...integrated, outboundVnetRouting: { allTraffic: false } });
        const advisory = await runRule(vnetRouteAll, [app]);
        expectFindings(advisory, 1, "Function App 'a'", "outboundVnetRouting.allTraffic", "Fix:");
        assert.equal(advisory[0].enforcementLevel, "advisory");
        const fn = classic.linuxFunctionApp("fn", { ...classicBase, virtualNetworkSubnetId: subnetId });
        const mandatory = await runRule(vnetRouteAll, [fn], { config: { requireAllTrafficRouting: true } });
        expectFindings(mandatory, 1, "Function App 'fn'", "siteConfig.vnetRouteAllEnabled");
        assert.equal(mandatory[0].enforcementLevel, "mandatory");
        assert.ok(mandatory[0].message.startsWith("VNet-integrated Function Apps route all"), "the description leads, as in the string form");
    });

    it("notes an app whose only swift connection may be another app's, unless it routes all traffic anyway", async () => {
        const app = native.webApp("api", { ...base, name: "api", resourceGroupName: UNKNOWN_STRING });
        const swift = native.swiftConnection("swift", { name: "api", resourceGroupName: "rg", subnetResourceId: subnetId });
        expectUnknownNote(await runRule(vnetRouteAll, [app, swift]), "resourceGroupName");
        const routed = native.webApp("api", { ...base, name: "api", resourceGroupName: UNKNOWN_STRING, outboundVnetRouting: { allTraffic: true } });
        assert.deepEqual(await runRule(vnetRouteAll, [routed, swift]), []);
    });

    it("notes an unknown routing switch", async () => {
        expectUnknownNote(await runRule(vnetRouteAll, [native.webApp("a", { ...integrated, siteConfig: unknownAs() })]), "vnetRouteAllEnabled");
        expectUnknownNote(await runRule(vnetRouteAll, [classic.linuxFunctionApp("fn", { ...classicBase, virtualNetworkSubnetId: subnetId, siteConfig: { vnetRouteAllEnabled: unknownAs(UNKNOWN_BOOL) } })]), "vnetRouteAllEnabled");
    });
});

describe("azure-functionapp-public-access-restricted", () => {
    it("passes the secure stacks, disabled public access, and Allow rules without a default action", async () => {
        for (const app of [
            ...secureAzureStack(), ...secureClassicStack(),
            native.webApp("private", { ...base, publicNetworkAccess: "Disabled" }),
            classic.linuxFunctionApp("private-classic", { ...classicBase, publicNetworkAccessEnabled: false }),
            native.webApp("implicit-deny", { ...base, siteConfig: { ipSecurityRestrictions: [{ action: "Allow", ipAddress: "203.0.113.0/24" }] } }),
        ]) {
            assert.deepEqual(await runResourcePolicy(publicAccessRestricted, app), [], app.name);
        }
    });

    it("reports open apps: no restriction, an Allow default, or an allow-any rule", async () => {
        for (const app of [
            native.webApp("open", base),
            native.webApp("allow-default", { ...base, siteConfig: { ipSecurityRestrictionsDefaultAction: "Allow", ipSecurityRestrictions: [{ action: "Allow", ipAddress: "203.0.113.0/24" }] } }),
            classic.windowsFunctionApp("any", { ...classicBase, siteConfig: { ipRestrictions: [{ action: "Allow", ipAddress: "0.0.0.0/0" }] } }),
            classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "plan", storageAccountName: "s", storageAccountAccessKey: "k" }),
        ]) {
            const violations = await runResourcePolicy(publicAccessRestricted, app);
            expectFindings(violations, 1, `'${app.name}'`, "public network access", "Fix:");
            assert.equal(violations[0].enforcementLevel, "advisory");
        }
    });

    it("notes unknown switches and restriction lists", async () => {
        expectUnknownNote(await runResourcePolicy(publicAccessRestricted, native.webApp("a", { ...base, publicNetworkAccess: UNKNOWN_STRING })), "publicNetworkAccess");
        expectUnknownNote(await runResourcePolicy(publicAccessRestricted, native.webApp("a", { ...base, siteConfig: unknownAs() })), "siteConfig");
    });
});
