// The pack's Analyze and AnalyzeStack (arguments built once per request) answer exactly as
// @pulumi/policy's own handlers do, on the same requests: same diagnostics in the same order, same
// "not applicable" entries, same errors; and they see the config and stack tags the SDK accepted.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import type { Policy, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Value } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzeResponse, AnalyzeStackRequest, AnalyzerStackConfigureRequest, ConfigureAnalyzerRequest, EnforcementLevel, PolicyConfig } from "@pulumi/pulumi/proto/analyzer_pb";
import { policies } from "../../policies/catalog";
import { provenWith, rememberingInputs, runsOnlyFor, sdkAsExpected, sdkVersion, sharedAndBounded, withArgsBuiltOnce } from "../../engine/sdk/argsOnce";
import { forgetProgramInputs } from "../../engine/programInputs";
import { proxyTarget } from "../../engine/sdk/internals";
import { rememberSecretsOnDeserialize } from "../../engine/sdk/secretMarks";
import { EngineResource, SECRET_SIG, SIG_KEY, UNKNOWN, analyzeRequest, analyzerResource, secret, toStruct } from "../harness/engine";
import { assetArchive, fileArchive, secretAs, textAsset } from "../fixtures/common";
import { secureAwsStack, aws } from "../fixtures/aws";
import { secureAzureStack, secureClassicStack } from "../fixtures/azure";
import { secureGcpStack } from "../fixtures/gcp";
import { mixedStack } from "../../bench/mix";
import { stackArb } from "../robustness/arbitraries";
import { runs, seed } from "../robustness/settings";

// As the pack's entry does: the SDK's deserializer remembers where secrets were.
rememberSecretsOnDeserialize();

type Handler = (call: { request: unknown }, callback: (error: unknown, response?: { serializeBinary(): Uint8Array }) => void) => void;
type Answer = { ok: object } | { error: string };

const sdkServer = require("@pulumi/policy/server") as Record<"makeAnalyzeRpcFun" | "makeAnalyzeStackRpcFun", (...args: unknown[]) => Handler>;
const protoutil = require("@pulumi/policy/protoutil") as { makeAnalyzeResponse: (diagnostics: any[], notApplicable?: unknown[]) => unknown };

const accept: Handler = (_call, callback) => callback(null);

/** The SDK's handlers and the pack's, serving the same policies. */
function served(list: Policy[], level: "advisory" | "mandatory" = "advisory") {
    const pack = { name: "serverless-guard", version: "1.2.3", level, policies: list };
    // The SDK's handlers as the pack serves them on an SDK it was not proven on: Analyze remembers what it saw.
    const sdk = rememberingInputs({
        analyze: sdkServer.makeAnalyzeRpcFun(pack.name, pack.version, pack.level, list),
        analyzeStack: sdkServer.makeAnalyzeStackRpcFun(pack.name, pack.version, pack.level, list),
        configure: accept,
        configureStack: accept,
    }) as Record<"analyze" | "analyzeStack" | "configure" | "configureStack", Handler>;
    return { sdk, once: withArgsBuiltOnce(sdk, pack) as typeof sdk };
}

/** An error's message; the stack trace the SDK appends differs by caller. */
const withoutStack = (error: unknown) => String(error).split("\n    at ")[0];

/** A response as the engine reads it: encoded by gRPC, decoded. */
const asSent = (response?: { serializeBinary(): Uint8Array }) =>
    response ? AnalyzeResponse.deserializeBinary(response.serializeBinary()).toObject() : {};

const call = (handler: Handler, request: unknown) => new Promise<Answer>(resolve =>
    handler({ request }, (error, response) => resolve(error ? { error: withoutStack(error) } : { ok: asSent(response) })));

/** Analyze of each resource, then AnalyzeStack of them all, with nothing remembered of an earlier stack. */
async function answers(handlers: ReturnType<typeof served>["sdk"], resources: EngineResource[]): Promise<Answer[]> {
    forgetProgramInputs();
    const stack = new AnalyzeStackRequest();
    stack.setResourcesList(resources.map(analyzerResource));
    const each = await Promise.all(resources.map(r => call(handlers.analyze, analyzeRequest(r, true))));
    return [await call(handlers.analyzeStack, stack), ...each];
}

