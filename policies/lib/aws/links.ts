// How a Lambda function reaches its execution role, the role's permissions, and its security groups.
// Each link is followed through propertyDependencies (holds at preview) and through literal
// names/ARNs/ids (resources created elsewhere in the stack or already deployed).
import { UNKNOWN, Unknown, items, read, str, strings } from "../props";
import { GraphResource, StackGraph, addUnique, literalKeys } from "../stackGraph";
import { awsTypes } from "./types";

/** A policy document that applies to a role, and where it was declared. */
export interface RoleDocument {
    /** "inline policy 'reader' of role 'fn-role'", "RolePolicy 'extra'"... names only, never values. */
    source: string;
    /** Where to report (the IAM resource that declares it). */
    declaredBy: GraphResource;
    document: unknown;
}

/** A managed policy attached to a role by ARN. */
export interface AttachedPolicyArn {
    source: string;
    declaredBy: GraphResource;
    arn: string;
}

export interface RolePermissions {
    documents: RoleDocument[];
    attachedArns: AttachedPolicyArn[];
    /** Some attachment or document could not be resolved at preview. */
    unresolved: string[];
}

const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** What IAM accepts as a policy name; anything else (a document pasted as the name, 100,000
 *  characters) is not printed: the inline policy is then named by its position. */
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

/** The roles (in this stack) a function runs as; UNKNOWN when its role is unknown and unlinked. */
export function executionRolesOf(graph: StackGraph, fn: GraphResource): GraphResource[] | Unknown {
    const roles = graph.dependenciesOf(fn, "role", [awsTypes.role]);
    const roleRef = str(read(fn.props, "role"));
    if (typeof roleRef === "string") {
        const byKeys = (value: string) => graph.byLiteral(awsTypes.role, "arn-or-name", r => literalKeys(r, "arn", "name"), value);
        addUnique(roles, byKeys(roleRef));
        addUnique(roles, byKeys(lastSegment(roleRef)));
    }
    return roles.length === 0 && roleRef === UNKNOWN ? UNKNOWN : roles;
}

/** Resources of `type` whose `property` names the role, by dependency or literally. */
function referringToRole(graph: StackGraph, role: GraphResource, type: string, property: string): GraphResource[] {
    const found = graph.dependentsOf(role, property, [type]);
    for (const key of literalKeys(role, "name", "arn")) {
        addUnique(found, graph.byLiteral(type, property, r => strings(read(r.props, property)).values, key));
    }
    return found;
}

/** Customer managed policies (in this stack) that `property` of `resource` points at. */
function policiesNamedBy(graph: StackGraph, resource: GraphResource, property: string, arns: string[]): GraphResource[] {
    const found = graph.dependenciesOf(resource, property, [awsTypes.policy]);
    for (const arn of arns) {
        addUnique(found, graph.byLiteral(awsTypes.policy, "arn-or-name", p => literalKeys(p, "arn", "name"), arn));
        addUnique(found, graph.byLiteral(awsTypes.policy, "arn-or-name", p => literalKeys(p, "arn", "name"), lastSegment(arn)));
    }
    return found;
}

export function rolePermissions(graph: StackGraph, role: GraphResource): RolePermissions {
    const permissions: RolePermissions = { documents: [], attachedArns: [], unresolved: [] };

    items(read(role.props, "inlinePolicies")).forEach((inline, i) => {
        const name = str(read(inline, "name"));
        const label = typeof name === "string" && IAM_NAME.test(name) ? `'${name}'` : `#${i + 1}`;
        permissions.documents.push({ source: `inline policy ${label} of role '${role.name}'`, declaredBy: role, document: read(inline, "policy") });
    });

    for (const rolePolicy of referringToRole(graph, role, awsTypes.rolePolicy, "role")) {
        permissions.documents.push({ source: `RolePolicy '${rolePolicy.name}'`, declaredBy: rolePolicy, document: read(rolePolicy.props, "policy") });
    }

    const attach = (declaredBy: GraphResource, property: string, source: string) => {
        const { values: arns, unknown } = strings(read(declaredBy.props, property));
        const customer = policiesNamedBy(graph, declaredBy, property, arns);
        for (const policy of customer) {
            permissions.documents.push({ source: `Policy '${policy.name}' attached by ${source}`, declaredBy: policy, document: read(policy.props, "policy") });
        }
        const customerKeys = new Set(customer.flatMap(p => literalKeys(p, "arn", "name")));
        for (const arn of arns) {
            if (!customerKeys.has(arn) && !customerKeys.has(lastSegment(arn))) {
                permissions.attachedArns.push({ source, declaredBy, arn });
            }
        }
        if (unknown && customer.length === 0) {
            permissions.unresolved.push(source);
        }
    };

    attach(role, "managedPolicyArns", `managedPolicyArns of role '${role.name}'`);
    for (const attachment of referringToRole(graph, role, awsTypes.rolePolicyAttachment, "role")) {
        attach(attachment, "policyArn", `RolePolicyAttachment '${attachment.name}'`);
    }
    for (const attachment of referringToRole(graph, role, awsTypes.policyAttachment, "roles")) {
        attach(attachment, "policyArn", `PolicyAttachment '${attachment.name}'`);
    }
    return permissions;
}

/** The security groups (in this stack) of a function's vpcConfig, and whether some are unresolved. */
export function securityGroupsOf(graph: StackGraph, fn: GraphResource): { groups: GraphResource[]; unknown: boolean } {
    const groups = graph.dependenciesOf(fn, "vpcConfig", [awsTypes.securityGroup]);
    const ids = strings(read(fn.props, "vpcConfig", "securityGroupIds"));
    for (const id of ids.values) {
        addUnique(groups, graph.byLiteral(awsTypes.securityGroup, "id", g => literalKeys(g, "id"), id));
    }
    return { groups, unknown: ids.unknown && groups.length === 0 };
}

/** Standalone egress rules attached to a security group, by dependency or literal id. */
export function egressRulesOf(graph: StackGraph, group: GraphResource): GraphResource[] {
    const rules: GraphResource[] = [];
    for (const type of [awsTypes.securityGroupRule, awsTypes.securityGroupEgressRule]) {
        addUnique(rules, graph.dependentsOf(group, "securityGroupId", [type]));
        for (const id of literalKeys(group, "id")) {
            addUnique(rules, graph.byLiteral(type, "securityGroupId", r => literalKeys(r, "securityGroupId"), id));
        }
    }
    return rules.filter(rule => rule.type !== awsTypes.securityGroupRule || read(rule.props, "type") === "egress");
}
