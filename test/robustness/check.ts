// The invariants every finding must keep, whatever the input.
import * as assert from "node:assert/strict";
import type { TestResource } from "../harness/args";
import { SECRET_SIG, SIG_KEY } from "../harness/engine";
import { Shape } from "./discover";
import { UNKNOWNS, universe } from "./arbitraries";

export interface Finding {
    policyName: string;
    message: string;
}

/** The wrapper's advisory when a rule threw: a bug on generated input. */
export const INTERNAL_ERROR = "could not evaluate";
/** The SDK's advisory when a rule touched an unknown through its proxy: the policy was dropped. */
export const PREVIEW_DROP = "during preview: ";

const show = (f: Finding) => `${f.policyName}: ${f.message}`;

/** No rule threw, and no rule tripped the SDK's unknown-checking proxy. */
export function assertNoRuleFailure(findings: Finding[]): void {
    for (const f of findings) {
        assert.ok(!f.message.includes(INTERNAL_ERROR), `a rule threw on this input:\n${show(f)}`);
        assert.ok(!(f.message.includes("can't run") && f.message.includes(PREVIEW_DROP)), `the SDK dropped a policy on an unknown:\n${show(f)}`);
    }
}

const sentinels = new Set(UNKNOWNS);
/** Values printed by design: `name` fields (names of settings, inline policies, containers) and
 *  operator-written exemption reasons (a tag such as `...exempt-reason`, sanitised when printed). */
const NAME_KEYS = /^name$|reason/i;
const vocabulary = new Set(universe.vocabulary);

function isSecretWrapper(value: object): value is { value: unknown } {
    return (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * The string values of some resources, and the names (resource names, keys, and values of `name`
 * fields, which are names of settings, policies and containers: reported by design). JSON text is
 * read too: embedded documents (IAM policies) hold values and keys of their own.
 */
export function valuesAndNames(resources: TestResource[]): { values: Set<string>; names: Set<string> } {
    const values = new Set<string>();
    const names = new Set<string>();
    const walk = (value: unknown, key: string | undefined, depth: number): void => {
        if (depth > 400) {
            return;
        }
        if (typeof value === "string") {
            if (sentinels.has(value)) {
                return;
            }
            const isName = key !== undefined && NAME_KEYS.test(key);
            (isName ? names : values).add(value);
            if (/^\s*[[{]/.test(value)) {
                try {
                    // JSON in a name is printed as part of the name: its strings count as names
                    walk(JSON.parse(value), isName ? key : undefined, depth + 1);
                } catch {
                    // not JSON
                }
            }
        } else if (Array.isArray(value)) {
            value.forEach(v => walk(v, key, depth + 1));
        } else if (value !== null && typeof value === "object") {
            if (isSecretWrapper(value)) {
                return walk(value.value, key, depth + 1);
            }
            for (const [k, v] of Object.entries(value)) {
                names.add(k);
                walk(v, key !== undefined && NAME_KEYS.test(key) ? key : k, depth + 1);
            }
        }
    };
    for (const resource of resources) {
        names.add(resource.name);
        walk(resource.properties, undefined, 0);
    }
    return { values, names };
}

/** Values that no message may contain: longer than 12 characters, not a name, not the pack's own
 *  words (`SystemAssigned` is a value and also part of a fix text). */
export function unprintableValues(resources: TestResource[]): string[] {
    const { values, names } = valuesAndNames(resources);
    return [...values].filter(v => v.length > 12 && !names.has(v) && !vocabulary.has(v) && !universe.packText.includes(v));
}

/** No message contains a value of the props (see `unprintableValues`), nor any of `secrets`. */
export function assertNoValues(findings: Finding[], resources: TestResource[], secrets: string[] = []): void {
    const forbidden = [...unprintableValues(resources), ...secrets];
    for (const f of findings) {
        for (const value of forbidden) {
            assert.ok(!f.message.includes(value),
                `a property value (${value.length} chars) leaked into a message:\n${show(f)}`);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Where settings live: maps of strings, and lists of { name, value } (from the SDK shapes)

export type Segment = { field: string; list: boolean };
export interface SettingsPlace {
    path: Segment[];
    kind: "map" | "pairs";
}

/** The places in a type's shape that hold named string settings (env vars, app settings...). */
export function settingsPlaces(shape: Shape, path: Segment[] = [], depth = 0): SettingsPlace[] {
    if (shape.kind !== "object" || depth > 5) {
        return [];
    }
    const places: SettingsPlace[] = [];
    for (const [field, child] of Object.entries(shape.fields)) {
        if (child.kind === "map" && (child.of.kind === "string" || child.of.kind === "any")) {
            places.push({ path: [...path, { field, list: false }], kind: "map" });
        } else if (child.kind === "array" && child.of.kind === "object" && "name" in child.of.fields && "value" in child.of.fields) {
            places.push({ path: [...path, { field, list: false }], kind: "pairs" });
        } else if (child.kind === "object") {
            places.push(...settingsPlaces(child, [...path, { field, list: false }], depth + 1));
        } else if (child.kind === "array" && child.of.kind === "object") {
            places.push(...settingsPlaces(child.of, [...path, { field, list: true }], depth + 1));
        }
    }
    return places;
}

/** Puts `name` = `value` at `place` in `props`, creating (or replacing malformed) containers on the way. */
export function plantSetting(props: Record<string, unknown>, place: SettingsPlace, name: string, value: unknown): void {
    let container: Record<string, unknown> = props;
    for (const { field, list } of place.path.slice(0, -1)) {
        let next = container[field];
        if (list) {
            if (!Array.isArray(next) || next.length === 0 || next[0] === null || typeof next[0] !== "object" || Array.isArray(next[0])) {
                next = [{}];
                container[field] = next;
            }
            container = (next as Record<string, unknown>[])[0];
        } else {
            if (next === null || typeof next !== "object" || Array.isArray(next) || isSecretWrapper(next)) {
                next = {};
                container[field] = next;
            }
            container = next as Record<string, unknown>;
        }
    }
    const last = place.path[place.path.length - 1].field;
    if (place.kind === "map") {
        const map = container[last];
        const plain = map !== null && typeof map === "object" && !Array.isArray(map) && !isSecretWrapper(map) ? map as Record<string, unknown> : {};
        container[last] = { ...plain, [name]: value };
    } else {
        const list = Array.isArray(container[last]) ? container[last] as unknown[] : [];
        container[last] = [...list, { name, value }];
    }
}
