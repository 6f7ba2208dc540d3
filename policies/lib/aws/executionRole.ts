// Lambda execution roles and what grants them permissions, as the identity rules judge them.
//
// A role is an execution role by its own trust policy (it lets lambda.amazonaws.com assume it), or
// because a function of the stack runs as it. What one resource's inputs show is judged in Analyze:
// a role trusted by Lambda, with its inline policies, managed policy ARNs and trust policy. The
// rest needs the stack (AnalyzeStack): RolePolicy, attached Policy and attachment resources, roles
// that only a function makes execution roles, and what a role's documents allow together. Each
// finding is about the resource to change (the role, the RolePolicy, the Policy or the attachment)
// and names the functions it reaches: a shared document is one finding, not one per function.
import { Resource, resourceLabel } from "../resource";
import { someOf } from "../findings";
import { sawInAnalyze } from "../../../engine/programInputs";
import { UNKNOWN, Unknown, items, read, str } from "../props";
import { GraphResource, StackGraph, indexBy } from "../stackGraph";
import { Origin, attachedByComponent } from "./components";
import { AttachedPolicyArn, executionRolesOf, rolePermissions } from "./links";
import { Malformed, PolicyDocument, isMalformed, isPolicyDocument, parsePolicyDocument } from "./policyDocument";
import { awsTypes } from "./types";

/** A policy document that applies to an execution role, parsed, and who declares it. */
export interface JudgedDocument {
    /** "inline policy 'main'", "its policy": names only, never values. */
    document: string;
    declaredBy: Resource;
    parsed: PolicyDocument | Malformed | Unknown;
}

/** What a resource declares that applies to execution roles, and the roles and functions it reaches. */
export interface Declared {
    holder: Resource;
    documents: JudgedDocument[];
    attachedArns: AttachedPolicyArn[];
    /** Attachments whose policy ARN is unknown at preview and names no policy of the stack. */
    unresolved: boolean;
    roles: GraphResource[];
    functions: GraphResource[];
}

/** Whether a trust policy lets the Lambda service assume the role (UNKNOWN while it is unknown at preview). */
export function trustsLambda(role: Resource): boolean | Unknown {
    const trust = trustPolicyOf(role);
    if (trust === UNKNOWN) {
        return UNKNOWN;
    }
    return isPolicyDocument(trust) && trust.statements.some(s => s.effect === "Allow"
        && (s.principals ?? []).some(p => p.type === "Service" && p.id.trim().toLowerCase() === "lambda.amazonaws.com"));
}

/** The trust policy of a role, parsed; UNKNOWN at preview when computed. */
export const trustPolicyOf = (role: Resource) => parsePolicyDocument(read(role.props, "assumeRolePolicy"));

/** What IAM accepts as a policy name; anything else (a document pasted as the name) is named by its position. */
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

/** A role's own inline policies, parsed. */
export function inlineDocuments(role: Resource): JudgedDocument[] {
    return items(read(role.props, "inlinePolicies")).map((inline, i) => {
        const name = str(read(inline, "name"));
        const label = typeof name === "string" && IAM_NAME.test(name) ? `'${name}'` : `#${i + 1}`;
        return { document: `inline policy ${label}`, declaredBy: role, parsed: parsePolicyDocument(read(inline, "policy")) };
    });
}

/** Whether Analyze judged this role's own inputs (it saw the role, trusted by Lambda), so the stack part must not again. */
export const judgedInAnalyze = (role: GraphResource) => sawInAnalyze(role.urn) && trustsLambda(role) === true;

/** Functions by the roles they run as; the roles of the stack that are execution roles. */
function executionRoleIndex(stack: StackGraph) {
    return stack.memo("aws.executionRoles", () => {
        const functionsByRole = indexBy(stack.ofType(awsTypes.function), fn => {
            const roles = executionRolesOf(stack, fn);
            return roles === UNKNOWN ? [] : roles.map(role => role.urn);
        });
        const roles = stack.ofType(awsTypes.role).filter(role => functionsByRole.has(role.urn) || trustsLambda(role) === true);
        return { functionsByRole, roles };
    });
}

/** The functions of the stack that run as `role`. */
export const functionsOf = (stack: StackGraph, role: GraphResource) => executionRoleIndex(stack).functionsByRole.get(role.urn) ?? [];

/**
 * What each resource declares for the stack's execution roles (the role itself for its inline
 * policies and managedPolicyArns), by the declaring resource's URN. Computed once per stack.
 */
export const declaredPermissions = (stack: StackGraph): Map<string, Declared> => permissionIndex(stack).byHolder;

/** Everything that applies to an execution role, by who declares it (the role first). */
export const declarationsFor = (stack: StackGraph, role: GraphResource): Declared[] => permissionIndex(stack).byRole.get(role.urn) ?? [];

