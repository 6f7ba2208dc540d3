// The pack reads an Analyze request from its bytes (engine/sdk/analyzeRequest, engine/sdk/deserialize's
// readStruct) as the protobuf library and the SDK read them: the same props, the same presence
// (engine/programInputs), the same kept inputs; and it leaves to the library exactly the bytes it
// would read its own way. The bytes are the engine's: the Go runtime writes a map's entries in no
// fixed order, and nothing stops a key from repeating.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzeRequest } from "@pulumi/pulumi/proto/analyzer_pb";
import { readStruct } from "../../engine/sdk/deserialize";
import { KeyOrder, lengthDelimited, structBytes } from "../../engine/protobuf";
import { AnalyzeRequestBytes } from "../../engine/sdk/analyzeRequest";
import { isFullyMarked, isPulumiSecret, markFully, rememberStruct } from "../../engine/sdk/secretMarks";
import { analyzeRequestBytes } from "../../engine/client/encoding";
import { codeAt } from "../../policies/lib/functionCode";
import { forgetProgramInputs, keptInputKeys, programInputsOf, rememberProgramInputs } from "../../engine/programInputs";
import { aws } from "../fixtures/aws";
import { ASSET_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, analyzeRequest, secret, toStruct } from "../harness/engine";
import { assetArchive, textAsset } from "../fixtures/common";
import { hostileArb } from "../robustness/arbitraries";
import { runs, seed } from "../robustness/settings";
import "../../policies/lib/azure/links"; // keeps azure-native inputs by value

const sdkDeserialize = (require("@pulumi/policy/deserialize") as { deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown> }).deserializeProperties;

// Bytes the library never writes: fields by hand, entries in any order, repeated keys.
const field = lengthDelimited;
const double = (n: number) => {
    const out = Buffer.alloc(9);
    out[0] = (2 << 3) | 1;
    out.writeDoubleLE(n, 1);
    return out;
};

/** The props as the library and the SDK read them from `bytes`. */
const libraryProps = (bytes: Buffer) => sdkDeserialize(Struct.deserializeBinary(bytes), false);

/** The presence engine/programInputs remembers from the library's Struct of `bytes`, with the kept inputs. */
function libraryPresence(bytes: Buffer, type = "aws:lambda/function:Function") {
    forgetProgramInputs();
    rememberProgramInputs("urn:test", type, Struct.deserializeBinary(bytes));
    return programInputsOf("urn:test");
}

const plain = (value: unknown) => Struct.deserializeBinary(toStruct({ value }).serializeBinary()).toJavaScript().value;
/** Whether a key below `value` passes `test`, or (with `values`) a string does. */
const anywhere = (value: unknown, test: (s: string) => boolean, values: boolean): boolean => typeof value === "string"
    ? values && test(value)
    : value !== null && typeof value === "object" && Object.entries(value).some(([k, v]) => test(k) || anywhere(v, test, values));
const lone = (s: string) => /\p{Surrogate}/u.test(s);
/** What the library reads its own way: a `__proto__` key, a lone surrogate (which it encodes as no valid UTF-8); the presence alone reads no values. */
const librarysOwn = (props: unknown, values: boolean) => anywhere(props, k => k === "__proto__", false) || anywhere(props, lone, values);

/** Every key below `value`, in the order a rule iterating it meets them. */
const keysInOrder = (value: unknown): string[] => value !== null && typeof value === "object"
    ? Object.entries(value).flatMap(([k, v]) => [k, ...keysInOrder(v)])
    : [];

