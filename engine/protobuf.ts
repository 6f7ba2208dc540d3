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
export const LENGTH_DELIMITED = 2;

/** A field's key: its number and wire type (every field written here has a one-byte key). */
export const tag = (field: number, wireType: number) => (field << 3) | wireType;

/** `diagnostics`, field 2 of AnalyzeResponse. */
const DIAGNOSTICS_TAG = tag(2, LENGTH_DELIMITED);

/** A protobuf varint, for the non-negative integers this writes. */
export function varint(n: number): number[] {
    const bytes: number[] = [];
    for (; n > 0x7f; n = Math.floor(n / 0x80)) {
        bytes.push((n & 0x7f) | 0x80);
    }
    bytes.push(n);
    return bytes;
}

const varintLength = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** A lone surrogate: the library encodes it its own way, not as Buffer does. */
const loneSurrogate = /\p{Surrogate}/u;

type FieldValue = { field: number; text: string } | { field: number; number: number };

/** A diagnostic's fields in field order, as the generated class writes them: empty strings and zeros left out. */
function fieldsOf(d: EncodableDiagnostic): FieldValue[] | undefined {
    const fields: FieldValue[] = [];
    const texts: [number, string][] = [[1, d.getPolicyname()], [2, d.getPolicypackname()], [3, d.getPolicypackversion()], [4, d.getDescription()], [5, d.getMessage()]];
    for (const [field, text] of texts) {
        if (text.length > 0) {
            fields.push({ field, text });
        }
    }
    const [level, urn, severity] = [d.getEnforcementlevel(), d.getUrn(), d.getSeverity()];
    if (level !== 0) {
        fields.push({ field: 7, number: level });
    }
    if (urn.length > 0) {
        fields.push({ field: 8, text: urn });
    }
    if (severity !== 0) {
        fields.push({ field: 9, number: severity });
    }
    const encodable = fields.every(f => ("text" in f ? !loneSurrogate.test(f.text) : Number.isInteger(f.number) && f.number > 0));
    return encodable ? fields : undefined;
}

/**
 * The `diagnostics` field of an AnalyzeResponse holding `diagnostics`, as the generated class
 * serializes it; undefined when a value is one this does not encode (the caller uses the library).
 */
export function diagnosticsBytes(diagnostics: readonly EncodableDiagnostic[]): Buffer | undefined {
    const all: { fields: FieldValue[]; lengths: number[]; size: number }[] = [];
    let total = 0;
    for (const d of diagnostics) {
        const fields = fieldsOf(d);
        if (fields === undefined) {
            return undefined;
        }
        const lengths = fields.map(f => ("text" in f ? Buffer.byteLength(f.text) : 0));
        const size = fields.reduce((sum, f, i) => sum + 1 + ("text" in f ? varintLength(lengths[i]) + lengths[i] : varintLength(f.number)), 0);
        all.push({ fields, lengths, size });
        total += 1 + varintLength(size) + size;
    }
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    const put = (bytes: number[]) => {
        for (const b of bytes) {
            out[at++] = b;
        }
    };
    for (const { fields, lengths, size } of all) {
        put([DIAGNOSTICS_TAG, ...varint(size)]);
        fields.forEach((f, i) => {
            if ("text" in f) {
                put([tag(f.field, LENGTH_DELIMITED), ...varint(lengths[i])]);
                at += out.write(f.text, at, "utf8");
            } else {
                put([tag(f.field, VARINT), ...varint(f.number)]);
            }
        });
    }
    return out;
}
