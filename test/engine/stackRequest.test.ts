// The requests the client sends: AnalyzeStack encoded resource by resource is the request protobuf
// objects would build, and property keys are data whatever their names.
import * as assert from "node:assert/strict";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { EngineResource, SECRET_SIG, SIG_KEY, UNKNOWN, analyzeStackRequestBytes, analyzerResource, toStruct } from "../harness/engine";

describe("request encoding", () => {
    it("decodes to the same request as one built from protobuf objects", () => {
        const resources: EngineResource[] = Array.from({ length: 300 }, (_, i) => ({
            type: "aws:lambda/function:Function",
            name: `fn-${i}`,
            urn: `urn:pulumi:dev::shop::aws:lambda/function:Function::fn-${i}`,
            properties: {
                role: `arn:aws:iam::123456789012:role/r-${i}`,
                environment: { variables: { A: "x".repeat(i * 7), S: { [SIG_KEY]: SECRET_SIG, value: "s" } } },
                list: [1, true, null, UNKNOWN], __defaults: ["dropped, as the engine drops internal keys"],
            },
            parent: "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev",
            dependencies: [`urn:pulumi:dev::shop::aws:iam/role:Role::r-${i}`],
            propertyDependencies: { role: [`urn:pulumi:dev::shop::aws:iam/role:Role::r-${i}`], empty: [] },
            provider: { type: "pulumi:providers:aws", name: "default", properties: { region: "eu-west-1" } },
            options: { protect: i % 2 === 0, customTimeouts: { create: 60 } },
        }));
        const expected = new analyzerPb.AnalyzeStackRequest();
        expected.setResourcesList(resources.map(analyzerResource));
        const bytes = analyzeStackRequestBytes(resources);
        assert.deepEqual(Buffer.from(bytes), Buffer.from(expected.serializeBinary()));
        assert.deepEqual(analyzerPb.AnalyzeStackRequest.deserializeBinary(bytes).toObject(), expected.toObject());
        assert.equal(analyzeStackRequestBytes([]).length, 0);
    });

    it("sends keys named like Object's members as data, and a \"__proto__\" key not at all", () => {
        // As JSON.parse gives them from a stack export. google-protobuf's Map cannot hold
        // "__proto__", so it is left out rather than becoming the object's prototype.
        const properties = JSON.parse('{"bucket": {"__proto__": [1], "length": 2, "constructor": "c"}}');
        const bucket = toStruct(properties).getFieldsMap().get("bucket")?.getStructValue();
        assert.deepEqual(bucket?.toJavaScript(), { length: 2, constructor: "c" });
    });
});
