// Which project-, folder- and organisation-level grants reach which workloads' service accounts:
// the join the GCP identity rules share, indexed once per stack so that it stays linear in it.

import { UNKNOWN, Unknown } from "../props";
import type { GraphResource, StackGraph } from "../stackGraph";
import { Grant, IamLevel, grantsOf, hierarchyIam, membersProperty } from "./iam";
import { Identity, identityOf, normalEmail } from "./identity";
import { gcpTypes, workloadTypes } from "./types";

/** Whether a grant is given to the identity: "yes", "maybe" (unknown members that come from no resource of the stack) or "no". */
export function givenTo(grant: Grant, iam: GraphResource, property: string, identity: Identity, stack: StackGraph): "yes" | "maybe" | "no" {
    const linked = stack.dependenciesOf(iam, property, [gcpTypes.serviceAccount]);
    if (linked.some(account => identity.accounts.includes(account))) {
        return "yes";
    }
    if (grant.members.some(member => identity.emails.includes(normalEmail(member)) && /^serviceAccount:/i.test(member.trim()))) {
        return "yes";
    }
    return grant.membersUnknown && (iam.propertyDependencies[property] ?? []).length === 0 ? "maybe" : "no";
}

/** A project-, folder- or organisation-level IAM resource and its grants. */
export interface HierarchyGrants {
    iam: GraphResource;
    level: IamLevel;
    property: string;
    grants: Grant[] | Unknown;
    /** Position in the stack, to report in stack order. */
    order: number;
}

/**
 * The hierarchy IAM resources that may grant something to `identity`: those linked to one of its
 * accounts, those naming one of its emails as a serviceAccount member, and those whose members (or
 * whole policy) are unknown and unlinked. Indexed once per stack, so that judging every workload
 * stays linear in the stack instead of pairing every workload with every IAM resource.
 */
function hierarchyGrantsReaching(stack: StackGraph, identity: Identity): HierarchyGrants[] {
    const index = stack.memo("gcp.hierarchyGrants", () => {
        const byAccount = new Map<string, HierarchyGrants[]>();
        const byEmail = new Map<string, HierarchyGrants[]>();
        const unlinkedUnknown: HierarchyGrants[] = [];
        const add = (map: Map<string, HierarchyGrants[]>, key: string, entry: HierarchyGrants) => {
            const list = map.get(key) ?? [];
            if (!list.includes(entry)) {
                list.push(entry);
            }
            map.set(key, list);
        };
        stack.ofType(...Object.keys(hierarchyIam)).forEach((iam, order) => {
            const { level, form } = hierarchyIam[iam.type];
            const property = membersProperty[form];
            const entry: HierarchyGrants = { iam, level, property, grants: grantsOf(iam, form), order };
            const unlinked = (iam.propertyDependencies[property] ?? []).length === 0;
            for (const account of stack.dependenciesOf(iam, property, [gcpTypes.serviceAccount])) {
                add(byAccount, account.urn, entry);
            }
            if (entry.grants === UNKNOWN) {
                if (unlinked) {
                    unlinkedUnknown.push(entry);
                }
                return;
            }
            for (const grant of entry.grants) {
                for (const member of grant.members.filter(m => /^serviceAccount:/i.test(m.trim()))) {
                    add(byEmail, normalEmail(member), entry);
                }
            }
            if (unlinked && entry.grants.some(grant => grant.membersUnknown)) {
                unlinkedUnknown.push(entry);
            }
        });
        return { byAccount, byEmail, unlinkedUnknown };
    });
    const found = new Set([
        ...identity.accounts.flatMap(account => index.byAccount.get(account.urn) ?? []),
        ...identity.emails.flatMap(email => index.byEmail.get(email) ?? []),
        ...index.unlinkedUnknown,
    ]);
    return [...found].sort((a, b) => a.order - b.order);
}

/** The hierarchy IAM resources that may grant something to a workload's account, with the workloads, by IAM resource URN. */
export function workloadsByGrant(stack: StackGraph): Map<string, { entry: HierarchyGrants; reached: { workload: GraphResource; identity: Identity }[] }> {
    return stack.memo("gcp.workloadsByGrant", () => {
        const index = new Map<string, { entry: HierarchyGrants; reached: { workload: GraphResource; identity: Identity }[] }>();
        for (const workload of stack.ofType(...workloadTypes)) {
            const identity = identityOf(stack, workload);
            if (identity.emails.length === 0 && identity.accounts.length === 0) {
                continue;
            }
            for (const entry of hierarchyGrantsReaching(stack, identity)) {
                const found = index.get(entry.iam.urn) ?? { entry, reached: [] };
                found.reached.push({ workload, identity });
                index.set(entry.iam.urn, found);
            }
        }
        return index;
    });
}
