// The hand-written encoding of an answer's diagnostics gives the protobuf library's bytes.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { AnalyzeDiagnostic, AnalyzeResponse } from "@pulumi/pulumi/proto/analyzer_pb";
import { diagnosticsBytes } from "../../engine/protobuf";
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
});
