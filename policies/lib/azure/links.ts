// How a function app reaches its identities, their role assignments and role definitions, and its
// VNet integration. Each link is followed through propertyDependencies (holds at preview, while
// principal IDs and resource IDs are unknown) and through literal IDs and names (deployed resources).
import { UNKNOWN, Unknown, items, read, str, strings } from "../props";
import { GraphResource, StackGraph, addUnique, indexBy, literalKeys } from "../stackGraph";
import { BuiltInRole, builtInRoleById, builtInRoleByName, isAdminAction, roleGuidOf } from "./roles";
import { azureTypes, roleAssignmentTypes, roleDefinitionTypes, userAssignedIdentityTypes } from "./types";
import { keepInputValues } from "../../../engine/programInputs";

// azure-native's outputs leave out the request's path parameters, which the links below compare.
keepInputValues("azure-native:", ["resourceGroupName", "slot", "roleDefinitionId", "scope"]);

const lower = (values: string[]) => values.map(v => v.trim().toLowerCase());

/** The principals a function app acts as: itself (system-assigned) and its user-assigned identities. */
export interface AppPrincipals {
    resources: GraphResource[];
    /** Known principal (object) IDs, lower case. */
    principalIds: Set<string>;
}

export function principalsOf(stack: StackGraph, app: GraphResource): AppPrincipals {
    const identities = stack.dependenciesOf(app, "identity", userAssignedIdentityTypes);
    // azure-native lists identity resource IDs in identity.userAssignedIdentities, classic in identity.identityIds.
    const ids = [...strings(read(app.props, "identity", "userAssignedIdentities")).values, ...strings(read(app.props, "identity", "identityIds")).values];
    for (const id of lower(ids)) {
        for (const type of userAssignedIdentityTypes) {
            addUnique(identities, stack.byLiteral(app, type, "id", r => lower(literalKeys(r, ["id"])), id));
        }
    }
    const principalIds = new Set(lower([
        ...literalKeys(app, ["identity", "principalId"]),
        ...identities.flatMap(identity => literalKeys(identity, ["principalId"])),
    ]));
    return { resources: [app, ...identities], principalIds };
}

export interface AssignmentLink {
    assignment: GraphResource;
    /** The principal is surely one of the app's; false when the principal ID is unknown and unlinked. */
    certain: boolean;
}

/**
 * Role assignments to one of the principals, and those whose principal is unknown and unlinked at
 * preview, in stack order. The assignments are indexed once per stack (by the resources and the
 * principal IDs they name), so judging every app stays linear in the stack.
 */
export function assignmentsTo(stack: StackGraph, principals: AppPrincipals): AssignmentLink[] {
    const index = stack.memo("azure.assignmentsByPrincipal", () => {
        const assignments = stack.ofType(...roleAssignmentTypes);
        const principalIdOf = (assignment: GraphResource) => str(read(assignment.props, "principalId"));
        return {
            order: new Map(assignments.map((assignment, i) => [assignment, i])),
            byPrincipalUrn: indexBy(assignments, assignment => assignment.propertyDependencies.principalId ?? []),
            byPrincipalId: indexBy(assignments, assignment => {
                const principalId = principalIdOf(assignment);
                return typeof principalId === "string" ? [principalId.trim().toLowerCase()] : [];
            }),
            unlinkedUnknown: assignments.filter(assignment =>
                principalIdOf(assignment) === UNKNOWN && (assignment.propertyDependencies.principalId ?? []).length === 0),
        };
    });
    const certain = new Set([
        ...principals.resources.flatMap(p => index.byPrincipalUrn.get(p.urn) ?? []),
        ...[...principals.principalIds].flatMap(id => index.byPrincipalId.get(id) ?? []),
    ]);
    const links: AssignmentLink[] = [
        ...[...certain].map(assignment => ({ assignment, certain: true })),
        ...index.unlinkedUnknown.map(assignment => ({ assignment, certain: false })),
    ];
    return links.sort((a, b) => index.order.get(a.assignment)! - index.order.get(b.assignment)!);
}

/** The role an assignment grants, as far as the stack and the built-in table tell. */
export type GrantedRole =
    | { kind: "built-in"; role: BuiltInRole }
    | { kind: "custom"; definition: GraphResource; admin: boolean | Unknown }
    | { kind: "unrecognised" };

function customDefinitionsOf(stack: StackGraph, assignment: GraphResource): GraphResource[] {
    const found = stack.dependenciesOf(assignment, "roleDefinitionId", roleDefinitionTypes);
    addUnique(found, stack.dependenciesOf(assignment, "roleDefinitionName", roleDefinitionTypes));
    const id = str(read(assignment.props, "roleDefinitionId"));
    if (typeof id === "string" && id.trim() !== "") {
        const guid = roleGuidOf(id);
        for (const type of roleDefinitionTypes) {
            addUnique(found, stack.byLiteral(assignment, type, "guid", d => literalKeys(d, ["roleDefinitionId"], ["id"], ["roleDefinitionResourceId"]).map(roleGuidOf), guid));
        }
    }
    const name = str(read(assignment.props, "roleDefinitionName"));
    if (typeof name === "string" && name.trim() !== "") {
        for (const type of roleDefinitionTypes) {
            addUnique(found, stack.byLiteral(assignment, type, "role-name", d => lower(literalKeys(d, ["name"], ["roleName"])), name.trim().toLowerCase()));
        }
    }
    return found;
}

