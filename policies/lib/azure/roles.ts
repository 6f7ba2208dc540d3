// Azure built-in roles the pack knows by name and by role definition GUID (the last segment of a
// roleDefinitionId). "admin" roles can change anything in their scope or hand out access; the others
// are listed so that messages can name them and tests can use them as near-misses.
import type { Unknown } from "../props";
import { UNKNOWN } from "../props";

export interface BuiltInRole {
    name: string;
    guid: string;
    admin: boolean;
}

export const builtInRoles: readonly BuiltInRole[] = [
    { name: "Owner", guid: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", admin: true },
    { name: "Contributor", guid: "b24988ac-6180-42a0-ab88-20f7382dd24c", admin: true },
    { name: "User Access Administrator", guid: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", admin: true },
    { name: "Role Based Access Control Administrator", guid: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", admin: true },
    { name: "Reader", guid: "acdd72a7-3385-48ef-bd42-f606fba81ae7", admin: false },
    { name: "Key Vault Secrets User", guid: "4633458b-17de-408a-b874-0445c86b69e6", admin: false },
    { name: "Storage Blob Data Contributor", guid: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", admin: false },
    { name: "Storage Blob Data Owner", guid: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", admin: false },
    { name: "Storage Queue Data Contributor", guid: "974c5e8b-45b9-4653-ba55-5f855dd0fb88", admin: false },
];

/** Actions that, in a custom role, amount to an admin role: everything, or handing out access. */
export const adminActions: readonly string[] = [
    "*",
    "microsoft.authorization/*",
    "microsoft.authorization/roleassignments/*",
    "microsoft.authorization/roleassignments/write",
];

const byGuid = new Map(builtInRoles.map(role => [role.guid, role]));
const byName = new Map(builtInRoles.map(role => [role.name.toLowerCase(), role]));

/** `text` without trailing slashes. A loop: /\/+$/ backtracks quadratically on a long run of slashes. */
function withoutTrailingSlashes(text: string): string {
    let end = text.length;
    while (end > 0 && text[end - 1] === "/") {
        end--;
    }
    return text.slice(0, end);
}

/** The GUID at the end of a role definition ID (`/subscriptions/.../roleDefinitions/<guid>` or the bare GUID). */
export function roleGuidOf(roleDefinitionId: string): string {
    const trimmed = withoutTrailingSlashes(roleDefinitionId.trim());
    return trimmed.slice(trimmed.lastIndexOf("/") + 1).toLowerCase();
}

export function builtInRoleById(roleDefinitionId: string): BuiltInRole | undefined {
    return byGuid.get(roleGuidOf(roleDefinitionId));
}

export function builtInRoleByName(name: string): BuiltInRole | undefined {
    return byName.get(name.trim().toLowerCase());
}

export const isAdminAction = (action: string) => adminActions.includes(action.trim().toLowerCase());

export type ScopeKind = "management group" | "subscription" | "resource group" | "resource" | "tenant root";

/**
 * What kind of scope an ARM ID names (never the ID itself: it carries subscription and resource names).
 * UNKNOWN for an unknown scope; undefined for something that is not a scope.
 */
export function scopeKindOf(scope: string | Unknown | undefined): ScopeKind | Unknown | undefined {
    if (scope === UNKNOWN) {
        return UNKNOWN;
    }
    if (typeof scope !== "string") {
        return undefined;
    }
    const segments = withoutTrailingSlashes(scope.trim()).split("/").filter(s => s !== "").map(s => s.toLowerCase());
    if (segments.length === 0) {
        return "tenant root";
    }
    if (segments[0] === "providers" && segments[1] === "microsoft.management" && segments[2] === "managementgroups") {
        return segments.length <= 4 ? "management group" : "resource";
    }
    if (segments[0] !== "subscriptions") {
        return undefined;
    }
    if (segments.length <= 2) {
        return "subscription";
    }
    if (segments[2] === "resourcegroups" && segments.length <= 4) {
        return "resource group";
    }
    return "resource";
}
