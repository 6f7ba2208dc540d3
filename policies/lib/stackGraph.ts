// The stack as a graph, to link a function to its identity, permissions and network.
//
// At preview, ARNs, emails and principal IDs of new resources are unknown, so the first link is
// `propertyDependencies` (which resources a property's value came from); literal values (names,
// ARNs, ids) are the second, for resources created elsewhere or already deployed, and they link
// only within a provider's account (lib/providers).
import type { PolicyResource } from "@pulumi/policy";
import { Props, plainProps, read, str } from "./props";
import { asProgramSet, programInputsOf } from "../../engine/programInputs";
import { ProviderScope, arnAccount, providerScope, sameScope } from "./providers";
import type { Resource } from "./resource";

export interface GraphResource extends Resource {
    /** Per top-level property, the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** The component or resource it was declared in, if any. */
    parent?: string;
    provider: ProviderScope;
}

export class StackGraph {
    private readonly byType = new Map<string, GraphResource[]>();
    private readonly byUrn = new Map<string, GraphResource>();
    private readonly memos = new Map<string, unknown>();

    constructor(readonly resources: GraphResource[]) {
        for (const resource of resources) {
            this.byUrn.set(resource.urn, resource);
            const sameType = this.byType.get(resource.type);
            if (sameType) {
                sameType.push(resource);
            } else {
                this.byType.set(resource.type, [resource]);
            }
        }
    }

    ofType(...types: string[]): GraphResource[] {
        if (types.length === 1) {
            return this.byType.get(types[0]) ?? [];
        }
        return this.memo(`ofType\u0000${types.join("\u0000")}`, () => types.flatMap(type => this.byType.get(type) ?? []));
    }

    get(urn: string): GraphResource | undefined {
        return this.byUrn.get(urn);
    }

    /** Resources of `types` that `resource.props[property]` was computed from. */
    dependenciesOf(resource: GraphResource, property: string, types: readonly string[]): GraphResource[] {
        const found: GraphResource[] = [];
        for (const urn of resource.propertyDependencies[property] ?? []) {
            const dependency = this.byUrn.get(urn);
            if (dependency && types.includes(dependency.type)) {
                found.push(dependency);
            }
        }
        return found;
    }

    /** Resources of `types` whose `property` was computed from `target`. */
    dependentsOf(target: GraphResource, property: string, types: readonly string[]): GraphResource[] {
        return types.flatMap(type => this.memo(`dependents\u0000${type}\u0000${property}`,
            () => indexBy(this.ofType(type), r => r.propertyDependencies[property] ?? [])).get(target.urn) ?? []);
    }

    /**
     * A value derived from the whole stack, computed once per graph (indexes, groupings). Every stack
     * policy shares the graph: a memo must not depend on one policy's config or reporter.
     */
    memo<T>(key: string, compute: () => T): T {
        if (!this.memos.has(key)) {
            this.memos.set(key, compute());
        }
        return this.memos.get(key) as T;
    }

    /**
     * Resources of `type` that `from` names literally by `value` (one of `keysOf(resource)`), within
     * `from`'s provider boundary (see linkedWithin; `account`: the account an ARN named, when `value`
     * is a part of it). The index is built once per (type, indexName)
     * and graph, so lookups stay linear in the stack.
     */
    byLiteral(
        from: GraphResource, type: string, indexName: string, keysOf: (resource: GraphResource) => string[], value: string,
        account = arnAccount(value),
    ): GraphResource[] {
        const candidates = this.memo(`literal\u0000${type}\u0000${indexName}`, () => indexBy(this.ofType(type), keysOf)).get(value) ?? [];
        return candidates.length === 0 ? candidates : linkedWithin(from, candidates, account);
    }
}

/**
 * The non-empty literal strings at `paths` of a resource (a path: a property, or a list of keys),
 * what links by name, ARN or ID compare.
 */
export function literalKeys(resource: Resource, ...paths: (string | readonly string[])[]): string[] {
    return paths.map(path => str(read(resource.props, ...(typeof path === "string" ? [path] : path))))
        .filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

/**
 * The candidates a literal name may mean, seen from `from`: not those whose known account differs
 * from an ARN's; those under `from`'s provider, or a provider of its known account; failing that,
 * candidates that all share one other provider (a region's provider of the same account, most
 * likely); none when they span several providers whose accounts are not known (which one is
 * meant cannot be told, and guessing would judge one account's function by another's role).
 */
export function linkedWithin(from: GraphResource, candidates: GraphResource[], account?: string): GraphResource[] {
    const possible = account === undefined ? candidates : candidates.filter(c => c.provider.account === undefined || c.provider.account === account);
    const same = possible.filter(c => sameScope(from.provider, c.provider) === true);
    if (same.length > 0) {
        return same;
    }
    const undecided = possible.filter(c => sameScope(from.provider, c.provider) === undefined);
    return undecided.length > 0 && undecided.every(c => c.provider.urn === undecided[0].provider.urn) ? undecided : [];
}

/** Resources by each of their keys. */
export function indexBy(resources: GraphResource[], keysOf: (resource: GraphResource) => string[]): Map<string, GraphResource[]> {
    const index = new Map<string, GraphResource[]>();
    for (const resource of resources) {
        for (const key of new Set(keysOf(resource))) {
            const group = index.get(key);
            if (group) {
                group.push(resource);
            } else {
                index.set(key, [resource]);
            }
        }
    }
    return index;
}

/** Adds `more` to `found` unless already there (links found both ways are one link). */
export function addUnique<T>(found: T[], more: Iterable<T>): T[] {
    for (const item of more) {
        if (!found.includes(item)) {
            found.push(item);
        }
    }
    return found;
}

const graphs = new WeakMap<readonly PolicyResource[], StackGraph>();

/**
 * The graph of a stack. The pack gives every stack policy of one AnalyzeStack the same resources
 * (engine/sdk/argsOnce), so indexes and memos are built once per request instead of once per
 * policy, and are dropped with the request.
 */
export function stackGraph(resources: readonly PolicyResource[]): StackGraph {
    let graph = graphs.get(resources);
    if (graph === undefined) {
        graph = new StackGraph(resources.map(toGraphResource));
        graphs.set(resources, graph);
    }
    return graph;
}

function toGraphResource(resource: PolicyResource): GraphResource {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [property, dependencies] of Object.entries(resource.propertyDependencies ?? {})) {
        propertyDependencies[property] = (dependencies ?? []).map(d => d.urn);
    }
    const props: Props = asProgramSet(plainProps(resource.props), programInputsOf(resource.urn));
    return {
        type: resource.type, name: resource.name, urn: resource.urn, props, propertyDependencies,
        parent: resource.parent?.urn, provider: providerScope(resource.provider),
    };
}
