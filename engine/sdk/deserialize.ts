// A resource's properties as @pulumi/policy's deserializeProperties(struct, false) gives them, in one
// pass: over the protobuf Struct (deserializedProps), or over the Struct's bytes (readStruct), which
// also gives what engine/programInputs remembers and marks the secrets it opens (secretMarks). The
// SDK converts the Struct to JavaScript and then copies the result, unwrapping secrets; at Analyze,
// that pair was the largest part of building a rule's arguments, and the library's objects for the
// request's values cost more than the rules (docs/performance.md). Assets, archives and other
// signatures are left to the SDK, so their objects are its own. test/lib/argsOnce.test.ts and
// test/engine/readStruct.test.ts compare them with the SDK on hostile properties.
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { Presence, maxPresenceDepth } from "../programInputs";
import { WireReader, notWire } from "../protobuf";
import type { Deserialize } from "./internals";
import { markSecretKeys } from "./secretMarks";
import { SECRET_SIG, SIG_KEY } from "../wire";


const kind = Value.KindCase;

/** The props of `struct`, as `deserialize` (the SDK's) gives them; throws where it would throw, or earlier. */
export function deserializedProps(struct: Struct, deserialize: Deserialize): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    struct.getFieldsMap().forEach((value, key) => {
        out[key] = valueOf(value, deserialize);
    });
    return out;
}

function valueOf(value: Value, deserialize: Deserialize): unknown {
    switch (value.getKindCase()) {
        case kind.NULL_VALUE: return null;
        case kind.NUMBER_VALUE: return value.getNumberValue();
        case kind.STRING_VALUE: return value.getStringValue();
        case kind.BOOL_VALUE: return value.getBoolValue();
        case kind.LIST_VALUE: return value.getListValue()!.getValuesList().map(v => valueOf(v, deserialize));
        case kind.STRUCT_VALUE: return structValueOf(value, deserialize);
        default: throw new Error("a value of no kind");
    }
}

/** An object, or what a signature stands for: a secret's own value; anything else as the SDK makes it. */
function structValueOf(value: Value, deserialize: Deserialize): unknown {
    const struct = value.getStructValue()!;
    const fields = struct.getFieldsMap();
    const sig = fields.get(SIG_KEY);
    if (sig === undefined) {
        return deserializedProps(struct, deserialize);
    }
    const secretValue = fields.get("value");
    if (sig.getKindCase() === kind.STRING_VALUE && sig.getStringValue() === SECRET_SIG && secretValue !== undefined) {
        return valueOf(secretValue, deserialize);
    }
    return sdkValueOf(value, deserialize);
}

/** A Value with a signature other than a secret's, as the SDK makes it (assets, archives: its own objects). */
function sdkValueOf(value: Value, deserialize: Deserialize): unknown {
    const wrapper = new Struct();
    wrapper.getFieldsMap().set("value", value);
    return deserialize(wrapper, false).value;
}

/** What `readStruct` read of a Struct's bytes. */
export interface ReadStruct {
    /** The props, as deserializedProps gives them (when asked for). */
    props?: Record<string, unknown>;
    /** Which properties were set, as engine/programInputs' structPresence says. */
    presence: Presence;
    /** The top-level string values of the keys asked for. */
    kept?: Record<string, string>;
    /** Whether the props hold a value with a signature other than a secret's (an asset, an archive); when read with the props. */
    signed: boolean;
}

export interface ReadOptions {
    /** Whether to build the props (else only their presence). */
    props: boolean;
    /** Top-level keys whose string values to keep. */
    keep?: ReadonlySet<string>;
    /** The SDK's deserializer, for signatures other than a secret's. */
    deserialize: Deserialize;
}

/**
 * The Struct encoded in `bytes` from `start` to `stop`, read without the protobuf library's objects
 * (building them cost more than the rules that read them); undefined when the bytes hold anything
 * the engine does not send (unknown fields, a value of no kind, invalid UTF-8, a `__proto__` key),
 * for the library to read as before. Keys come out sorted, the last of a repeated key winning, as
 * the library's maps give them; each object's keys that held a secret are marked (secretMarks).
 */
