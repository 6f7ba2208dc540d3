// Unknown-safe reading of resource properties.
//
// At preview, @pulumi/policy hands policies a proxy that throws on any unknown value, which makes
// the SDK drop the whole policy for that resource (failing open). We read the plain object behind
// the proxy instead, where an unknown is the engine's sentinel string, and turn sentinels into
// `UNKNOWN` so that every rule decides on purpose what an unknown means.
import { Secret } from "@pulumi/policy";
import { proxyTarget } from "../../engine/sdk/internals";
import { isUnknownSentinel } from "../../engine/wire";

/** A value that is not known until the resource is created (preview only). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

export type Props = Record<string, unknown>;

/** The plain properties behind the SDK's unknown-checking proxy (or the object itself, a Secret wrapper opened). */
export function plainProps(props: unknown): Props {
    const value = revealed(props);
    if (value === null || typeof value !== "object") {
        return {};
    }
    const target = proxyTarget(value);
    const plain = target !== undefined && target !== null && typeof target === "object" ? target : value;
    return Array.isArray(plain) ? {} : (plain as Props);
}

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN || isUnknownSentinel(value);
}

/**
 * In Remediate, a policy after one that remediated sees that one's result: plain objects that hold
 * the SDK's Secret wrappers (no proxy unwraps them any more). Every reader below reads through
 * them, here, so a secret value, list, map or element reads like a plain one.
 */
function revealed(value: unknown): unknown {
    return value instanceof Secret ? value.value : value;
}

/** What a reader sees of a value: a Secret wrapper opened, an unknown as `UNKNOWN`. */
function seen(value: unknown): unknown {
    const v = revealed(value);
    return isUnknown(v) ? UNKNOWN : v;
}

/** The elements of an array with Secret wrappers opened (the same array when there are none). */
function revealedElements(values: unknown[]): unknown[] {
    return values.some(v => v instanceof Secret) ? values.map(revealed) : values;
}

/**
 * The value at `path` below `value`: `UNKNOWN` if it or anything on the way is unknown,
 * `undefined` if anything on the way is absent or not an object.
 */
export function read(value: unknown, ...path: (string | number)[]): unknown {
    let current = seen(value);
    for (const key of path) {
        if (current === UNKNOWN) {
            return UNKNOWN;
        }
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = seen((current as Record<string | number, unknown>)[key]);
    }
    return current;
}

/** A string, `UNKNOWN`, or `undefined` for anything else. */
export function str(value: unknown): string | Unknown | undefined {
    const v = seen(value);
    return v === UNKNOWN || typeof v === "string" ? v : undefined;
}

/** A boolean (also from "true"/"false"), `UNKNOWN`, or `undefined`. */
export function bool(value: unknown): boolean | Unknown | undefined {
    const v = seen(value);
    if (v === UNKNOWN || typeof v === "boolean") {
        return v;
    }
    if (v === "true" || v === "false") {
        return v === "true";
    }
    return undefined;
}

/** A finite number (also from a numeric string), `UNKNOWN`, or `undefined`. */
export function num(value: unknown): number | Unknown | undefined {
    const v = seen(value);
    if (v === UNKNOWN) {
        return UNKNOWN;
    }
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** An array, `UNKNOWN`, or `undefined`. Its elements may still be unknown. */
export function list(value: unknown): unknown[] | Unknown | undefined {
    const v = seen(value);
    if (v === UNKNOWN) {
        return UNKNOWN;
    }
    return Array.isArray(v) ? revealedElements(v) : undefined;
}

/** A plain object (not an array), `UNKNOWN`, or `undefined`. Its fields may still be unknown. */
export function record(value: unknown): Props | Unknown | undefined {
    const v = seen(value);
    if (v === UNKNOWN) {
        return UNKNOWN;
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        return undefined;
    }
    return revealedFields(v as Props);
}

/** The fields of an object with Secret wrappers opened (the same object when there are none). */
function revealedFields(value: Props): Props {
    try {
        const entries = Object.entries(value);
        return entries.some(([, e]) => e instanceof Secret) ? Object.fromEntries(entries.map(([k, e]) => [k, revealed(e)])) : value;
    } catch {
        return value; // a getter that throws: the caller's own reads will meet it
    }
}

/**
 * The elements of a list: `[]` for absent or malformed, unknown elements as `UNKNOWN`, and an
 * unknown list as `[UNKNOWN]` (it has elements nobody knows yet).
 */
export function items(value: unknown): unknown[] {
    const v = seen(value);
    if (v === UNKNOWN) {
        return [UNKNOWN];
    }
    return Array.isArray(v) ? v.map(seen) : [];
}

/** The strings of a list (or of a single string); whether some element or the list is unknown. */
export function strings(value: unknown): { values: string[]; unknown: boolean } {
    const v = seen(value);
    if (v === UNKNOWN) {
        return { values: [], unknown: true };
    }
    if (typeof v === "string") {
        return { values: [v], unknown: false };
    }
    const values: string[] = [];
    let unknown = false;
    for (const e of (Array.isArray(v) ? v : []).map(seen)) {
        if (e === UNKNOWN) {
            unknown = true;
        } else if (typeof e === "string") {
            values.push(e);
        }
    }
    return { values, unknown };
}

/** True when the value is present (not undefined, not null). Unknown counts as present. */
export function isSet(value: unknown): boolean {
    return value !== undefined && value !== null;
}
