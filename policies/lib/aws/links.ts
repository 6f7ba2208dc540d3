// How a Lambda function reaches its execution role, the role's permissions, and its security groups.
// Each link is followed through propertyDependencies (holds at preview) and through literal
// names/ARNs/ids (resources created elsewhere in the stack or already deployed).
import { UNKNOWN, Unknown, read, str, strings } from "../props";
import { GraphResource, StackGraph, addUnique, literalKeys } from "../stackGraph";
import { arnAccount } from "../providers";
import { awsTypes } from "./types";

/** A policy document another resource declares for a role (a RolePolicy, an attached customer Policy). */
export interface RoleDocument {
    declaredBy: GraphResource;
    document: unknown;
}

/** A managed policy attached by ARN (by the role's managedPolicyArns, or an attachment resource). */
export interface AttachedPolicyArn {
    declaredBy: GraphResource;
    arn: string;
}

export interface RolePermissions {
    documents: RoleDocument[];
    attachedArns: AttachedPolicyArn[];
    /** Attachments (or the role) whose policy ARN is unknown at preview and names no policy of the stack. */
    unresolved: GraphResource[];
}

const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** The roles (in this stack) a function runs as; UNKNOWN when its role is unknown and unlinked. */
export function executionRolesOf(graph: StackGraph, fn: GraphResource): GraphResource[] | Unknown {
    const roles = graph.dependenciesOf(fn, "role", [awsTypes.role]);
    const roleRef = str(read(fn.props, "role"));
    if (typeof roleRef === "string") {
        const byKeys = (value: string) => graph.byLiteral(fn, awsTypes.role, "arn-or-name", r => literalKeys(r, "arn", "name"), value, arnAccount(roleRef));
        addUnique(roles, byKeys(roleRef));
        addUnique(roles, byKeys(lastSegment(roleRef)));
    }
    return roles.length === 0 && roleRef === UNKNOWN ? UNKNOWN : roles;
}

/** Resources of `type` whose `property` names the role, by dependency or literally. */
function referringToRole(graph: StackGraph, role: GraphResource, type: string, property: string): GraphResource[] {
    const found = graph.dependentsOf(role, property, [type]);
    for (const key of literalKeys(role, "name", "arn")) {
        addUnique(found, graph.byLiteral(role, type, property, r => strings(read(r.props, property)).values, key));
    }
    return found;
}

/** Customer managed policies (in this stack) that `property` of `resource` points at. */
function policiesNamedBy(graph: StackGraph, resource: GraphResource, property: string, arns: string[]): GraphResource[] {
    const found = graph.dependenciesOf(resource, property, [awsTypes.policy]);
    for (const arn of arns) {
        addUnique(found, graph.byLiteral(resource, awsTypes.policy, "arn-or-name", p => literalKeys(p, "arn", "name"), arn));
        addUnique(found, graph.byLiteral(resource, awsTypes.policy, "arn-or-name", p => literalKeys(p, "arn", "name"), lastSegment(arn), arnAccount(arn)));
    }
    return found;
}

/** What other resources grant a role, and what the role attaches by ARN itself (its inline policies are its own). */
export function rolePermissions(graph: StackGraph, role: GraphResource): RolePermissions {
    const permissions: RolePermissions = { documents: [], attachedArns: [], unresolved: [] };
    for (const rolePolicy of referringToRole(graph, role, awsTypes.rolePolicy, "role")) {
        permissions.documents.push({ declaredBy: rolePolicy, document: read(rolePolicy.props, "policy") });
    }
    const attach = (declaredBy: GraphResource, property: string) => {
        const { values: arns, unknown } = strings(read(declaredBy.props, property));
        const customer = policiesNamedBy(graph, declaredBy, property, arns);
        for (const policy of customer) {
            permissions.documents.push({ declaredBy: policy, document: read(policy.props, "policy") });
        }
        const customerKeys = new Set(customer.flatMap(p => literalKeys(p, "arn", "name")));
        for (const arn of arns) {
            if (!customerKeys.has(arn) && !customerKeys.has(lastSegment(arn))) {
                permissions.attachedArns.push({ declaredBy, arn });
            }
        }
        if (unknown && customer.length === 0) {
            permissions.unresolved.push(declaredBy);
        }
    };
    attach(role, "managedPolicyArns");
    for (const attachment of referringToRole(graph, role, awsTypes.rolePolicyAttachment, "role")) {
        attach(attachment, "policyArn");
    }
    for (const attachment of referringToRole(graph, role, awsTypes.policyAttachment, "roles")) {
        attach(attachment, "policyArn");
    }
    return permissions;
}

/** The security groups (in this stack) of a function's vpcConfig, and whether some are unresolved. */
export function securityGroupsOf(graph: StackGraph, fn: GraphResource): { groups: GraphResource[]; unknown: boolean } {
    const groups = graph.dependenciesOf(fn, "vpcConfig", [awsTypes.securityGroup]);
    const ids = strings(read(fn.props, "vpcConfig", "securityGroupIds"));
    for (const id of ids.values) {
        addUnique(groups, graph.byLiteral(fn, awsTypes.securityGroup, "id", g => literalKeys(g, "id"), id));
    }
    return { groups, unknown: ids.unknown && groups.length === 0 };
}

/** Standalone egress rules attached to a security group, by dependency or literal id. */
export function egressRulesOf(graph: StackGraph, group: GraphResource): GraphResource[] {
    const rules: GraphResource[] = [];
    for (const type of [awsTypes.securityGroupRule, awsTypes.securityGroupEgressRule]) {
        addUnique(rules, graph.dependentsOf(group, "securityGroupId", [type]));
        for (const id of literalKeys(group, "id")) {
            addUnique(rules, graph.byLiteral(group, type, "securityGroupId", r => literalKeys(r, "securityGroupId"), id));
        }
    }
    return rules.filter(rule => rule.type !== awsTypes.securityGroupRule || read(rule.props, "type") === "egress");
}
