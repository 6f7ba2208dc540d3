// Missing managed identity, and admin roles held by a function app's identity.
import type { Resource } from "../lib/policy";
import { UNKNOWN, Unknown, read, str } from "../lib/props";
import { at, azureLabel, functionAppRule, functionAppStackRule, siteFieldsOf, withSettings } from "../lib/azure/functionApp";
import { assignmentsTo, grantedRole, principalsOf } from "../lib/azure/links";
import { scopeKindOf } from "../lib/azure/roles";
import { cisAzure } from "../lib/frameworks";
import { functionAppTypes } from "../lib/azure/types";

/** Whether the app has no managed identity (identity type absent, empty or None); UNKNOWN until known. */
function lacksIdentity(app: Resource): boolean | Unknown {
    const type = str(at(app, siteFieldsOf(app)!.identityType));
    return type === UNKNOWN ? UNKNOWN : type === undefined || type.trim() === "" || type.trim().toLowerCase() === "none";
}

/** The fix: a system-assigned identity, written the same way in azure-native and classic azure. */
const systemAssigned = () => ({ type: "SystemAssigned" });

export const managedIdentity = functionAppRule({
    name: "azure-functionapp-managed-identity",
    description: "Function Apps have a managed identity (system- or user-assigned), so they reach Key Vault, Storage and other services without stored credentials.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set identity.type to \"SystemAssigned\" (or \"UserAssigned\" with the identity's resource ID), then grant that identity the data-plane roles the app needs and replace keys and connection strings with identity-based connections and Key Vault references. " +
        "At enforcement level remediate the pack adds a system-assigned identity (it grants no role).",
    tags: ["azure", "functionapp", "managed-identity"],
    framework: cisAzure("9.5", "Ensure that Register with Azure Active Directory is enabled on App Service"),
}, functionAppTypes, (app, report) => {
    const path = siteFieldsOf(app)!.identityType;
    const lacking = lacksIdentity(app);
    if (lacking === UNKNOWN) {
        return report.unknown(`${azureLabel(app)}: ${path}`);
    }
    if (lacking) {
        report.violation(`${azureLabel(app)} has no managed identity (${path} absent or None). ` +
            "Fix: set identity.type to \"SystemAssigned\" or \"UserAssigned\".");
    }
}, app => withSettings(app, lacksIdentity(app) === true ? [[siteFieldsOf(app)!.identity, systemAssigned()]] : []));

export const noAdminRoles = functionAppStackRule({
    name: "azure-functionapp-identity-no-admin-role",
    description: "A Function App's managed identity holds no Owner, Contributor, User Access Administrator or Role Based Access Control Administrator role, nor a custom role with \"*\" actions or the right to assign roles.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Assign the identity the narrowest data-plane roles on the single resources it uses (for example Storage Blob Data Contributor on one storage account, Key Vault Secrets User on one vault) instead of an admin role; in custom roles list the exact actions.",
    tags: ["azure", "functionapp", "wildcard-permissions"],
}, (app, stack, report) => {
    for (const { assignment, certain } of assignmentsTo(stack, principalsOf(stack, app))) {
        const granted = grantedRole(stack, assignment);
        const assignmentLabel = azureLabel(assignment);
        if (granted === UNKNOWN) {
            if (certain) {
                report.unknown(`${assignmentLabel} to ${azureLabel(app)}'s identity: roleDefinitionId`, assignment);
            }
            continue;
        }
        const roleName = granted.kind === "built-in" ? granted.role.name : granted.kind === "custom" ? `custom role '${granted.definition.name}' (its actions include "*" or role assignment)` : "";
        const admin = granted.kind === "built-in" ? granted.role.admin : granted.kind === "custom" ? granted.admin : false;
        if (admin === false) {
            continue;
        }
        if (admin === UNKNOWN) {
            report.unknown(`permissions of ${roleName} (assigned by ${assignmentLabel})`, assignment);
        } else if (!certain) {
            report.unknown(`${assignmentLabel} grants ${roleName}; its principalId (whether it is ${azureLabel(app)}'s identity)`, assignment);
        } else {
            const kind = scopeKindOf(str(read(assignment.props, "scope")));
            const scope = kind === UNKNOWN ? "a scope not known until deployment" : kind === undefined ? "an unrecognised scope" : `${kind} scope`;
            report.violation(`${assignmentLabel} grants ${roleName} to the managed identity of ${azureLabel(app)} at ${scope}. ` +
                "Fix: assign the narrowest data-plane role on the one resource the app uses instead.", assignment, { reaches: [app] });
        }
    }
});

export const azureIdentityPolicies = [managedIdentity, noAdminRoles];
