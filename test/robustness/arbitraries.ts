// fast-check arbitraries for hostile resource inputs, in the engine's encoding: random JSON that
// uses the real property names of each type (from its SDK) at their real depths and the pack's
// own vocabulary, with preview unknowns, Pulumi secrets, wrong types, nulls, huge values, tricky
// keys, secret-shaped tokens and unique markers anywhere a value can be.
import fc from "fast-check";
import type { TestResource } from "../harness/args";
import {
    UNKNOWN, UNKNOWN_ARCHIVE, UNKNOWN_ARRAY, UNKNOWN_ASSET, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_OBJECT, SIG_KEY, secret, urnOf,
} from "../harness/engine";
import { Shape, packText, regexLiterals, sdkShape, seedStacks, typeTokens, vocabulary } from "./discover";

export const UNKNOWNS = [UNKNOWN, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_ASSET, UNKNOWN_ARCHIVE];

/** Everything the properties are generated from, discovered once. */
export const universe = (() => {
    const tokens = typeTokens();
    return {
        tokens,
        shapes: new Map(tokens.map(t => [t, sdkShape(t)] as const)),
        vocabulary: vocabulary(),
        packText: packText(),
        regexes: regexLiterals(),
        seeds: seedStacks(),
    };
})();

/** Sizes: the general properties stay small so that many runs fit; `huge` is for the few big ones. */
export interface Sizes {
    longString: number;
    depth: number;
    bigArray: number;
}
export const normalSizes: Sizes = { longString: 3_000, depth: 24, bigArray: 200 };
export const hugeSizes: Sizes = { longString: 100_000, depth: 200, bigArray: 5_000 };

// ---------------------------------------------------------------------------------------------
// Strings

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const fixed = (alphabet: string, length: number) =>
    fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });

/** A unique-looking value no rule knows: if one shows up in a message, a value leaked. */
export const MARKER_PREFIX = "mrk";
export const marker = fixed(ALNUM, 13).map(s => `${MARKER_PREFIX}${s}`);

/** A plaintext secret: the value to plant, and its core (what must never be printed). */
export interface PlantedSecret {
    value: string;
    core: string;
}

const as = (core: fc.Arbitrary<string>, wrap: (core: string) => string): fc.Arbitrary<PlantedSecret> =>
    core.map(c => ({ core: c, value: wrap(c) }));

