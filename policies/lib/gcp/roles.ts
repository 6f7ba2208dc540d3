// IAM knowledge: which roles make a runtime service account dangerous, and which members mean "anyone".

export type PrivilegeKind = "basic role" | "admin role" | "impersonation role";

/** Roles that are dangerous by name. */
export const privilegedRoles: Record<string, PrivilegeKind> = {
    "roles/owner": "basic role",
    "roles/editor": "basic role",
    // Acting as or minting tokens for other service accounts (CIS GCP 1.6).
    "roles/iam.serviceAccountUser": "impersonation role",
    "roles/iam.serviceAccountTokenCreator": "impersonation role",
};

/**
 * Roles whose last name segment ends in "admin" manage a service, or IAM itself
 * (roles/run.admin, roles/iam.securityAdmin, roles/resourcemanager.projectIamAdmin,
 * projects/p/roles/storageAdmin...).
 */
const adminRoleName = /admin$/i;

const lastSegment = (role: string) => role.slice(Math.max(role.lastIndexOf("/"), role.lastIndexOf(".")) + 1);

/** Why `role` is too much for a function's service account, or undefined. */
export function privilegeOf(role: string, extraForbidden: readonly string[] = [], allowed: readonly string[] = []): PrivilegeKind | "forbidden role" | undefined {
    const id = role.trim();
    if (allowed.includes(id)) {
        return undefined;
    }
    if (extraForbidden.includes(id)) {
        return "forbidden role";
    }
    return privilegedRoles[id] ?? (adminRoleName.test(lastSegment(id)) ? "admin role" : undefined);
}

/** A role's name as a message may give it (roles/…, or a custom role of a project or an organization); anything else is "a role". */
export const printableRole = (role: string): string =>
    /^(?:(?:projects|organizations)\/[a-z0-9.:-]{1,64}\/)?roles\/[A-Za-z0-9_.]{1,64}$/.test(role) ? role : "a role";

/** IAM members that stand for everyone on the internet, or every Google account. */
export const publicMembers = ["allUsers", "allAuthenticatedUsers"];

export const isPublicMember = (member: string) => publicMembers.includes(member.trim());