export function readStruct(bytes: Buffer, start: number, stop: number, options: ReadOptions): ReadStruct | undefined {
    reading = { wire: new WireReader(bytes, start), ...options, kept: undefined, signed: false };
    try {
        const props = readFields(stop, 0, -1, -1) as Record<string, unknown>;
        return { props: options.props ? props : undefined, presence: presence!, kept: reading.kept, signed: reading.signed };
    } catch (e) {
        if (e === notWire) {
            return undefined;
        }
        throw e;
    } finally {
        reading = idle;
    }
}

/** One readStruct's state: module-level, as reading is synchronous and a value's reading returns no tuple. */
interface Reading extends ReadOptions {
    wire: WireReader;
    kept?: Record<string, string>;
    signed: boolean;
}

const idle: Reading = { wire: new WireReader(Buffer.alloc(0)), props: false, deserialize: () => ({}), signed: false };
let reading = idle;
/** Of the value last read: its presence (undefined: not set), its field key, where its bytes start, whether a secret. */
let presence: Presence | undefined;
let lastKey = 0;
let lastStart = 0;
let lastSecret = false;

/** Deeper than this, the library reads the value. */
const maxNesting = 512;

// Keys of the fields read: (field number << 3) | wire type.
const STRUCT_FIELDS = (1 << 3) | 2;
const ENTRY_KEY = (1 << 3) | 2;
const ENTRY_VALUE = (2 << 3) | 2;
const LIST_VALUES = (1 << 3) | 2;
const NULL_VALUE = (1 << 3) | 0;
const NUMBER_VALUE = (2 << 3) | 1;
const STRING_VALUE = (3 << 3) | 2;
const BOOL_VALUE = (4 << 3) | 0;
const STRUCT_VALUE = (5 << 3) | 2;
const LIST_VALUE = (6 << 3) | 2;

/** The Value up to `stop`, at `depth` (programInputs' presenceOf depth); undefined when only presence is read. */
function readValue(stop: number, depth: number): unknown {
    const { wire } = reading;
    const start = wire.at;
    if (start >= stop || depth > maxNesting) {
        throw notWire; // a value of no kind, or nested deeper than the library is left to read
    }
    const key = wire.varint();
    let value: unknown;
    let secret = false;
    presence = true;
    switch (key) {
        case NULL_VALUE:
            wire.varint();
            value = null;
            presence = undefined;
            break;
        case NUMBER_VALUE:
            value = wire.double(stop);
            break;
        case STRING_VALUE: {
            const end = wire.lengthDelimited(stop);
            lastStart = wire.at;
            value = reading.props ? wire.text(wire.at, end) : undefined;
            wire.at = end;
            break;
        }
        case BOOL_VALUE:
            value = wire.varint() !== 0;
            break;
        case STRUCT_VALUE:
            value = readFields(wire.lengthDelimited(stop), depth + 1, start, stop);
            secret = lastSecret;
            break;
        case LIST_VALUE:
            value = readList(wire.lengthDelimited(stop), depth + 1);
            break;
        default:
            throw notWire;
    }
    if (wire.at !== stop) {
        throw notWire; // a second kind, or another field
    }
    if (depth >= maxPresenceDepth && presence !== undefined) {
        presence = true;
    }
    lastKey = key;
    lastSecret = secret;
    return value;
}

function readList(stop: number, depth: number): unknown[] | undefined {
    const { wire } = reading;
    const values: unknown[] | undefined = reading.props ? [] : undefined;
    const presences: Presence[] = [];
    while (wire.at < stop) {
        if (wire.varint() !== LIST_VALUES) {
            throw notWire;
        }
        const value = readValue(wire.lengthDelimited(stop), depth);
        values?.push(value);
        presences.push(presence ?? true);
    }
    presence = presences;
    return values;
}

/**
 * A Struct's fields up to `stop`, at `depth` (programInputs' structPresence depth): an object, or
 * below the top what its signature stands for; the Value holding it is from `valueStart` to
 * `valueStop`, for the SDK to read a signature other than a secret's.
 */
