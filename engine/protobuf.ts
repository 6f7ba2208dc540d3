// Protobuf by hand where the JavaScript library is the cost. It encodes UTF-8 in JavaScript, so
// an Analyze answer of three findings took about 16 µs to serialize, where Buffer does it natively
// (the bytes are the library's: test/engine/protobuf.test.ts); the client streams an AnalyzeStack
// request field by field (engine/client/encoding) instead of building it; and the pack reads an
// Analyze request from its bytes (engine/sdk/analyzeRequest) instead of the library's objects.
import { isUtf8 } from "buffer";

/** A diagnostic as the generated AnalyzeDiagnostic class holds it. */
export interface EncodableDiagnostic {
    getPolicyname(): string;
    getPolicypackname(): string;
    getPolicypackversion(): string;
    getDescription(): string;
    getMessage(): string;
    getEnforcementlevel(): number;
    getUrn(): string;
    getSeverity(): number;
}

/** Wire types: varints (enums, bools), 64-bit (doubles), length-delimited (strings, messages), 32-bit. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A field's key: its number and wire type (every field written here has a one-byte key). */
const tag = (field: number, wireType: number) => (field << 3) | wireType;

/** `diagnostics`, field 2 of AnalyzeResponse. */
const DIAGNOSTICS_FIELD = 2;

/** Writes `n`, a non-negative integer, as a protobuf varint into `out` at `at`; returns where it ends. */
function writeVarint(out: Buffer, at: number, n: number): number {
    for (; n > 0x7f; n = Math.floor(n / 0x80)) {
        out[at++] = (n & 0x7f) | 0x80;
    }
    out[at++] = n;
    return at;
}

const varintLength = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** Writes what precedes a length-delimited field's bytes (its key, then their length) into `out` at `at`; returns where they start. */
function writeHead(out: Buffer, at: number, field: number, length: number): number {
    out[at] = tag(field, LENGTH_DELIMITED);
    return writeVarint(out, at + 1, length);
}

/** What precedes a length-delimited field's `length` bytes. */
export function lengthDelimitedHead(field: number, length: number): Buffer {
    const head = Buffer.allocUnsafe(1 + varintLength(length));
    writeHead(head, 0, field, length);
    return head;
}

/** A lone surrogate: the library encodes it its own way, not as Buffer does. */
const loneSurrogate = /\p{Surrogate}/u;

/** A field to write: a string with its UTF-8 length, or an enum. */
type FieldValue = { field: number; text: string; length: number } | { field: number; number: number };

const fieldSize = (f: FieldValue) => 1 + ("text" in f ? varintLength(f.length) + f.length : varintLength(f.number));

/** A diagnostic's fields in field order, as the generated class writes them: empty strings and zeros left out. */
function fieldsOf(d: EncodableDiagnostic): FieldValue[] | undefined {
    const fields: FieldValue[] = [];
    const text = (field: number, value: string) => {
        if (value.length > 0) {
            fields.push({ field, text: value, length: Buffer.byteLength(value) });
        }
    };
    const number = (field: number, value: number) => {
        if (value !== 0) {
            fields.push({ field, number: value });
        }
    };
    text(1, d.getPolicyname());
    text(2, d.getPolicypackname());
    text(3, d.getPolicypackversion());
    text(4, d.getDescription());
    text(5, d.getMessage());
    number(7, d.getEnforcementlevel());
    text(8, d.getUrn());
    number(9, d.getSeverity());
    const encodable = fields.every(f => ("text" in f ? !loneSurrogate.test(f.text) : Number.isInteger(f.number) && f.number > 0));
    return encodable ? fields : undefined;
}

/**
 * The `diagnostics` field of an AnalyzeResponse holding `diagnostics`, as the generated class
 * serializes it, followed by `tail` (the rest of the answer, already encoded), in one buffer;
 * undefined when a value is one this does not encode (the caller uses the library).
 */
export function diagnosticsBytes(diagnostics: readonly EncodableDiagnostic[], tail: Uint8Array = new Uint8Array(0)): Buffer | undefined {
    const encoded: { fields: FieldValue[]; size: number }[] = [];
    let total = tail.length;
    for (const d of diagnostics) {
        const fields = fieldsOf(d);
        if (fields === undefined) {
            return undefined;
        }
        let size = 0;
        for (const f of fields) {
            size += fieldSize(f);
        }
        encoded.push({ fields, size });
        total += 1 + varintLength(size) + size;
    }
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    for (const { fields, size } of encoded) {
        at = writeHead(out, at, DIAGNOSTICS_FIELD, size);
        for (const f of fields) {
            if ("text" in f) {
                at = writeHead(out, at, f.field, f.length);
                at += out.write(f.text, at, "utf8");
            } else {
                out[at++] = tag(f.field, VARINT);
                at = writeVarint(out, at, f.number);
            }
        }
    }
    out.set(tail, at);
    return out;
}

/** Thrown by WireReader on bytes that are not the fields they should be (truncated, the wrong wire type, invalid UTF-8). */
export const notWire = new Error("not the protobuf fields expected");

