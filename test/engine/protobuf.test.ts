// The hand-written encodings give the protobuf library's bytes: an answer's diagnostics, a Struct
// with sorted keys; and an Analyze request is written as the engine writes it.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { AnalyzeDiagnostic, AnalyzeRequest, AnalyzeResponse, PolicyNotApplicable } from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { diagnosticsBytes, structBytes } from "../../engine/protobuf";
import { analyzeRequest, analyzeRequestBytes, analyzeResultOf, convertAnalyzeResponse } from "../../engine/client/encoding";
import { aws } from "../fixtures/aws";
import { secret } from "../harness/engine";
import { runs, seed } from "../robustness/settings";

const text = fc.oneof(fc.constant(""), fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary", minLength: 100, maxLength: 20_000 }));
const diagnostic = fc.record({
    policyName: text, packName: text, packVersion: text, description: text, message: text, urn: text,
    level: fc.constantFrom(0, 1, 2, 3), severity: fc.constantFrom(0, 1, 2, 3, 4),
}).map(d => {
    const out = new AnalyzeDiagnostic();
    out.setPolicyname(d.policyName);
    out.setPolicypackname(d.packName);
    out.setPolicypackversion(d.packVersion);
    out.setDescription(d.description);
    out.setMessage(d.message);
    out.setEnforcementlevel(d.level);
    out.setUrn(d.urn);
    out.setSeverity(d.severity);
    return out;
});

const libraryBytes = (diagnostics: AnalyzeDiagnostic[]) => {
    const response = new AnalyzeResponse();
    response.setDiagnosticsList(diagnostics);
    return Buffer.from(response.serializeBinary());
};

describe("engine/protobuf: an answer's diagnostics encoded by hand", () => {
    it("gives the library's bytes, then the rest of the answer, or leaves to the library what it would encode its own way", () => {
        let encoded = 0;
        fc.assert(fc.property(fc.array(diagnostic, { maxLength: 6 }), fc.uint8Array({ maxLength: 5_000 }), (diagnostics, tail) => {
            const bytes = diagnosticsBytes(diagnostics, tail);
            const lone = diagnostics.some(d => [d.getPolicyname(), d.getPolicypackname(), d.getPolicypackversion(), d.getDescription(), d.getMessage(), d.getUrn()]
                .some(s => /\p{Surrogate}/u.test(s)));
            assert.equal(bytes === undefined, lone);
            if (bytes) {
                encoded++;
                assert.deepEqual(bytes, Buffer.concat([libraryBytes(diagnostics), tail]));
            }
        }), { numRuns: runs(300), ...seed() });
        assert.ok(encoded > 100);
        assert.deepEqual(diagnosticsBytes([]), Buffer.alloc(0));
        assert.deepEqual(diagnosticsBytes([], Uint8Array.of(1, 2)), Buffer.of(1, 2));
    });

    it("writes a Struct as the library does with its keys sorted, and an Analyze request as the engine does, its maps in an order of their own", () => {
        // What the library writes its own way: a lone surrogate, a "__proto__" key (left out).
        const own = (v: unknown) => /\p{Surrogate}/u.test(JSON.stringify(v)) || JSON.stringify(v).includes('"__proto__"');
        fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }).filter(v => !own(v)), object => {
            assert.deepEqual(structBytes(object, keys => [...keys].sort()), Buffer.from(Struct.fromJavaScript(object as never).serializeBinary()));
        }), { numRuns: runs(200), ...seed() });
        const fn = { ...aws.function("api", { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs22.x", environment: { variables: { B: "1", A: secret("2") as never, C: "3" } } }),
            provider: { type: "pulumi:providers:aws", name: "p", properties: { region: "eu-west-1", version: "7.0.0", skipCredentialsValidation: true } } };
        const bytes = analyzeRequestBytes(fn);
        assert.deepEqual(AnalyzeRequest.deserializeBinary(bytes).toObject(), analyzeRequest(fn, true).toObject());
        assert.notDeepEqual(bytes, Buffer.from(analyzeRequest(fn, true).serializeBinary()), "the maps' entries are not all sorted");
        assert.deepEqual(analyzeRequestBytes(fn), bytes, "the same resource gives the same bytes");
    });

    it("reads an answer as the library does (the engine model's client), leaving to it what it encodes its own way", () => {
        const level = diagnostic.map(d => {
            d.setEnforcementlevel(d.getEnforcementlevel() % 4);
            return d;
        });
        const entry = fc.tuple(text, text).map(([name, reason]) => {
            const out = new PolicyNotApplicable();
            out.setPolicyName(name);
            out.setReason(reason);
            return out;
        });
        fc.assert(fc.property(fc.array(level, { maxLength: 5 }), fc.array(entry, { maxLength: 5 }), (diagnostics, notApplicable) => {
            const response = new AnalyzeResponse();
            response.setDiagnosticsList(diagnostics);
            response.setNotApplicableList(notApplicable);
            const bytes = Buffer.from(response.serializeBinary());
            assert.deepEqual(analyzeResultOf(bytes), convertAnalyzeResponse(AnalyzeResponse.deserializeBinary(bytes)));
        }), { numRuns: runs(300), ...seed() });
    });
});
