// The execution role of a Lambda function, as the identity rules judge it: every policy document
// that applies to it (parsed), its AWS managed policies, and its trust policy.
import type { Reporter } from "../policy";
import { UNKNOWN, read } from "../props";
import type { GraphResource, StackGraph } from "../stackGraph";
import { AttachedPolicyArn, executionRolesOf, rolePermissions } from "./links";
import { lambdaLabel } from "./naming";
import { Malformed, PolicyDocument, isMalformed, parsePolicyDocument } from "./policyDocument";

export interface JudgedDocument {
    source: string;
    declaredBy: GraphResource;
    parsed: PolicyDocument | Malformed;
}

export interface ExecutionRole {
    role: GraphResource;
    documents: JudgedDocument[];
    attachedArns: AttachedPolicyArn[];
}

/**
 * The roles a function runs as, with their documents. Attachments, and (when the rule judges
 * documents) documents that are unknown at preview are noted through `report.unknown` (the
 * verdict waits for them) and left out.
 */
export function executionRolesWithPermissions(
    stack: StackGraph, fn: GraphResource, report: Reporter, judging: "documents" | "managed policies" = "documents",
): ExecutionRole[] {
    const roles = executionRolesOf(stack, fn);
    if (roles === UNKNOWN) {
        report.unknown(`${lambdaLabel(fn)}: role (not linked to a role of this stack)`);
        return [];
    }
    return roles.map(role => {
        const permissions = rolePermissions(stack, role);
        for (const source of permissions.unresolved) {
            report.unknown(`${lambdaLabel(fn)}: the policy ARN of ${source}`);
        }
        const documents: JudgedDocument[] = [];
        for (const { source, declaredBy, document } of permissions.documents) {
            const parsed = parsePolicyDocument(document);
            if (parsed === UNKNOWN) {
                if (judging === "documents") {
                    report.unknown(`${lambdaLabel(fn)}: the policy document of ${source}`);
                }
            } else {
                documents.push({ source, declaredBy, parsed });
            }
        }
        return { role, documents, attachedArns: permissions.attachedArns };
    });
}

export const wellFormed = (documents: JudgedDocument[]) =>
    documents.filter((d): d is JudgedDocument & { parsed: PolicyDocument } => !isMalformed(d.parsed));

/** The trust policy of a role, parsed; UNKNOWN at preview when computed. */
export const trustPolicyOf = (role: GraphResource) => parsePolicyDocument(read(role.props, "assumeRolePolicy"));

/** "statement 2" (counted from 1, as people read them). */
export const statementLabel = (index: number) => `statement ${index + 1}`;

/** A service prefix fit to print (what IAM allows); anything else is not echoed. */
export const printableService = (service: string) => (/^[a-z0-9-]{1,40}$/.test(service) ? `${service}:*` : "a service-wide wildcard");