/** Reads protobuf fields from `bytes`, each method from where the last one stopped; throws `notWire` on what it cannot read. */
export class WireReader {
    constructor(readonly bytes: Buffer, public at = 0) {}

    /** A varint; exact below 2^53, which is all that is read (keys, lengths, and whether a bool is zero). */
    varint(): number {
        const { bytes } = this;
        let n = 0;
        for (let scale = 1, i = 0; i < 10; i++, scale *= 128) {
            if (this.at >= bytes.length) {
                throw notWire;
            }
            const byte = bytes[this.at++];
            n += (byte & 0x7f) * scale;
            if (byte < 0x80) {
                return n;
            }
        }
        throw notWire;
    }

    /** The bytes of a length-delimited field, whose length is next, which must end by `stop`: where they end (the reader is at their start). */
    lengthDelimited(stop: number): number {
        const end = this.varint() + this.at;
        if (end > stop) {
            throw notWire;
        }
        return end;
    }

    /** The UTF-8 text from `start` to `stop` (the library decodes invalid UTF-8 its own way: refused). */
    text(start: number, stop: number): string {
        const { bytes } = this;
        const text = bytes.toString("utf8", start, stop);
        // One UTF-16 unit per byte and no replacement character: ASCII; else the bytes are checked.
        if ((text.length !== stop - start || text.includes("\ufffd")) && !isUtf8(bytes.subarray(start, stop))) {
            throw notWire;
        }
        return text;
    }

    /** A little-endian double, which must end by `stop`. */
    double(stop: number): number {
        if (this.at + 8 > stop) {
            throw notWire;
        }
        const value = this.bytes.readDoubleLE(this.at);
        this.at += 8;
        return value;
    }

    /** Skips a field's value of `wireType`, which must end by `stop` (groups are not skipped). */
    skip(wireType: number, stop: number): void {
        switch (wireType) {
            case VARINT: this.varint(); break;
            case FIXED64: this.at += 8; break;
            case LENGTH_DELIMITED: this.at = this.lengthDelimited(stop); break;
            case FIXED32: this.at += 4; break;
            default: throw notWire;
        }
        if (this.at > stop) {
            throw notWire;
        }
    }
}

/** Where a length-delimited field's bytes are. */
export interface Span {
    start: number;
    stop: number;
}

/** A message's fields from `start` to `stop`, one after the other (throws `notWire` where it cannot read them as asked). */
export class FieldReader {
    private readonly wire: WireReader;
    private wireType = 0;

    constructor(bytes: Buffer, start: number, private readonly stop: number) {
        this.wire = new WireReader(bytes, start);
    }

    /** The next field's number, undefined at the end. */
    next(): number | undefined {
        if (this.wire.at >= this.stop) {
            return undefined;
        }
        const key = this.wire.varint();
        this.wireType = key & 7;
        return Math.floor(key / 8);
    }

    /** The field's value as UTF-8 text. */
    text(): string {
        const { start, stop } = this.span();
        return this.wire.text(start, stop);
    }

    /** The field's varint (an enum). */
    varint(): number {
        if (this.wireType !== VARINT) {
            throw notWire;
        }
        return this.wire.varint();
    }

    /** Where the field's bytes are (a string, a message). */
    span(): Span {
        if (this.wireType !== LENGTH_DELIMITED) {
            throw notWire;
        }
        const stop = this.wire.lengthDelimited(this.stop);
        const span = { start: this.wire.at, stop };
        this.wire.at = stop;
        return span;
    }

    skip(): void {
        this.wire.skip(this.wireType, this.stop);
    }
}

/** Keys of a map in the order to write them. */
export type KeyOrder = (keys: string[]) => string[];

/**
 * The bytes of a google.protobuf.Struct of `object` (JSON-like values), each map's entries in the
 * order `order` gives (a key given twice is written twice: the reader keeps the last). With keys
 * sorted these are the library's bytes; the Go engine writes a map in Go's map order, which varies
 * (protobuf-go's appendMap, unless deterministic).
 */
export function structBytes(object: Record<string, unknown>, order: KeyOrder): Buffer {
    return Buffer.concat(order(Object.keys(object)).map(key =>
        lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(key, "utf8")), lengthDelimited(2, valueBytes(object[key], order))]))));
}

function valueBytes(value: unknown, order: KeyOrder): Buffer {
    if (value === null) {
        return Buffer.of(tag(1, VARINT), 0);
    }
    switch (typeof value) {
        case "number": {
            const out = Buffer.allocUnsafe(9);
            out[0] = tag(2, FIXED64);
            out.writeDoubleLE(value, 1);
            return out;
        }
        case "string": return lengthDelimited(3, Buffer.from(value, "utf8"));
        case "boolean": return Buffer.of(tag(4, VARINT), value ? 1 : 0);
    }
    return Array.isArray(value)
        ? lengthDelimited(6, Buffer.concat(value.map(v => lengthDelimited(1, valueBytes(v, order)))))
        : lengthDelimited(5, structBytes(value as Record<string, unknown>, order));
}

/** A length-delimited field holding `bytes`. */
export const lengthDelimited = (field: number, bytes: Uint8Array) => Buffer.concat([lengthDelimitedHead(field, bytes.length), bytes]);
