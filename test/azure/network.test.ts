import * as assert from "node:assert/strict";
import { publicAccessRestricted, vnetIntegration, vnetRouteAll } from "../../policies/azure/network";
import { runResourcePolicy, runStackPolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { classic, native, secureAzureStack, secureClassicStack, subnetId } from "../fixtures/azure";
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

    it("notes an app whose kind is unknown at preview", async () => {
        expectUnknownNote(await runStackPolicy(vnetIntegration, [native.webApp("app", { resourceGroupName: "rg", kind: UNKNOWN_STRING })]), "kind");
    });
});

describe("azure-functionapp-vnet-route-all", () => {
    const integrated = { ...base, virtualNetworkSubnetId: subnetId };

    it("passes the secure stacks, and either routing switch", async () => {
        assert.deepEqual(await runStackPolicy(vnetRouteAll, secureAzureStack()), []);
        assert.deepEqual(await runStackPolicy(vnetRouteAll, secureClassicStack()), []);
        assert.deepEqual(await runStackPolicy(vnetRouteAll, [native.webApp("a", { ...integrated, siteConfig: { vnetRouteAllEnabled: true } })]), []);
    });

    it("ignores apps that are not VNet-integrated (the integration rule reports them)", async () => {
        assert.deepEqual(await runStackPolicy(vnetRouteAll, [native.webApp("a", base)]), []);
    });

    it("reports an integrated app that routes only private traffic: advisory, mandatory with requireAllTrafficRouting", async () => {
        const app = native.webApp("a", { ...integrated, outboundVnetRouting: { allTraffic: false } });
        const advisory = await runStackPolicy(vnetRouteAll, [app]);
        expectFindings(advisory, 1, "Function App 'a'", "outboundVnetRouting.allTraffic", "Fix:");
        assert.equal(advisory[0].enforcementLevel, "advisory");
        const fn = classic.linuxFunctionApp("fn", { ...classicBase, virtualNetworkSubnetId: subnetId });
        const mandatory = await runStackPolicy(vnetRouteAll, [fn], { config: { requireAllTrafficRouting: true } });
        expectFindings(mandatory, 1, "Function App 'fn'", "siteConfig.vnetRouteAllEnabled");
        assert.equal(mandatory[0].enforcementLevel, "mandatory");
        assert.ok(mandatory[0].message.startsWith("VNet-integrated Function Apps route all"), "the description leads, as in the string form");
    });

    it("notes an unknown routing switch", async () => {
        expectUnknownNote(await runStackPolicy(vnetRouteAll, [native.webApp("a", { ...integrated, siteConfig: unknownAs() })]), "vnetRouteAllEnabled");
        expectUnknownNote(await runStackPolicy(vnetRouteAll, [classic.linuxFunctionApp("fn", { ...classicBase, virtualNetworkSubnetId: subnetId, siteConfig: { vnetRouteAllEnabled: unknownAs(UNKNOWN_BOOL) } })]), "vnetRouteAllEnabled");
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
