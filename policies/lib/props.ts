// Unknown-safe reading of resource properties.
//
// At preview, @pulumi/policy hands policies a proxy that throws on any unknown value, which makes
// the SDK drop the whole policy for that resource (failing open). We read the plain object behind
// the proxy instead, where an unknown is the engine's sentinel string, and turn sentinels into
// `UNKNOWN` so that every rule decides on purpose what an unknown means.
import { Secret } from "@pulumi/policy";

/** A value that is not known until the resource is created (preview only). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

const unknownSentinels = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** @pulumi/policy's proxy hands out its target under this key without checking it. */
const proxyTargetKey = "__getSpecialProxyTarget";

export type Props = Record<string, unknown>;

/** The plain properties behind the SDK's unknown-checking proxy (or the object itself). */
export function plainProps(props: unknown): Props {
    if (props === null || typeof props !== "object") {
        return {};
    }
    let target: unknown;
    try {
        target = (props as Record<string, unknown>)[proxyTargetKey];
    } catch {
        target = undefined;
    }
    const plain = target !== undefined && target !== null && typeof target === "object" ? target : props;
    return Array.isArray(plain) ? {} : (plain as Props);
}

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN || (typeof value === "string" && value.length === 36 && unknownSentinels.has(value));
}

/**
 * The value at `path` below `value`: `UNKNOWN` if it or anything on the way is unknown,
 * `undefined` if anything on the way is absent or not an object.
 */
export function read(value: unknown, ...path: (string | number)[]): unknown {
    let current = revealed(value);
    for (const key of path) {
        if (isUnknown(current)) {
            return UNKNOWN;
        }
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = revealed((current as Record<string | number, unknown>)[key]);
    }
    return isUnknown(current) ? UNKNOWN : current;
}

/**
 * In Remediate, a policy after one that remediated sees that one's result: plain objects that hold
 * the SDK's Secret wrappers (no proxy unwraps them any more). Read through them.
 */
function revealed(value: unknown): unknown {
    return value instanceof Secret ? value.value : value;
}

/** A string, `UNKNOWN`, or `undefined` for anything else. */
export function str(value: unknown): string | Unknown | undefined {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return typeof value === "string" ? value : undefined;
}

/** A boolean (also from "true"/"false"), `UNKNOWN`, or `undefined`. */
export function bool(value: unknown): boolean | Unknown | undefined {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (typeof value === "boolean") {
        return value;
    }
    if (value === "true" || value === "false") {
        return value === "true";
    }
    return undefined;
}

/** A finite number (also from a numeric string), `UNKNOWN`, or `undefined`. */
export function num(value: unknown): number | Unknown | undefined {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** An array, `UNKNOWN`, or `undefined`. Its elements may still be unknown. */
export function list(value: unknown): unknown[] | Unknown | undefined {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return Array.isArray(value) ? value : undefined;
}

/** A plain object (not an array), `UNKNOWN`, or `undefined`. Its fields may still be unknown. */
export function record(value: unknown): Props | Unknown | undefined {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : undefined;
}

/**
 * The elements of a list: `[]` for absent or malformed, unknown elements as `UNKNOWN`, and an
 * unknown list as `[UNKNOWN]` (it has elements nobody knows yet).
 */
export function items(value: unknown): unknown[] {
    if (isUnknown(value)) {
        return [UNKNOWN];
    }
    return Array.isArray(value) ? value.map(v => (isUnknown(v) ? UNKNOWN : v)) : [];
}

/** The strings of a list (or of a single string); whether some element or the list is unknown. */
export function strings(value: unknown): { values: string[]; unknown: boolean } {
    if (isUnknown(value)) {
        return { values: [], unknown: true };
    }
    if (typeof value === "string") {
        return { values: [value], unknown: false };
    }
    const values: string[] = [];
    let unknown = false;
    for (const v of Array.isArray(value) ? value : []) {
        if (isUnknown(v)) {
            unknown = true;
        } else if (typeof v === "string") {
            values.push(v);
        }
    }
    return { values, unknown };
}

/** True when the value is present (not undefined, not null). Unknown counts as present. */
export function isSet(value: unknown): boolean {
    return value !== undefined && value !== null;
}