function readFields(stop: number, depth: number, valueStart: number, valueStop: number): unknown {
    const { wire } = reading;
    const keys: string[] = [];
    const values: unknown[] = [];
    const presences: (Presence | undefined)[] = [];
    let sorted = true;
    let signature = false;
    let secret = false;
    let secretValue = -1;
    let secretKeys: Set<string> | undefined;
    while (wire.at < stop) {
        if (wire.varint() !== STRUCT_FIELDS) {
            throw notWire;
        }
        const entryStop = wire.lengthDelimited(stop);
        let key = "";
        let value: unknown;
        let read = false;
        while (wire.at < entryStop) {
            const tag = wire.varint();
            if (read || (tag !== ENTRY_KEY && tag !== ENTRY_VALUE)) {
                throw notWire; // the key after the value, a repeated or an unknown field
            }
            const fieldStop = wire.lengthDelimited(entryStop);
            if (tag === ENTRY_KEY) {
                key = wire.text(wire.at, fieldStop);
                wire.at = fieldStop;
            } else {
                value = readValue(fieldStop, depth);
                read = true;
            }
        }
        if (!read || key === "__proto__") {
            throw notWire;
        }
        if (keys.length > 0 && !(keys[keys.length - 1] < key)) {
            sorted = false;
        }
        if (lastSecret) {
            (secretKeys ??= new Set()).add(key);
        } else {
            secretKeys?.delete(key);
        }
        if (key === SIG_KEY) {
            signature = true;
            secret = lastKey === STRING_VALUE && value === SECRET_SIG;
        } else if (key === "value") {
            secretValue = keys.length;
        }
        if (depth === 0 && reading.keep?.has(key)) {
            keepInput(key);
        }
        keys.push(key);
        values.push(value);
        presences.push(presence);
    }
    if (signature && depth > 0) {
        // A secret, an asset, an archive: one value, whatever it holds.
        presence = true;
        lastSecret = secret && secretValue >= 0;
        reading.signed ||= !lastSecret;
        if (!reading.props) {
            return undefined;
        }
        return lastSecret ? values[secretValue] : sdkValueOf(Value.deserializeBinary(wire.bytes.subarray(valueStart, valueStop)), reading.deserialize);
    }
    lastSecret = false;
    if (!sorted) {
        sortEntries(keys, values, presences);
    }
    const out: Record<string, unknown> = {};
    const set: { [key: string]: Presence } = {};
    for (let i = 0; i < keys.length; i++) {
        if (keys[i] === keys[i + 1]) {
            continue; // a repeated key: the last one wins
        }
        if (reading.props) {
            out[keys[i]] = values[i];
        }
        if (presences[i] !== undefined) {
            set[keys[i]] = presences[i]!;
        }
    }
    if (secretKeys && reading.props) {
        markSecretKeys(out, secretKeys);
    }
    presence = set;
    return out;
}

/** Sorts a Struct's entries by key, in place; a repeated key's entries stay in their order. */
function sortEntries(keys: string[], values: unknown[], presences: (Presence | undefined)[]): void {
    if (keys.length > 32) {
        const order = [...keys.keys()].sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
        const [k, v, p] = [[...keys], [...values], [...presences]];
        order.forEach((from, to) => {
            keys[to] = k[from];
            values[to] = v[from];
            presences[to] = p[from];
        });
        return;
    }
    // Insertion: most Structs have a handful of keys.
    for (let i = 1; i < keys.length; i++) {
        const key = keys[i], value = values[i], set = presences[i];
        let j = i - 1;
        for (; j >= 0 && keys[j] > key; j--) {
            keys[j + 1] = keys[j];
            values[j + 1] = values[j];
            presences[j + 1] = presences[j];
        }
        keys[j + 1] = key;
        values[j + 1] = value;
        presences[j + 1] = set;
    }
}

/** The top-level value just read, kept by value when a string (a later value of another kind forgets it). */
function keepInput(key: string): void {
    if (lastKey === STRING_VALUE) {
        (reading.kept ??= {})[key] = reading.wire.text(lastStart, reading.wire.at);
    } else if (reading.kept) {
        delete reading.kept[key];
    }
}