async function assertSameAnswers(handlers: ReturnType<typeof served>, resources: EngineResource[]) {
    const sdk = await answers(handlers.sdk, resources);
    assert.deepEqual(await answers(handlers.once, resources), sdk);
    return sdk;
}

const findingsIn = (answer: Answer) => ("ok" in answer ? (answer.ok as { diagnosticsList: unknown[] }).diagnosticsList.length : 0);

describe("engine/sdk/argsOnce: Analyze and AnalyzeStack with the arguments built once", function () {
    this.timeout(120_000);

    /**
     * The one way the pack's answers differ from the SDK's, by design: rules' notes on the same values
     * are one note, and an answer stays within its bound. The SDK's answers are compared after the same
     * step (idempotent on the pack's, which took it already), here only: other tests see the SDK as it is.
     */
    const makeAnalyzeResponse = protoutil.makeAnalyzeResponse;
    before(() => {
        protoutil.makeAnalyzeResponse = (diagnostics, notApplicable) => makeAnalyzeResponse(sharedAndBounded(diagnostics), notApplicable);
    });
    after(() => {
        protoutil.makeAnalyzeResponse = makeAnalyzeResponse;
    });
    const pack = served(policies);

    it(`proves the loop on @pulumi/policy ${provenWith}, the version installed (upgrading: run this file on the new version, then set provenWith)`, () => {
        assert.equal(sdkVersion(), provenWith);
        assert.ok(sdkAsExpected(), "the SDK has every part the loop relies on");
    });

    it("answers like the SDK on the seeds' secure stacks and the benchmark's mix", async () => {
        for (const stack of [secureAwsStack(), secureAzureStack(), secureClassicStack(), secureGcpStack(), []]) {
            await assertSameAnswers(pack, stack);
        }
        const [stack, ...each] = await assertSameAnswers(pack, mixedStack(300));
        assert.ok(findingsIn(stack) > 0 && each.some(a => findingsIn(a) > 0), "the mix has findings to compare");
    });

    it("answers like the SDK on hostile stacks (random, and mutated secure stacks)", async () => {
        await fc.assert(fc.asyncProperty(stackArb(), async resources => {
            await assertSameAnswers(pack, structuredClone(resources));
        }), { numRuns: runs(100), ...seed() });
    });

    it("gives a resource policy the arguments the SDK builds: props, provider, options, types, in its order", async () => {
        const code = { [SIG_KEY]: SECRET_SIG, value: assetArchive({ "index.js": textAsset("exports.handler = 1"), lib: fileArchive("./lib") }) };
        // Falsy signatures mark nothing: the SDK keeps them as plain keys.
        const odd = { [SIG_KEY]: "", kept: [0, false, null, { [SIG_KEY]: 0, n: 1 }] };
        const fixed = [
            aws.function("api", { role: UNKNOWN, runtime: "nodejs22.x", code: code as never, environment: { variables: { TOKEN: secretAs("s") } } }),
            { ...aws.function("plain", { role: "arn:aws:iam::123456789012:role/r", tags: odd as never }), provider: { type: "pulumi:providers:aws", name: "p", properties: { region: secret("eu-west-1") } } },
        ];
        await fc.assert(fc.asyncProperty(stackArb(), async resources => {
            for (const resource of [...fixed, ...structuredClone(resources)]) {
                const request = analyzeRequest(resource, true);
                const [sdk, once] = [await argsSeen(served([keeper]).sdk, request), await argsSeen(served([keeper]).once, request)];
                assert.deepEqual(once, sdk, resource.urn);
            }
        }), { numRuns: runs(30), ...seed() });
    });

    it("leaves requests it does not read to the SDK, which fails them as it fails them", async () => {
        const fn = { ...aws.function("api", { role: "arn:aws:iam::123456789012:role/r" }), provider: { type: "pulumi:providers:aws", name: "p", properties: {} } };
        const noKind = analyzeRequest(fn, true);
        noKind.getProperties()!.getFieldsMap().set("noKind", new Value());
        const noProviderProperties = analyzeRequest(fn, true);
        noProviderProperties.getProvider()!.clearProperties();
        const handlers = served([keeper]);
        for (const request of [noKind, noProviderProperties]) {
            const sdk = await call(handlers.sdk.analyze, request);
            assert.ok("error" in sdk);
            assert.deepEqual(await call(handlers.once.analyze, request), sdk);
        }
    });

    it("keeps the SDK's rules: levels, remediate as mandatory, not applicable, unknown values, report forms, errors", async () => {
        const fn = aws.function("api", { role: UNKNOWN, runtime: "nodejs22.x" });
        const worker = aws.function("worker", { role: "arn:aws:iam::123456789012:role/worker", runtime: "python3.13" });
        const ofType = (type: string, validate: Validate) => Object.assign((...a: Parameters<Validate>) => validate(...a), { __pulumiType: type });
        const reportAll: Validate = (args, report) => (args.resources ?? [args]).forEach(r => report(`saw ${r.urn}`, r.urn));
        const synthetic: Policy[] = [
            ...both("pack-level", reportAll),
            ...both("mandatory", (_a, report) => report(""), { enforcementLevel: "mandatory", severity: "high" }),
            ...both("remediate", (_a, report) => report("fix"), { enforcementLevel: "remediate" }),
            ...both("disabled", reportAll, { enforcementLevel: "disabled" }),
            ...both("absent-type", ofType("gcp:cloudrunv2/service:Service", reportAll)),
            ...both("present-type", ofType(fn.type, reportAll)),
            ...both("not-applicable", args => args.notApplicable("no functions here")),
            ...both("reads-unknown", args => (args.resources?.[0].props ?? args.props!).role!.toString()),
            ...both("config", (args, report) => report(JSON.stringify(args.getConfig()))),
            ...both("object-form", (_a, report) => {
                const reportObject = report as unknown as (violation: object) => void;
                reportObject({ message: "at another level", enforcementLevel: "advisory", urn: fn.urn });
                reportObject({ description: "described", severity: "critical" });
                reportObject({});
            }, { severity: "low" }),
            ...both("async", async (_a, report) => {
                await new Promise(r => setTimeout(r, 1));
                report("later");
            }),
            { name: "declared-types", description: "declares its types", validateResource: declared([fn.type], reportAll) } as Policy,
            { name: "validations", description: "two validations", validateResource: [reportAll, ofType("none", (_a, report) => report("second"))] } as Policy,
            { name: "remediation-only", description: "fixes only", remediateResource: () => undefined } as Policy,
        ];
        for (const level of ["advisory", "mandatory"] as const) {
            const [stack, ...each] = await assertSameAnswers(served(synthetic, level), [fn, worker, aws.role("role", { assumeRolePolicy: "{}" })]);
            assert.ok(findingsIn(stack) > 0 && findingsIn(each[0]) > 0);
        }
        for (const throws of both("throws", () => { throw new Error("boom"); })) {
            const [stack, ...each] = await assertSameAnswers(served([throws]), [fn]);
            const failed = throws.name.endsWith("stack") ? stack : each[0];
            assert.ok("error" in failed && failed.error.includes(`policy '${throws.name}'`));
        }
    });

    it("answers as the SDK does when a message is one the hand encoding leaves to the library (a lone surrogate)", async () => {
        const fn = aws.function("api", { role: "arn:aws:iam::123456789012:role/r" });
        const lone = both("lone-surrogate", (_a, report) => report("half a pair: \ud800"));
        const absent = both("absent-type", Object.assign((_a: unknown, report: (m: string) => void) => report("never"), { __pulumiType: "gcp:cloudrunv2/service:Service" }));
        const [stack, ...each] = await assertSameAnswers(served([...absent, ...lone]), [fn]);
        assert.ok(findingsIn(stack) > 0 && findingsIn(each[0]) > 0);
        assert.ok("ok" in each[0] && (each[0].ok as { notApplicableList: unknown[] }).notApplicableList.length > 0);
    });

    it("uses the config and stack tags the SDK accepted, and keeps them when the SDK refuses a Configure", async () => {
        const seeing = both("seen", (args, report) => report(JSON.stringify({ config: args.getConfig(), tags: [...args.stackTags] })));
        const silenced = both("silenced", (_a, report) => report(""));
        let refuse = false;
        const pack = { name: "p", version: "1.0.0", level: "advisory" as const, policies: [...seeing, ...silenced] };
        const sdk = served([]).sdk;
        const handlers = withArgsBuiltOnce({ ...sdk, configure: (_call, callback) => callback(refuse ? new Error("refused") : null) }, pack) as typeof sdk;
        const configure = (levels: Record<string, EnforcementLevel>, properties: object) => {
            const request = new ConfigureAnalyzerRequest();
            for (const [name, level] of Object.entries(levels)) {
                const entry = new PolicyConfig();
                entry.setEnforcementlevel(level);
                entry.setProperties(toStruct(name.startsWith("seen") ? { ...properties } : {}));
                request.getPolicyconfigMap().set(name, entry);
            }
            return call(handlers.configure, request);
        };
        const findings = async () => (await answers(handlers, [aws.function("api", { role: UNKNOWN })])).flatMap(answer => {
            assert.ok("ok" in answer);
            return (answer.ok as { diagnosticsList: { policyname: string; message: string; enforcementlevel: number }[] })
                .diagnosticsList.map(d => [d.policyname, d.message.split("\n")[1] ?? "", d.enforcementlevel]);
        });

        const stack = new AnalyzerStackConfigureRequest();
        stack.getTagsMap().set("team", "payments");
        await call(handlers.configureStack, stack);
        const all = (level: EnforcementLevel, names = ["seen-stack", "seen-resource", "silenced-stack", "silenced-resource"]) =>
            Object.fromEntries(names.map(name => [name, name.startsWith("seen") ? level : EnforcementLevel.DISABLED]));
        assert.ok("ok" in await configure(all(EnforcementLevel.MANDATORY), { limit: 3 }));
        const seen = '{"config":{"limit":3},"tags":[["team","payments"]]}';
        const configured = [["seen-stack", seen, EnforcementLevel.MANDATORY], ["seen-resource", seen, EnforcementLevel.MANDATORY]];
        assert.deepEqual(await findings(), configured);
        refuse = true;
        assert.ok("error" in await configure(all(EnforcementLevel.ADVISORY), {}));
        assert.deepEqual(await findings(), configured);
    });
});