function permissionIndex(stack: StackGraph) {
    return stack.memo("aws.declaredPermissions", () => {
        const declared = new Map<string, Declared>();
        const entry = (holder: GraphResource) => {
            let found = declared.get(holder.urn);
            if (!found) {
                found = { holder, documents: [], attachedArns: [], unresolved: false, roles: [], functions: [] };
                declared.set(holder.urn, found);
            }
            return found;
        };
        const byRole = new Map<string, Declared[]>();
        const reached = new Map<Declared, { roles: Set<GraphResource>; functions: Set<GraphResource> }>();
        const reaches = (found: Declared, role: GraphResource) => {
            let seen = reached.get(found);
            if (!seen) {
                seen = { roles: new Set(), functions: new Set() };
                reached.set(found, seen);
            }
            if (seen.roles.has(role)) {
                return;
            }
            seen.roles.add(role);
            found.roles.push(role);
            for (const fn of functionsOf(stack, role)) {
                if (!seen.functions.has(fn)) {
                    seen.functions.add(fn);
                    found.functions.push(fn);
                }
            }
            const declaredForRole = byRole.get(role.urn);
            if (declaredForRole) {
                declaredForRole.push(found);
            } else {
                byRole.set(role.urn, [found]);
            }
        };
        for (const role of executionRoleIndex(stack).roles) {
            const own = entry(role);
            own.documents.push(...inlineDocuments(role));
            reaches(own, role);
            const permissions = rolePermissions(stack, role);
            for (const { declaredBy, document } of permissions.documents) {
                const found = entry(declaredBy);
                if (found.documents.length === 0) {
                    found.documents.push({ document: "its policy", declaredBy, parsed: parsePolicyDocument(document) });
                }
                reaches(found, role);
            }
            for (const attached of permissions.attachedArns) {
                const found = entry(attached.declaredBy);
                if (!found.attachedArns.some(a => a.arn === attached.arn)) {
                    found.attachedArns.push(attached);
                }
                reaches(found, role);
            }
            for (const attachment of permissions.unresolved) {
                const found = entry(attachment);
                found.unresolved = true;
                reaches(found, role);
            }
        }
        return { byHolder: declared, byRole };
    });
}

const functionNames = (functions: GraphResource[]) => someOf(functions.map(fn => `'${fn.name}'`));

/** "execution role of Lambda function 'a'", "execution role of Lambda functions 'a', 'b' and 3 more", "trusted by Lambda". */
function roleOf(functions: GraphResource[]): string {
    if (functions.length === 0) {
        return "trusted by Lambda";
    }
    return `execution role of Lambda function${functions.length === 1 ? "" : "s"} ${functionNames(functions)}`;
}

/**
 * The label a finding about `declared` starts with: the resource and where it applies, as
 * "Role 'r' (execution role of Lambda function 'a'): " or "RolePolicy 'p' (on role 'r', execution role of ...): ".
 */
export function holderLabel(declared: Pick<Declared, "holder" | "roles" | "functions">): string {
    const { holder, roles, functions } = declared;
    if (holder.type === awsTypes.role) {
        return `Role '${holder.name}' (${roleOf(functions)}): `;
    }
    const on = someOf(roles.map(r => `'${r.name}'`));
    return `${resourceLabel(holder)} (on role${roles.length === 1 ? "" : "s"} ${on}, ${roleOf(functions)}): `;
}

/** The label of a finding about an execution role of the stack, run as by `functions`. */
export const roleLabel = (role: GraphResource, functions: GraphResource[]) => holderLabel({ holder: role, roles: [role], functions });

/** The label of a role judged on its own inputs in Analyze. */
export const analyzedRoleLabel = (role: Resource) => `Role '${role.name}' (trusted by Lambda): `;

/** "statement 2" (counted from 1, as people read them). */
export const statementLabel = (index: number) => `statement ${index + 1}`;

/** A service prefix fit to print (what IAM allows); anything else is not echoed. */
export const printableService = (service: string) => (/^[a-z0-9-]{1,40}$/.test(service) ? `${service}:*` : "a service-wide wildcard");

/** The component that created an attachment of `declared`'s roles, if it was not the program. */
export function componentOf(stack: StackGraph, declared: Declared): Origin | undefined {
    const holder = declared.holder as GraphResource;
    for (const role of declared.roles) {
        const origin = attachedByComponent(stack, holder, role, functionsOf(stack, role));
        if (origin) {
            return origin;
        }
    }
    return undefined;
}

export const wellFormed = (documents: JudgedDocument[]) =>
    documents.filter((d): d is JudgedDocument & { parsed: PolicyDocument } => isPolicyDocument(d.parsed));

export const malformed = (documents: JudgedDocument[]) =>
    documents.filter((d): d is JudgedDocument & { parsed: Malformed } => isMalformed(d.parsed));