const shuffled = (seedValue: number): KeyOrder => keys => {
    const out = [...keys];
    let s = seedValue;
    for (let i = out.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const j = s % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
};

const read = (bytes: Buffer, props = true, type = "aws:lambda/function:Function") =>
    readStruct(bytes, 0, bytes.length, { props, deserialize: sdkDeserialize, keep: keptInputKeys(type) });

/** The key paths of the objects below `value`, `depth` deep at most. */
const pathsIn = (value: unknown, depth: number): string[][] => value === null || typeof value !== "object" || Array.isArray(value) || depth === 0
    ? []
    : Object.entries(value).flatMap(([k, v]) => [[k], ...pathsIn(v, depth - 1).map(p => [k, ...p])]);

/** What `read` gives, failing if the library's AnalyzeRequest was read meanwhile. */
function withoutLibrary<T>(read: () => T): T {
    const deserializeBinary = AnalyzeRequest.deserializeBinary;
    AnalyzeRequest.deserializeBinary = () => assert.fail("the library's message was built");
    try {
        return read();
    } finally {
        AnalyzeRequest.deserializeBinary = deserializeBinary;
    }
}

describe("engine/sdk/analyzeRequest: Analyze requests read from their bytes", () => {
    it("reads props, presence and kept inputs as the library does, in any entry order, or leaves the bytes to the library", () => {
        let readCount = 0;
        fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 6 }), hostileArb(), { maxKeys: 6, noNullPrototype: true }), fc.nat(), fc.boolean(), (object, order, azure) => {
            const props: Record<string, unknown> = azure ? { ...object, resourceGroupName: "rg", scope: secret("s") } : object;
            const type = azure ? "azure-native:web:WebApp" : "aws:lambda/function:Function";
            const sent = plain(props);
            // The library's bytes (sorted entries; a lone surrogate as no valid UTF-8), and shuffled ones of well-formed text.
            for (const [bytes, wellFormed] of [[Buffer.from(toStruct(props).serializeBinary()), false], [structBytes(sent as Record<string, unknown>, shuffled(order)), true]] as const) {
                const fromBytes = read(bytes, true, type);
                const presenceOnly = read(bytes, false, type);
                assert.equal(fromBytes === undefined, !wellFormed && librarysOwn(sent, true), "left to the library only for what it reads its own way");
                assert.equal(presenceOnly === undefined, !wellFormed && librarysOwn(sent, false));
                if (fromBytes && presenceOnly) {
                    readCount++;
                    assert.deepEqual(fromBytes.props, libraryProps(bytes));
                    assert.deepEqual(keysInOrder(fromBytes.props), keysInOrder(libraryProps(bytes)));
                    const remembered = libraryPresence(bytes, type);
                    assert.deepEqual(fromBytes.presence, remembered!.set);
                    assert.deepEqual(presenceOnly.presence, remembered!.set);
                    assert.deepEqual(fromBytes.kept ?? {}, remembered!.values ?? {});
                    assert.deepEqual(presenceOnly.kept ?? {}, remembered!.values ?? {});
                }
            }
        }), { numRuns: runs(300), ...seed() });
        assert.ok(readCount > 300, "most props are read from their bytes");
    });

    it("takes the last of a repeated key, as the library's map does", () => {
        const twice: KeyOrder = keys => [...keys, ...keys.reverse()];
        const props = { b: { z: 1, y: [null, "x"] }, a: "first", [SIG_KEY]: "plain", resourceGroupName: "rg" };
        const bytes = Buffer.concat([structBytes({ a: 1, b: null, resourceGroupName: 7 }, keys => keys), structBytes(props, twice)]);
        assert.deepEqual(read(bytes)!.props, libraryProps(bytes));
        assert.deepEqual(read(bytes, false, "azure-native:web:WebApp")!.kept, { resourceGroupName: "rg" });
        const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i % 7 === 0 ? null : { i }]));
        const manyBytes = Buffer.concat([structBytes(Object.fromEntries(Object.keys(many).map(k => [k, "earlier"])), shuffled(3)), structBytes(many, shuffled(5))]);
        assert.deepEqual(Object.keys(read(manyBytes)!.props!), Object.keys(libraryProps(manyBytes)));
        assert.deepEqual(read(manyBytes)!.props, libraryProps(manyBytes));
        assert.deepEqual(read(manyBytes)!.presence, libraryPresence(manyBytes)!.set);
        // A secret given again as plain text is plain text, and the other way round.
        for (const [first, last, isSecret] of [[secret("s"), "s", false], ["s", secret("s"), true]] as const) {
            const env = Buffer.concat([structBytes({ TOKEN: first }, keys => keys), structBytes({ TOKEN: last }, keys => keys)]);
            const again = field(1, Buffer.concat([field(1, Buffer.from("env")), field(2, field(5, env))]));
            const { props, signed } = read(again)!;
            assert.equal(signed, false);
            markFully(props!);
            assert.equal(isPulumiSecret(props!, ["env", "TOKEN"]), isSecret);
        }
        const forgotten = Buffer.concat([structBytes({ resourceGroupName: "rg" }, keys => keys), structBytes({ resourceGroupName: 7 }, keys => keys)]);
        assert.equal(read(forgotten, false, "azure-native:web:WebApp")!.kept?.resourceGroupName, undefined);
        assert.equal(libraryPresence(forgotten, "azure-native:web:WebApp")!.values?.resourceGroupName, undefined);
    });

    it("opens secrets and leaves assets to the SDK, at any depth", () => {
        const code = assetArchive({ "index.js": textAsset("exports.handler = 1") });
        const props = { code, environment: { variables: { TOKEN: secret("s"), deep: secret({ inner: [secret(1), UNKNOWN] }) } }, asset: { [SIG_KEY]: ASSET_SIG, text: "t" } };
        const bytes = structBytes(plain(props) as Record<string, unknown>, shuffled(7));
        const fromBytes = read(bytes)!;
        assert.deepEqual(fromBytes.props, libraryProps(bytes));
        assert.deepEqual(fromBytes.presence, libraryPresence(bytes)!.set);
        assert.equal((fromBytes.props!.environment as { variables: { TOKEN: unknown } }).variables.TOKEN, "s");
        // A secret without a value: the SDK fails on it either way.
        const odd = structBytes({ odd: { [SIG_KEY]: SECRET_SIG } }, keys => keys);
        assert.throws(() => libraryProps(odd), /undefined property value/);
        assert.throws(() => read(odd), /undefined property value/);
    });

    it("says which values arrived as secrets, and what code is visible, as the library's Struct says", () => {
        const code = fc.oneof(fc.constant(undefined), fc.constantFrom(UNKNOWN, "inline"), fc.constant(assetArchive({ "index.js": textAsset("exports.handler = 1") })));
        let marked = 0;
        fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 4 }), hostileArb(), { maxKeys: 5, noNullPrototype: true }), code, (object, codeValue) => {
            const properties = codeValue === undefined ? object : { ...object, code: codeValue };
            const bytes = analyzeRequestBytes({ type: "aws:lambda/function:Function", name: "f", properties });
            const read = new AnalyzeRequestBytes(bytes).props(sdkDeserialize);
            const struct = AnalyzeRequest.deserializeBinary(bytes).getProperties()!;
            const library = sdkDeserialize(struct, false);
            rememberStruct(library, struct);
            if (read === undefined) {
                return; // a key the library reads its own way
            }
            rememberStruct(read.props, read.struct); // as the pack's Analyze does
            marked += isFullyMarked(read.props) ? 1 : 0;
            for (const path of [["code"], ...pathsIn(library, 4)]) {
                for (const at of [path, [...path, "absent"]]) {
                    assert.equal(isPulumiSecret(read.props, at), isPulumiSecret(library, at), at.join("."));
                    assert.deepEqual(codeAt(read.props, at), codeAt(library, at), at.join("."));
                }
            }
        }), { numRuns: runs(200), ...seed() });
        assert.ok(marked > 50, "most props are marked without their Struct");
    });

    it("leaves to the library bytes the engine does not send: no kind, unknown fields, invalid UTF-8, truncation", () => {
        const entry = (key: Buffer, value: Buffer) => field(1, Buffer.concat([field(1, key), field(2, value)]));
        const cases = {
            noKind: entry(Buffer.from("k"), Buffer.alloc(0)),
            unknownValueField: entry(Buffer.from("k"), Buffer.from([7 << 3, 1])),
            twoKinds: entry(Buffer.from("k"), Buffer.concat([double(1), Buffer.from([4 << 3, 1])])),
            unknownEntryField: field(1, Buffer.concat([field(1, Buffer.from("k")), field(2, double(1)), field(3, Buffer.from("x"))])),
            invalidKey: entry(Buffer.from([0xc3, 0x28]), double(1)),
            invalidText: entry(Buffer.from("k"), field(3, Buffer.from([0xed, 0xa0, 0x80]))),
            truncated: entry(Buffer.from("k"), double(1)).subarray(0, 6),
            protoKey: entry(Buffer.from("__proto__"), double(1)),
        };
        for (const [name, bytes] of Object.entries(cases)) {
            assert.equal(read(bytes), undefined, name);
            // The presence alone reads no string values: the same whatever their bytes.
            assert.equal(read(bytes, false) === undefined, name !== "invalidText", name);
        }
        const deep = JSON.parse(`${"[".repeat(600)}1${"]".repeat(600)}`);
        assert.equal(read(structBytes({ deep }, keys => keys)), undefined, "too deep");
    });

    it("reads a request's fields as the library does, and serves the SDK the library's message", () => {
        const fn = { ...aws.function("api", { role: "arn:aws:iam::123456789012:role/r", environment: { variables: { TOKEN: secret("s") as never } } }), provider: { type: "pulumi:providers:aws", name: "p", properties: { region: "eu-west-1" } } };
        const message = analyzeRequest(fn, true);
        const extra = Buffer.concat([field(2, Buffer.from(toStruct({ replaced: true }).serializeBinary())), Buffer.from([15 << 3, 1])]);
        for (const bytes of [Buffer.from(message.serializeBinary()), Buffer.concat([Buffer.from(message.serializeBinary()), extra])]) {
            const [request, props] = withoutLibrary(() => {
                const request = new AnalyzeRequestBytes(bytes);
                request.remember();
                return [request, request.props(sdkDeserialize)] as const;
            });
            const library = AnalyzeRequest.deserializeBinary(bytes);
            assert.deepEqual([request.type, request.urn, request.name], [library.getType(), library.getUrn(), library.getName()]);
            assert.ok(props);
            assert.deepEqual(props.props, sdkDeserialize(library.getProperties()!, false));
            assert.deepEqual(props.struct().toJavaScript(), library.getProperties()!.toJavaScript());
            assert.deepEqual(props.provider && { ...props.provider, struct: undefined }, { type: "pulumi:providers:aws", urn: library.getProvider()!.getUrn(), name: "p", props: { region: "eu-west-1" }, struct: undefined });
            assert.deepEqual((request.message() as AnalyzeRequest).toObject(), library.toObject());
        }
        // A type the library reads its own way (invalid UTF-8): the request is the library's.
        const odd = Buffer.concat([Buffer.from(message.serializeBinary()), field(1, Buffer.from([0x61, 0xff]))]);
        const request = new AnalyzeRequestBytes(odd);
        assert.equal(request.type, AnalyzeRequest.deserializeBinary(odd).getType());
        assert.equal(request.props(sdkDeserialize)?.struct(), request.message().getProperties());
        // Bytes the library cannot read fail as gRPC's own deserializer fails on them.
        const unreadable = Buffer.concat([Buffer.from([1 << 3, 5]), Buffer.from(message.serializeBinary())]);
        assert.throws(() => AnalyzeRequest.deserializeBinary(unreadable));
        assert.throws(() => new AnalyzeRequestBytes(unreadable));
    });
});
