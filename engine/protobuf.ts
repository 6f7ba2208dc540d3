// Protobuf encoding by hand where the JavaScript library is the cost. It encodes UTF-8 in
// JavaScript, so an Analyze answer of three findings took about 16 µs to serialize, where Buffer
// does it natively (the bytes are the library's: test/engine/protobuf.test.ts); and the client
// streams an AnalyzeStack request field by field (engine/client/encoding) instead of building it.

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

/** The wire types this writes: varints (enums) and length-delimited fields (strings, messages). */
const VARINT = 0;
const LENGTH_DELIMITED = 2;

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