/** Secrets shaped like real credentials, high-entropy strings and passwords. */
export const plantedSecret: fc.Arbitrary<PlantedSecret> = fc.oneof(
    as(fixed(UPPER_ALNUM, 16).map(s => `AKIA${s}`), c => c),
    as(fixed(MIXED, 40), c => c),
    as(fixed(MIXED, 36).map(s => `ghp_${s}`), c => c),
    as(fixed(MIXED, 24).map(s => `xoxb-1234-${s}`), c => c),
    as(fixed(MIXED, 24).map(s => `sk_live_${s}`), c => c),
    as(fixed(MIXED, 35).map(s => `AIza${s}`), c => c),
    as(fixed(MIXED, 30), c => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.${c}`),
    as(fixed(MIXED, 48), c => `-----BEGIN RSA PRIVATE KEY-----\n${c}\n-----END RSA PRIVATE KEY-----`),
    as(fixed(MIXED, 14).map(s => `P4ss!${s}`), c => `Server=db.internal;Database=app;User Id=app;Password=${c};`),
    as(fixed(MIXED, 14).map(s => `pw${s}`), c => `postgres://app:${c}@db.internal:5432/app`),
    as(fixed(MIXED, 44), c => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${c};EndpointSuffix=core.windows.net`),
    as(fixed(MIXED, 12).map(s => `Tr0ub4dor&3-${s}`), c => c),
    as(fc.string({ minLength: 13, maxLength: 40 }).filter(s => s.trim().length >= 13), c => c),
);

// ---------------------------------------------------------------------------------------------
// Values

const vocabularyString = fc.constantFrom(...universe.vocabulary);

/** Keys: real names, tricky ones (prototype members, empty, unicode, huge), random ones. */
const trickyKeys = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "length", "", " ", "0", "-1", "\u0000", "é", "🔑"];
export const keyArb = fc.oneof(
    { weight: 5, arbitrary: vocabularyString },
    { weight: 1, arbitrary: fc.constantFrom(...trickyKeys) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
);

const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 65535, 2 ** 53));

// IAM-like documents: statements built from the pack's own action names and document fields,
// with hostile values in any element, as JSON text or as an object.
const actions = universe.vocabulary.filter(w => /^(?:[a-z0-9-]+:[A-Za-z*?]+|\*|\*:\*)$/.test(w));
const actionArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("*", "*:*", "s3:*", "iam:*", "iam:Put*", "iam:PassRole", "lambda:*") },
    { weight: 3, arbitrary: fc.constantFrom(...actions) },
    { weight: 1, arbitrary: marker.map(m => `${m}:Get*`) },
);

function iamDocumentArb(hostile: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 15, arbitrary: arb }, { weight: 1, arbitrary: hostile });
    const actionList = fc.oneof(actionArb, fc.array(actionArb, { maxLength: 6 }));
    const resourceList = fc.oneof(fc.constantFrom("*", "arn:aws:iam::*:role/*"), marker, fc.array(fc.oneof(fc.constant("*"), marker), { maxLength: 3 }));
    const principal = fc.oneof(fc.constantFrom("*", { AWS: "*" }, { Service: "lambda.amazonaws.com" }), marker.map(m => ({ AWS: `arn:aws:iam::123456789012:role/${m}` })));
    // one element of each exclusive pair, mostly (both, or neither, now and then: malformed)
    const either = (a: string, b: string, value: fc.Arbitrary<unknown>) => fc.oneof(
        { weight: 6, arbitrary: maybe(value).map(v => ({ [a]: v })) },
        { weight: 2, arbitrary: maybe(value).map(v => ({ [b]: v })) },
        { weight: 1, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.tuple(value, value).map(([x, y]) => ({ [a]: x, [b]: y })) },
    );
    const statement = fc.tuple(
        fc.record({
            Sid: maybe(fc.oneof(marker, fc.constantFrom("Stmt1", ""))),
            Effect: maybe(fc.constantFrom("Allow", "Allow", "Deny", "allow")),
            Condition: maybe(fc.dictionary(fc.constantFrom("StringEquals", "StringLike", "ForAnyValue:StringEquals", "Bool", "StringNotEquals"),
                fc.dictionary(fc.constantFrom("aws:SourceAccount", "aws:PrincipalOrgID", "sts:ExternalId", "aws:SecureTransport"),
                    fc.oneof(marker, fc.constantFrom("*", true, "123456789012"), fc.array(marker, { maxLength: 2 })), { maxKeys: 2 }), { maxKeys: 2 })),
        }, { requiredKeys: ["Effect"] }),
        either("Action", "NotAction", actionList),
        either("Resource", "NotResource", resourceList),
        fc.oneof(fc.constant({}), either("Principal", "NotPrincipal", principal)),
    ).map(parts => Object.assign({}, ...parts));
    const document = fc.record({
        Version: maybe(fc.constant("2012-10-17")),
        Statement: maybe(fc.oneof(statement, fc.array(statement, { maxLength: 5 }))),
    }, { requiredKeys: [] });
    return fc.oneof({ weight: 3, arbitrary: document.map(d => JSON.stringify(d)) }, { weight: 1, arbitrary: document });
}

function leafArb(sizes: Sizes): fc.Arbitrary<unknown> {
    return fc.oneof(
        { weight: 6, arbitrary: vocabularyString },
        { weight: 4, arbitrary: marker },
        { weight: 3, arbitrary: fc.constantFrom(...UNKNOWNS) },
        { weight: 2, arbitrary: plantedSecret.map(s => s.value) },
        { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
        { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
        { weight: 2, arbitrary: number },
        { weight: 2, arbitrary: fc.boolean() },
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom([], {}, "", " ", "true", "false", "*", "null") },
        // huge: a long run of one word or character, or a big array
        {
            weight: 1, arbitrary: fc.tuple(fc.oneof(vocabularyString, fc.string({ minLength: 1, maxLength: 3 })), fc.integer({ min: 1, max: sizes.longString }))
                .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)),
        },
        { weight: 1, arbitrary: fc.array(fc.oneof(vocabularyString, marker, number), { minLength: sizes.bigArray / 2, maxLength: sizes.bigArray }) },
        // deep: nested lists or objects under real keys
        {
            weight: 1, arbitrary: fc.tuple(fc.integer({ min: 2, max: sizes.depth }), keyArb, fc.oneof(marker, vocabularyString), fc.boolean())
                .map(([depth, key, leaf, asList]) => {
                    let value: unknown = leaf;
                    for (let i = 0; i < depth; i++) {
                        value = asList ? [value] : { [key]: value };
                    }
                    return value;
                }),
        },
    );
}

/** Random JSON of any shape, with every kind of leaf, secrets wrapping any subtree. */
export function hostileArb(sizes: Sizes = normalSizes): fc.Arbitrary<unknown> {
    const leaf = leafArb(sizes);
    return fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown>; secret: unknown; json: string; iam: unknown }>(tie => ({
        value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object"), tie("secret"), tie("json"), tie("iam")),
        iam: iamDocumentArb(tie("value")),
        array: fc.array(tie("value"), { maxLength: 4 }),
        object: fc.dictionary(keyArb, tie("value"), { maxKeys: 4, noNullPrototype: true }),
        secret: tie("value").map(v => secret(v)),
        // JSON text: policy documents and other embedded documents are parsed by the rules
        json: fc.oneof(tie("object"), tie("array")).map(v => JSON.stringify(v)),
    })).value;
}

// ---------------------------------------------------------------------------------------------
// Props following the SDK's shape of a type

function shapeArb(shape: Shape, sizes: Sizes, hostile: fc.Arbitrary<unknown>, depth: number): fc.Arbitrary<unknown> {
    const child = (s: Shape) => fc.oneof(
        { weight: 3, arbitrary: fc.constant(null).chain(() => shapeArb(s, sizes, hostile, depth + 1)) },
        { weight: 1, arbitrary: hostile },
    );
    switch (shape.kind) {
        case "object": {
            const names = Object.keys(shape.fields);
            if (names.length === 0 || depth > 6) {
                return hostile;
            }
            return fc.tuple(
                fc.subarray(names, { maxLength: Math.min(names.length, depth === 0 ? 14 : 5) }),
                fc.dictionary(keyArb, hostile, { maxKeys: 2, noNullPrototype: true }),
            ).chain(([picked, extra]) => fc.record(Object.fromEntries(picked.map(n => [n, child(shape.fields[n])])))
                .map(fields => ({ ...extra, ...fields })));
        }
        case "array":
            return fc.array(child(shape.of), { maxLength: 3 });
        case "map":
            return fc.dictionary(keyArb, child(shape.of), { maxKeys: 4, noNullPrototype: true });
        case "string":
            return fc.oneof(vocabularyString, marker, plantedSecret.map(s => s.value), fc.constantFrom(...UNKNOWNS), iamDocumentArb(hostile), hostile);
        default:
            return hostile;
    }
}

/** Props of a resource of `token`: its SDK shape, hostile values anywhere, sometimes all secret. */
export function propsArb(token: string, sizes: Sizes = normalSizes): fc.Arbitrary<Record<string, unknown>> {
    const hostile = hostileArb(sizes);
    const shape = universe.shapes.get(token) ?? { kind: "object", fields: {} };
    const props = shapeArb(shape, sizes, hostile, 0).map(p => (p !== null && typeof p === "object" && !Array.isArray(p) ? p as Record<string, unknown> : { value: p }));
    return fc.oneof(
        { weight: 8, arbitrary: props },
        { weight: 1, arbitrary: fc.dictionary(keyArb, hostile, { maxKeys: 6, noNullPrototype: true }) },
        { weight: 1, arbitrary: props.map(p => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === undefined ? v : secret(v)]))) },
    );
}

// ---------------------------------------------------------------------------------------------
// Stacks

/** A dependency edge by positions: resource `from`'s `property` came from resources `to`. */
interface Edge {
    from: number;
    property: string;
    to: number[];
}

function withNames(entries: { type: string; name: string; properties: Record<string, unknown>; propertyDependencies?: Record<string, string[]> }[]): TestResource[] {
    const seen = new Set<string>();
    return entries.map((e, i) => {
        let name = e.name;
        while (seen.has(`${e.type}::${name}`)) {
            name = `${name}-${i}`;
        }
        seen.add(`${e.type}::${name}`);
        return { type: e.type, name, urn: urnOf(e.type, name), properties: e.properties, propertyDependencies: { ...(e.propertyDependencies ?? {}) } };
    });
}

/** Random propertyDependencies between the resources (and to URNs of no resource, and to itself). */
function link(resources: TestResource[], edges: Edge[]): TestResource[] {
    const n = resources.length;
    for (const edge of edges) {
        const from = resources[edge.from % n];
        const urns = edge.to.map(t => (t % (n + 1) === n ? urnOf("aws:iam/role:Role", "not-in-this-stack") : resources[t % (n + 1)].urn));
        const property = edge.property === "" || edge.property === "__proto__" ? "x" : edge.property;
        const deps = from.propertyDependencies!;
        deps[property] = [...new Set([...(Object.hasOwn(deps, property) ? deps[property] : []), ...urns])];
    }
    return resources;
}

const resourceName = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom("app", "fn", "role", "sg", "policy", "orders", "api") },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter(s => !s.includes("::")) },
);

export function resourceArb(sizes: Sizes = normalSizes) {
    return fc.constantFrom(...universe.tokens).chain(type =>
        fc.record({ type: fc.constant(type), name: resourceName, properties: propsArb(type, sizes) }));
}

const edgeArb = (properties: fc.Arbitrary<string>) => fc.record({
    from: fc.nat(), property: properties, to: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
});

/** A stack of random resources of the known types, randomly linked. */
export function randomStackArb(maxResources = 6, sizes: Sizes = normalSizes): fc.Arbitrary<TestResource[]> {
    return fc.tuple(
        fc.array(resourceArb(sizes), { minLength: 1, maxLength: maxResources }),
        fc.array(edgeArb(keyArb), { maxLength: maxResources * 2 }),
    ).map(([entries, edges]) => link(withNames(entries), edges));
}

/** One change to a seed stack: at a path picked by positions, put a hostile value (or wrap it). */
interface Mutation {
    resource: number;
    path: number[];
    action: "replace" | "secret" | "unknown" | "delete" | "add";
    value: unknown;
    key: string;
}

function mutate(resources: TestResource[], mutations: Mutation[]): TestResource[] {
    const copy: TestResource[] = structuredClone(resources);
    // values are copied in: fast-check hands out constants ({}, []) by reference
    for (const m of mutations.map(m => ({ ...m, value: structuredClone(m.value) }))) {
        const resource = copy[m.resource % copy.length];
        let parent: Record<string, unknown> | unknown[] = resource.properties;
        let key: string | number | undefined;
        for (const pick of m.path) {
            const container: unknown = key === undefined ? parent : (parent as Record<string, unknown>)[key as string];
            if (container === null || typeof container !== "object") {
                break;
            }
            // inside a secret wrapper, only its value is data
            const keys = Object.keys(container).filter(k => k !== SIG_KEY);
            if (keys.length === 0) {
                break;
            }
            parent = container as Record<string, unknown>;
            key = Array.isArray(container) ? pick % keys.length : keys[pick % keys.length];
        }
        const target = parent as Record<string | number, unknown>;
        if (key === undefined || m.action === "add") {
            target[Array.isArray(target) ? target.length : m.key] = m.value;
        } else if (m.action === "delete" && !(SIG_KEY in target)) {
            if (Array.isArray(target)) {
                target.splice(key as number, 1); // the engine never sends holes
            } else {
                delete target[key];
            }
        } else {
            const old = target[key];
            target[key] = m.action === "secret" ? (old === undefined ? m.value : secret(old))
                : m.action === "unknown" ? UNKNOWNS[m.path.length % UNKNOWNS.length]
                : m.value;
        }
    }
    return copy;
}

const mutationArb = (hostile: fc.Arbitrary<unknown>) => fc.record({
    resource: fc.nat(),
    path: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
    action: fc.constantFrom("replace", "secret", "unknown", "delete", "add", "replace") as fc.Arbitrary<Mutation["action"]>,
    value: hostile,
    key: keyArb,
});

/** Replaces one string leaf (picked by `picks`) under `props` with `value`, or adds it under a new key. */
export function replaceSomeString(props: Record<string, unknown>, picks: number[], value: unknown, intoDocuments = true): void {
    const leaves: { parent: Record<string | number, unknown>; key: string | number }[] = [];
    const walk = (node: unknown): void => {
        if (node === null || typeof node !== "object") {
            return;
        }
        for (const [k, v] of Object.entries(node)) {
            if (typeof v === "string" && k !== "name" && k !== SIG_KEY) {
                leaves.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(k) : k });
            }
            walk(v);
        }
    };
    walk(props);
    if (leaves.length === 0) {
        props.planted = structuredClone(value);
        return;
    }
    const { parent, key } = leaves[(picks[0] ?? 0) % leaves.length];
    const old = parent[key] as string;
    // a JSON document (IAM policy): plant inside it, so its parser sees the secret
    if (intoDocuments && /^\s*\{/.test(old)) {
        try {
            const doc = JSON.parse(old);
            replaceSomeString(doc, picks.slice(1), value);
            parent[key] = JSON.stringify(doc, (_k, v) => v);
            return;
        } catch {
            // not JSON: replace it whole
        }
    }
    parent[key] = structuredClone(value);
}

/** A discovered secure stack with hostile changes, plus some random resources linked in. */
export function mutatedSeedArb(sizes: Sizes = normalSizes): fc.Arbitrary<TestResource[]> {
    if (universe.seeds.length === 0) {
        return randomStackArb(6, sizes);
    }
    const hostile = hostileArb(sizes);
    return fc.tuple(
        fc.constantFrom(...universe.seeds),
        fc.array(mutationArb(hostile), { minLength: 1, maxLength: 8 }),
        fc.array(resourceArb(sizes), { maxLength: 2 }),
        fc.array(edgeArb(keyArb), { maxLength: 3 }),
        fc.array(fc.record({
            resource: fc.nat(), picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
            value: fc.oneof(iamDocumentArb(hostile), hostile), intoDocuments: fc.boolean(),
        }), { maxLength: 4 }),
    ).map(([seed, mutations, extra, edges, leaves]) => {
        const mutated = mutate(seed.resources, mutations);
        for (const leaf of leaves) {
            replaceSomeString(mutated[leaf.resource % mutated.length].properties, leaf.picks, leaf.value, leaf.intoDocuments);
        }
        return link(withNames([...mutated, ...extra]), edges);
    });
}

/** Either kind of stack. */
export function stackArb(sizes: Sizes = normalSizes): fc.Arbitrary<TestResource[]> {
    return fc.oneof(randomStackArb(6, sizes), mutatedSeedArb(sizes));
}