/** Whether a custom role definition's actions include `*` or the right to hand out roles. */
export function customRoleIsAdmin(definition: GraphResource): boolean | Unknown {
    let unknown = false;
    for (const permission of items(read(definition.props, "permissions"))) {
        const actions = strings(read(permission, "actions"));
        if (permission === UNKNOWN || actions.unknown) {
            unknown = true;
        }
        if (actions.values.some(isAdminAction)) {
            return true;
        }
    }
    return unknown ? UNKNOWN : false;
}

export function grantedRole(stack: StackGraph, assignment: GraphResource): GrantedRole | Unknown {
    const custom = customDefinitionsOf(stack, assignment);
    if (custom.length > 0) {
        const verdicts = custom.map(definition => ({ definition, admin: customRoleIsAdmin(definition) as boolean | Unknown }));
        const chosen = verdicts.find(v => v.admin === true) ?? verdicts.find(v => v.admin === UNKNOWN) ?? verdicts[0];
        return { kind: "custom", ...chosen };
    }
    const id = str(read(assignment.props, "roleDefinitionId"));
    const name = str(read(assignment.props, "roleDefinitionName"));
    const role = (typeof id === "string" ? builtInRoleById(id) : undefined) ?? (typeof name === "string" ? builtInRoleByName(name) : undefined);
    if (role) {
        return { kind: "built-in", role };
    }
    return id === UNKNOWN || name === UNKNOWN ? UNKNOWN : { kind: "unrecognised" };
}

/**
 * Resources that integrate an app (or slot) with a VNet subnet: the connection's property that names
 * it and the app's property it names, and further pairs that must also agree, as app names are only
 * unique within a resource group and slot names within an app.
 */
interface SwiftLink {
    type: string;
    names: LiteralPair;
    scope: LiteralPair[];
}
type LiteralPair = readonly [connection: string, app: string];

const sameGroup: LiteralPair = ["resourceGroupName", "resourceGroupName"];
const classicAppLink: SwiftLink = { type: azureTypes.classicSwiftConnection, names: ["appServiceId", "id"], scope: [] };
const classicSlotLink: SwiftLink = { type: azureTypes.classicSlotSwiftConnection, names: ["slotName", "name"], scope: [["appServiceId", "functionAppId"]] };

const swiftLinksByAppType: Record<string, SwiftLink> = {
    [azureTypes.webApp]: { type: azureTypes.swiftConnection, names: ["name", "name"], scope: [sameGroup] },
    // A WebAppSlot's `name` is its app's name, its `slot` the slot's.
    [azureTypes.webAppSlot]: { type: azureTypes.swiftConnectionSlot, names: ["slot", "slot"], scope: [sameGroup, ["name", "name"]] },
    [azureTypes.linuxFunctionApp]: classicAppLink,
    [azureTypes.windowsFunctionApp]: classicAppLink,
    [azureTypes.functionApp]: classicAppLink,
    [azureTypes.linuxFunctionAppSlot]: classicSlotLink,
    [azureTypes.windowsFunctionAppSlot]: classicSlotLink,
};

export interface SwiftConnections {
    /** Connections of this app or slot: linked by propertyDependencies, or by literals that all agree. */
    linked: GraphResource[];
    /** Connections that name it literally but may be another app's: `unknown` properties are unknown at preview. */
    possible: { connection: GraphResource; unknown: string[] }[];
}

/** Swift (regional VNet integration) connection resources of the stack that name this app or slot. */
export function swiftConnectionsOf(stack: StackGraph, app: GraphResource): SwiftConnections {
    const result: SwiftConnections = { linked: [], possible: [] };
    const link = swiftLinksByAppType[app.type];
    if (!link) {
        return result;
    }
    const [property, appKey] = link.names;
    addUnique(result.linked, stack.dependentsOf(app, property, [link.type]));
    for (const key of lower(literalKeys(app, appKey))) {
        for (const connection of stack.byLiteral(app, link.type, property, r => lower(literalKeys(r, property)), key)) {
            const unknown = unknownInScope(connection, app, link.scope);
            if (unknown === false || result.linked.includes(connection)) {
                continue;
            }
            if (unknown.length === 0) {
                result.linked.push(connection);
            } else {
                result.possible.push({ connection, unknown });
            }
        }
    }
    return result;
}

/**
 * Compares each pair of properties where both sides set a name (case-insensitive, as Azure names are):
 * false if a pair differs, else the pairs unknown on a side at preview (none: all agree).
 */
function unknownInScope(connection: GraphResource, app: GraphResource, pairs: readonly LiteralPair[]): string[] | false {
    const unknown: string[] = [];
    for (const [connectionKey, appKey] of pairs) {
        const [a, b] = [nameAt(connection, connectionKey), nameAt(app, appKey)];
        if (a === undefined || b === undefined) {
            continue;
        }
        if (a === UNKNOWN || b === UNKNOWN) {
            unknown.push(connectionKey === appKey ? appKey : `${connectionKey} / ${appKey}`);
        } else if (a !== b) {
            return false;
        }
    }
    return unknown;
}

/** A name or ID property, trimmed and lower case; undefined when absent or blank. */
function nameAt(resource: GraphResource, property: string): string | Unknown | undefined {
    const value = str(read(resource.props, property));
    return typeof value === "string" ? value.trim().toLowerCase() || undefined : value;
}
