// What the program set on each resource, as Analyze saw it. AnalyzeStack gets outputs, which at
// preview are the provider's planned state: every attribute the provider computes and the program
// left unset is unknown there (a role's inlinePolicies, a group's egress, a Cloud Run service's
// account). Analyze gets the inputs first, in the same process, so the pack remembers which
// properties each resource set (their shape, not their values) and the stack graph reads an
// unknown output the program never set as absent: "not set", not "not known yet". A few inputs
// that a provider does not echo in its outputs (azure-native's resourceGroupName, which links by
// name need) are remembered by value, for the stack graph to read from the inputs.
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { SIG_KEY, isUnknownSentinel } from "./wire";

/** Which properties were set: a leaf (set, to a value or an unknown), an object's keys, a list's elements. */
export type Presence = true | { [key: string]: Presence } | Presence[];

/** Resources remembered, oldest first; beyond the bound the oldest are forgotten (read as before: unknown). */
const maxResources = 200_000;
/** Deeper than this, a value counts as set as a whole. */
export const maxPresenceDepth = 8;

interface Remembered {
    set: Presence;
    /** The top-level string inputs of `keptInputs` (an unknown one as the engine's sentinel). */
    values?: Record<string, string>;
}

const remembered = new Map<string, Remembered>();

/** Top-level inputs kept by value: the providers that drop them from their outputs, and the keys the links read. */
const keptInputs: { typePrefix: string; keys: ReadonlySet<string> }[] = [];

/** Keeps the string values of `keys` for resources whose type starts with `typePrefix` (providers that do not echo them). */
export function keepInputValues(typePrefix: string, keys: readonly string[]): void {
    keptInputs.push({ typePrefix, keys: new Set(keys) });
    keptKeysByType.clear();
}

/** Per resource type, the keys kept by value (worked out once per type). */
const keptKeysByType = new Map<string, ReadonlySet<string> | undefined>();

/** The top-level inputs of a resource of `type` to keep by value. */
export function keptInputKeys(type: string): ReadonlySet<string> | undefined {
    if (!keptKeysByType.has(type)) {
        let kept: Set<string> | undefined;
        for (const { typePrefix, keys } of keptInputs) {
            if (type.startsWith(typePrefix)) {
                keys.forEach(key => (kept ??= new Set()).add(key));
            }
        }
        keptKeysByType.set(type, kept);
    }
    return keptKeysByType.get(type);
}

function keptValues(type: string, properties: Struct): Record<string, string> | undefined {
    let values: Record<string, string> | undefined;
    for (const { typePrefix, keys } of keptInputs) {
        if (!type.startsWith(typePrefix)) {
            continue;
        }
        for (const key of keys) {
            const value = properties.getFieldsMap().get(key);
            if (value?.getKindCase() === kind.STRING_VALUE) {
                (values ??= {})[key] = value.getStringValue();
            }
        }
    }
    return values;
}

const kind = Value.KindCase;

function presenceOf(value: Value, depth: number): Presence | undefined {
    switch (value.getKindCase()) {
        case kind.NULL_VALUE:
        case kind.KIND_NOT_SET:
            return undefined;
        case kind.STRUCT_VALUE: {
            // A secret, asset or archive is one value, whatever it holds.
            const struct = value.getStructValue()!;
            return depth < maxPresenceDepth && !struct.getFieldsMap().has(SIG_KEY) ? structPresence(struct, depth + 1) : true;
        }
        case kind.LIST_VALUE:
            return depth < maxPresenceDepth ? value.getListValue()!.getValuesList().map(v => presenceOf(v, depth + 1) ?? true) : true;
        default:
            return true;
    }
}

function structPresence(struct: Struct, depth: number): Presence {
    const fields: { [key: string]: Presence } = {};
    struct.getFieldsMap().forEach((value, key) => {
        const presence = presenceOf(value, depth);
        if (presence !== undefined) {
            fields[key] = presence;
        }
    });
    return fields;
}

/** Remembers which properties the program set on `urn` (Analyze's inputs). */
export function rememberProgramInputs(urn: string, type: string, properties: Struct | undefined): void {
    rememberSetInputs(urn, properties ? structPresence(properties, 0) : {}, properties && keptValues(type, properties));
}

/** Remembers that the program set `set` on `urn`, and the kept inputs' `values` (read from the request's bytes). */
export function rememberSetInputs(urn: string, set: Presence, values?: Record<string, string>): void {
    if (!urn) {
        return;
    }
    remembered.delete(urn);
    remembered.set(urn, values ? { set, values } : { set });
    if (remembered.size > maxResources) {
        remembered.delete(remembered.keys().next().value!);
    }
}

/** Whether Analyze saw `urn` in this process (its own inputs were then judged there). */
export const sawInAnalyze = (urn: string): boolean => remembered.has(urn);

/** What the program set on `urn`, if Analyze saw it in this process. */
export const programInputsOf = (urn: string): Remembered | undefined => remembered.get(urn);

/** Forgets everything (tests). */
export const forgetProgramInputs = () => remembered.clear();

/**
 * `outputs` with every unknown the program did not set left out, at any depth, and the kept inputs
 * the outputs lack (the same object when there is nothing to change). An unknown where the program
 * set something stays unknown.
 */
export function asProgramSet(outputs: Record<string, unknown>, inputs: Remembered | undefined): Record<string, unknown> {
    if (inputs === undefined || inputs.set === true || Array.isArray(inputs.set)) {
        return outputs;
    }
    const settledOutputs = settled(outputs, inputs.set) as Record<string, unknown>;
    const missing = Object.entries(inputs.values ?? {}).filter(([key]) => settledOutputs[key] === undefined);
    return missing.length === 0 ? settledOutputs : { ...settledOutputs, ...Object.fromEntries(missing) };
}

function settled(value: unknown, presence: Presence): unknown {
    if (presence === true || value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        if (!Array.isArray(presence)) {
            return value;
        }
        let copy: unknown[] | undefined;
        value.forEach((element, i) => {
            const next = presence[i] === undefined ? element : settled(element, presence[i]);
            if (next !== element) {
                (copy ??= [...value])[i] = next;
            }
        });
        return copy ?? value;
    }
    if (Array.isArray(presence)) {
        return value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
        const set = presence[key];
        if (set === undefined) {
            if (isUnknownSentinel(field)) {
                delete (copy ??= { ...(value as Record<string, unknown>) })[key];
            }
            continue;
        }
        const next = settled(field, set);
        if (next !== field) {
            (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
        }
    }
    return copy ?? value;
}
