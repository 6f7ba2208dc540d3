// The engine harness itself, against the empty pack (no policies): launch, every Analyzer call,
// the encodings, close.

import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    AnalyzerInfo,
    PackClient,
    SIG_KEY,
    SECRET_SIG,
    UNKNOWN,
    UNKNOWN_ARRAY,
    UNKNOWN_BOOL,
    UNKNOWN_NUMBER,
    UNKNOWN_OBJECT,
    analyzeRequest,
    analyzerResource,
    fixturePath,
    launchPack,
    reconcilePolicyConfig,
    secret,
    urnOf,
} from "../harness/engine";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";

const LAMBDA = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe("engine harness", () => {
    describe("encodings", () => {
        it("exports the engine's sentinels", () => {
            assert.strictEqual(UNKNOWN, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
            assert.deepStrictEqual(secret("x"), {
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                value: "x",
            });
            assert.strictEqual(urnOf(LAMBDA, "fn"), `urn:pulumi:dev::serverless-guard-test::${LAMBDA}::fn`);
        });

        it("keeps nested secrets and unknowns through the wire encoding", () => {
            const properties = {
                role: UNKNOWN,
                environment: { variables: { DB_PASSWORD: secret("hunter2"), NESTED: secret({ a: [1, UNKNOWN] }) } },
                flags: [UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_ARRAY, UNKNOWN_OBJECT, null, undefined],
                gone: undefined,
                __defaults: ["dropped for Analyze, as the engine does"],
                code: { assets: { "__index.js": "kept: only top-level keys are internal (engine v3.238.0 and later)" } },
            };
            const wire = analyzerPb.AnalyzeRequest.deserializeBinary(
                analyzeRequest({ type: LAMBDA, name: "fn", properties }).serializeBinary());
            assert.deepStrictEqual(wire.getProperties()!.toJavaScript(), {
                role: UNKNOWN,
                environment: {
                    variables: {
                        DB_PASSWORD: { [SIG_KEY]: SECRET_SIG, value: "hunter2" },
                        NESTED: { [SIG_KEY]: SECRET_SIG, value: { a: [1, UNKNOWN] } },
                    },
                },
                flags: [UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_ARRAY, UNKNOWN_OBJECT, null, null],
                code: properties.code,
            });
            const opts = wire.getOptions();
            assert.ok(opts && opts.getCustomtimeouts(), "AnalyzeRequest carries options with CustomTimeouts");
            // Remediate keeps internal keys.
            const rem = analyzeRequest({ type: LAMBDA, name: "fn", properties }, false);
            assert.ok("__defaults" in (rem.getProperties()!.toJavaScript() as object));
        });

        it("fills parent, dependencies and propertyDependencies on stack resources", () => {
            const roleUrn = urnOf(ROLE, "r");
            const r = analyzerPb.AnalyzerResource.deserializeBinary(analyzerResource({
                type: LAMBDA,
                name: "fn",
                properties: { role: UNKNOWN },
                parent: "urn:pulumi:dev::serverless-guard-test::pulumi:pulumi:Stack::s",
                dependencies: [roleUrn],
                propertyDependencies: { role: [roleUrn], description: [] },
            }).serializeBinary());
            assert.strictEqual(r.getParent(), "urn:pulumi:dev::serverless-guard-test::pulumi:pulumi:Stack::s");
            assert.strictEqual(r.getOptions()!.getParent(), r.getParent());
            assert.ok(r.getOptions()!.getCustomtimeouts());
            assert.deepStrictEqual(r.getDependenciesList(), [roleUrn]);
            const pd = r.getPropertydependenciesMap();
            assert.deepStrictEqual(pd.get("role")!.getUrnsList(), [roleUrn]);
            assert.strictEqual(pd.get("description"), undefined, "empty lists are left out, as the engine does");
        });

        it("reconciles config like the CLI", () => {
            const info: AnalyzerInfo = {
                name: "p", displayName: "", version: "1", description: "", readme: "", provider: "",
                tags: [], repository: "", supportsConfig: true, initialConfig: {},
                policies: [{
                    name: "a", displayName: "", description: "", message: "", enforcementLevel: "mandatory",
                    severity: "high", policyType: "resource", tags: [], remediationSteps: "", url: "",
                    framework: undefined,
                    configSchema: { properties: { limit: { type: "number", default: 3 } }, required: [] },
                }],
            };
            assert.deepStrictEqual(reconcilePolicyConfig(info, {}), {
                a: { enforcementLevel: "mandatory", properties: { limit: 3 } },
            });
            assert.deepStrictEqual(reconcilePolicyConfig(info, { all: { enforcementLevel: "advisory" }, a: { other: true } }), {
                a: { enforcementLevel: "advisory", properties: { limit: 3, other: true } },
                all: { enforcementLevel: "advisory", properties: {} },
            });
        });
    });

    describe("against the empty pack", () => {
        let pack: PackClient;

        before(async () => {
            pack = await launchPack(fixturePath("empty-pack"));
        });

        after(async () => {
            await pack?.close();
        });

        it("launches and reports what it is", async () => {
            assert.ok(pack.pid > 0);
            assert.ok(pack.port > 0);
            assert.strictEqual(pack.handshakeImplemented, false, "@pulumi/policy does not implement Handshake");
            const info = await pack.getAnalyzerInfo();
            assert.strictEqual(info.name, "empty-pack");
            assert.strictEqual(info.version, "0.0.1");
            assert.strictEqual(info.supportsConfig, true);
            assert.deepStrictEqual(info.policies, []);
            assert.deepStrictEqual(info.initialConfig, {});
            const plugin = await pack.getPluginInfo();
            assert.match(plugin.version, /^\d+\.\d+\.\d+/);
        });

        it("accepts ConfigureStack and Configure", async () => {
            await pack.configureStack({
                organization: "acme",
                project: "serverless-guard-test",
                stack: "dev",
                tags: { env: "dev", "guard:exempt": "none" },
                dryRun: true,
            });
            await pack.configure({});
            await pack.configure({ "some-policy": { enforcementLevel: "disabled", x: 1 } }, { raw: true });
        });

        it("analyzes a resource and a stack with no diagnostics", async () => {
            const role = { type: ROLE, name: "role", properties: { assumeRolePolicy: UNKNOWN } };
            const fn = {
                type: LAMBDA,
                name: "fn",
                properties: {
                    role: UNKNOWN,
                    environment: { variables: { API_KEY: secret("s3cr3t"), MODE: UNKNOWN } },
                },
                dependencies: [urnOf(ROLE, "role")],
                propertyDependencies: { role: [urnOf(ROLE, "role")] },
                provider: { type: "pulumi:providers:aws", name: "default", properties: { region: "eu-west-1" } },
            };
            assert.deepStrictEqual(await pack.analyze(fn), { diagnostics: [], notApplicable: [] });
            assert.deepStrictEqual(await pack.analyzeStack([role, fn]), { diagnostics: [], notApplicable: [] });
            assert.deepStrictEqual(await pack.remediate(fn), { remediations: [], notApplicable: [] });
        });

        it("close() ends the process and is idempotent", async () => {
            const pid = pack.pid;
            assert.ok(alive(pid));
            await Promise.all([pack.close(), pack.close()]);
            await pack.close();
            assert.ok(pack.exit, "exit recorded");
            assert.strictEqual(alive(pid), false);
            await assert.rejects(pack.getAnalyzerInfo(), /closed/);
        });
    });

    it("rejects with the pack's stderr when it dies before printing a port", async () => {
        await assert.rejects(launchPack(fixturePath("no-such-pack")), /no PulumiPolicy.yaml/);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-pack-"));
        try {
            fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "broken-pack", version: "0.0.1" }));
            fs.writeFileSync(path.join(dir, "index.js"), "throw new Error('broken-pack fails at load');\n");
            await assert.rejects(launchPack(dir), /before printing a port[\s\S]*broken-pack fails at load/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