/** A resource policy that keeps what it was given, for argsSeen. */
let kept: ResourceValidationArgs | undefined;
const keeper = { name: "keeper", description: "keeps its arguments", validateResource: (args: ResourceValidationArgs) => {
    kept = args;
} } as ResourceValidationPolicy;

/** The arguments `handlers` gave the keeper for `request`, as plain data (proxies opened, functions tried). */
async function argsSeen(handlers: ReturnType<typeof served>["sdk"], request: unknown) {
    kept = undefined;
    await call(handlers.analyze, request);
    assert.ok(kept);
    const args: ResourceValidationArgs = kept;
    const { props, provider, opts, isType, asType, getConfig, notApplicable, stackTags, ...rest } = args;
    const fn = { __pulumiType: "aws:lambda/function:Function" } as never;
    return {
        keys: Object.keys(args), ...rest, props: proxyTarget(props), opts, stackTags: [...stackTags], config: getConfig(),
        provider: provider && { ...provider, props: proxyTarget(provider.props) },
        isType: [isType(fn), isType({ isInstance: () => false } as never)], asType: proxyTarget(asType(fn) ?? {}), notApplicable: typeof notApplicable,
    };
}

/** What a synthetic policy gets: stack or resource arguments. */
type Validate = (args: { resources?: PolicyResource[]; type?: string; props?: Record<string, unknown>; urn?: string; stackTags: ReadonlyMap<string, string>;
    getConfig(): object; notApplicable(reason?: string): never }, report: (message: string, urn?: string) => void) => unknown;

/** A validation that does nothing for other types, and says so (as the pack's rules do). */
function declared(types: string[], validate: Validate) {
    const validation = (args: Parameters<Validate>[0], report: Parameters<Validate>[1]) => (types.includes(args.type!) ? validate(args, report) : undefined);
    runsOnlyFor(validation, types);
    return validation;
}

/** The same check as a stack policy and as a resource policy. */
function both(name: string, validate: Validate, fields: Partial<Policy> = {}): Policy[] {
    return [
        { name: `${name}-stack`, description: `${name} (stack)`, validateStack: validate, ...fields } as StackValidationPolicy,
        { name: `${name}-resource`, description: `${name} (resource)`, validateResource: validate, ...fields } as ResourceValidationPolicy,
    ];
}
