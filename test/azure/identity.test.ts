import * as assert from "node:assert/strict";
import { managedIdentity, noAdminRoles } from "../../policies/azure/identity";
import { runResourcePolicy, runStackPolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { classic, native, resourceGroup, roles, secureAzureStack, secureClassicStack, subscription } from "../fixtures/azure";
import { UNKNOWN_STRING, unknownAs } from "../fixtures/common";

const base = { resourceGroupName: "rg", kind: "functionapp" };
const classicBase = { resourceGroupName: "rg", servicePlanId: "plan", siteConfig: {} };

describe("azure-functionapp-managed-identity", () => {
    it("passes system- and user-assigned identities, on both providers", async () => {
        for (const app of [
            ...secureAzureStack(), ...secureClassicStack(),
            native.webApp("uai", { ...base, identity: { type: "UserAssigned", userAssignedIdentities: ["/subscriptions/x/id"] } }),
            classic.windowsFunctionApp("both", { ...classicBase, identity: { type: "SystemAssigned, UserAssigned", identityIds: ["id"] } }),
        ]) {
            assert.deepEqual(await runResourcePolicy(managedIdentity, app), [], app.name);
        }
    });

    it("reports an absent identity or type None on apps, slots and the older FunctionApp", async () => {
        for (const app of [
            native.webApp("none", { ...base, identity: { type: "None" } }),
            native.webAppSlot("slot", { ...base, name: "app", kind: "FunctionApp,Linux" }),
            classic.linuxFunctionApp("linux", classicBase),
            classic.windowsFunctionAppSlot("winslot", { functionAppId: "id", siteConfig: {} }),
            classic.functionApp("old", { resourceGroupName: "rg", appServicePlanId: "plan", storageAccountName: "s", storageAccountAccessKey: "k" }),
        ]) {
            const violations = await runResourcePolicy(managedIdentity, app);
            expectFindings(violations, 1, `'${app.name}'`, "identity.type", "Fix:");
            assert.equal(violations[0].enforcementLevel, "mandatory");
        }
    });

    it("ignores web apps that are not function apps", async () => {
        assert.deepEqual(await runResourcePolicy(managedIdentity, native.webApp("site", { resourceGroupName: "rg", kind: "app,linux" })), []);
        assert.deepEqual(await runResourcePolicy(managedIdentity, native.webApp("site", { resourceGroupName: "rg" })), []);
    });

    it("notes an unknown identity type, or an unknown kind, instead of passing", async () => {
        expectUnknownNote(await runResourcePolicy(managedIdentity, native.webApp("app", { ...base, identity: unknownAs() })), "identity.type");
        expectUnknownNote(await runResourcePolicy(managedIdentity, native.webApp("app", { resourceGroupName: "rg", kind: UNKNOWN_STRING })), "kind");
    });
});

describe("azure-functionapp-identity-no-admin-role", () => {
    const app = native.webApp("app", { ...base, identity: { type: "SystemAssigned" } });

    it("passes the secure stacks: data-plane roles on one resource", async () => {
        assert.deepEqual(await runStackPolicy(noAdminRoles, secureAzureStack()), []);
        assert.deepEqual(await runStackPolicy(noAdminRoles, secureClassicStack()), []);
    });

    it("reports Owner linked at preview through propertyDependencies, naming the scope kind only", async () => {
        const owner = native.roleAssignment("owner", { principalId: UNKNOWN_STRING, roleDefinitionId: roles.owner, scope: subscription }, { principalId: [app] });
        const violations = await runStackPolicy(noAdminRoles, [app, owner]);
        expectFindings(violations, 1, "RoleAssignment 'owner'", "Owner", "Function App 'app'", "subscription scope", "Fix:");
        assert.ok(!violations[0].message.includes("00000000-0000"), "the scope value leaked");
        assert.equal(violations[0].urn, owner.urn);
    });

    it("reports classic roleDefinitionName and literal principal IDs once deployed", async () => {
        const deployed = classic.linuxFunctionApp("fn", { ...classicBase, identity: { type: "SystemAssigned" } });
        (deployed.properties.identity as Record<string, unknown>).principalId = "aaaaaaaa-0000-0000-0000-000000000001";
        const contributor = classic.assignment("contrib", { principalId: "AAAAAAAA-0000-0000-0000-000000000001", roleDefinitionName: "Contributor", scope: resourceGroup });
        const uaa = classic.assignment("uaa", { principalId: "aaaaaaaa-0000-0000-0000-000000000001", roleDefinitionName: "User Access Administrator", scope: "/providers/Microsoft.Management/managementGroups/root" });
        const rbac = native.roleAssignment("rbac", { principalId: "aaaaaaaa-0000-0000-0000-000000000001", roleDefinitionId: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", scope: `${resourceGroup}/providers/Microsoft.Storage/storageAccounts/s` });
        const other = classic.assignment("other", { principalId: "bbbbbbbb-0000-0000-0000-000000000002", roleDefinitionName: "Owner", scope: subscription });
        const violations = await runStackPolicy(noAdminRoles, [deployed, contributor, uaa, rbac, other]);
        expectFindings(violations, 3, "Function App 'fn'");
        assert.ok(violations.some(v => v.message.includes("Contributor") && v.message.includes("resource group scope")));
        assert.ok(violations.some(v => v.message.includes("User Access Administrator") && v.message.includes("management group scope")));
        assert.ok(violations.some(v => v.message.includes("Role Based Access Control Administrator") && v.message.includes("at resource scope")));
    });

    it("reports a custom role with * actions, in the stack on either provider, and passes a narrow one", async () => {
        const wide = native.roleDefinition("wide", { scope: subscription, roleName: "wide", permissions: [{ actions: ["*"] }] });
        const narrow = classic.roleDefinition("narrow", { scope: subscription, name: "narrow", permissions: [{ actions: ["Microsoft.Storage/storageAccounts/read"] }] });
        const grantsRbac = classic.roleDefinition("assigner", { scope: subscription, name: "assigner", permissions: [{ actions: ["Microsoft.Authorization/roleAssignments/write"] }] });
        const a1 = native.roleAssignment("a1", { principalId: UNKNOWN_STRING, roleDefinitionId: UNKNOWN_STRING, scope: resourceGroup }, { principalId: [app], roleDefinitionId: [wide] });
        const a2 = classic.assignment("a2", { principalId: UNKNOWN_STRING, roleDefinitionName: "narrow", scope: resourceGroup }, { principalId: [app] });
        const a3 = classic.assignment("a3", { principalId: UNKNOWN_STRING, roleDefinitionName: "assigner", scope: resourceGroup }, { principalId: [app] });
        const violations = await runStackPolicy(noAdminRoles, [app, wide, narrow, grantsRbac, a1, a2, a3]);
        expectFindings(violations, 2, "custom role");
        assert.ok(violations.some(v => v.message.includes("'wide'")) && violations.some(v => v.message.includes("'assigner'")));
    });

    it("follows user-assigned identities of the app", async () => {
        const identity = classic.userAssignedIdentity("fn-id", { resourceGroupName: "rg", location: "westeurope" });
        const fn = classic.linuxFunctionApp("fn", { ...classicBase, identity: { type: "UserAssigned", identityIds: [UNKNOWN_STRING] } }, { identity: [identity] });
        const owner = classic.assignment("owner", { principalId: UNKNOWN_STRING, roleDefinitionName: "Owner", scope: subscription }, { principalId: [identity] });
        expectFindings(await runStackPolicy(noAdminRoles, [identity, fn, owner]), 1, "Owner", "Function App 'fn'");
    });

    it("notes unknowns that decide the verdict: role, custom permissions, unlinked principal", async () => {
        const unknownRole = native.roleAssignment("r", { principalId: UNKNOWN_STRING, roleDefinitionId: UNKNOWN_STRING, scope: subscription }, { principalId: [app] });
        expectUnknownNote(await runStackPolicy(noAdminRoles, [app, unknownRole]), "roleDefinitionId");
        const def = native.roleDefinition("d", { scope: subscription, permissions: unknownAs() });
        const custom = native.roleAssignment("c", { principalId: UNKNOWN_STRING, roleDefinitionId: UNKNOWN_STRING, scope: subscription }, { principalId: [app], roleDefinitionId: [def] });
        expectUnknownNote(await runStackPolicy(noAdminRoles, [app, def, custom]), "permissions of custom role 'd'");
        const unlinked = native.roleAssignment("u", { principalId: UNKNOWN_STRING, roleDefinitionId: roles.owner, scope: subscription });
        expectUnknownNote(await runStackPolicy(noAdminRoles, [app, unlinked]), "principalId");
    });

    it("ignores assignments of other principals and non-admin roles", async () => {
        const other = native.webApp("other", { ...base, identity: { type: "SystemAssigned" } });
        const toOther = native.roleAssignment("o", { principalId: UNKNOWN_STRING, roleDefinitionId: roles.owner, scope: subscription }, { principalId: [other] });
        const reader = native.roleAssignment("r", { principalId: UNKNOWN_STRING, roleDefinitionId: roles.keyVaultSecretsUser, scope: subscription }, { principalId: [app] });
        const violations = await runStackPolicy(noAdminRoles, [app, other, toOther, reader]);
        expectFindings(violations, 1, "Function App 'other'");
    });
});
