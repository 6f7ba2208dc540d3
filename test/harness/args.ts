// Runs policies in-process exactly as the launched pack serves them: @pulumi/policy's own handlers
// (Configure, ConfigureStack, Analyze, AnalyzeStack, Remediate), through the pack's policy loop
// (engine/sdk/argsOnce) and deserialization hook, on requests encoded as the engine sends them;
// the answers are decoded as the engine reads them. The SDK builds every policy argument (props,
// proxy, options, config, stack tags, levels); nothing here models it.
import type { EnforcementLevel, Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    AnalyzeResponse, AnalyzeStackRequest, AnalyzerStackConfigureRequest, ConfigureAnalyzerRequest, PolicyConfig, RemediateResponse,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { withArgsBuiltOnce } from "../../engine/sdk/argsOnce";
import { rememberSecretsOnDeserialize } from "../../engine/sdk/secretMarks";
import { forgetProgramInputs, rememberProgramInputs } from "../../engine/programInputs";
import type { EngineProvider } from "../../engine/client/types";
import {
    analyzeRequest, analyzerResource, convertAnalyzeResponse, convertRemediateResponse, enforcementLevelToProto, toStruct,
} from "../../engine/client/encoding";
import { defaultsOf } from "../../policies/lib/config";
import { Mode, checkedInputs, modelOf, outputsIn } from "../../testing/engineModel";

/** A resource as the program registers it: its inputs (the engine sends Analyze those after Check). */
export interface TestResource {
    type: string;
    name: string;
    urn: string;
    properties: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
    dependencies?: string[];
    /** The component or resource it was declared in. */
    parent?: string;
    provider?: EngineProvider;
}

export interface Violation {
    policyName: string;
    message: string;
    urn?: string;
    enforcementLevel: string;
    /** Set by runRule and runPack: whether Analyze (before the resource's step) or AnalyzeStack (at the end) reported it. */
    phase?: "analyze" | "analyzeStack";
}

export interface RunOptions {
    /** The policy's config properties (its schema's defaults fill the rest, as the CLI does). */
    config?: Record<string, unknown>;
    stackTags?: Record<string, string>;
    /**
     * Stack policies: what AnalyzeStack gets, as the engine sends it. "preview" (default): the
     * planned state, after Analyze saw every resource's inputs; "up": the state once created;
     * "state": outputs with no Analyze before (an audit of state the pack did not see deployed).
     */
    mode?: Mode | "state";
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;
type Callback = (error: unknown, response?: any) => void;
type Handler = (call: { request: unknown }, callback: Callback) => void;
type Handlers = Record<"analyze" | "analyzeStack" | "configure" | "configureStack", Handler>;

const sdkServer = require("@pulumi/policy/server") as {
    serve(name: string, version: string, level: string, args: { policies: Policy[] }): void;
    makeAnalyzeRpcFun(...args: unknown[]): Handler;
    makeAnalyzeStackRpcFun(...args: unknown[]): Handler;
    makeRemediateRpcFun(...args: unknown[]): Handler;
};
const grpcServer = (require(require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/policy/server")] })) as {
    Server: { prototype: Record<"addService" | "bindAsync", (...args: any[]) => unknown> };
}).Server;

rememberSecretsOnDeserialize();

/**
 * The SDK's Configure and ConfigureStack handlers, which it keeps private: taken from serve(), once
 * per process, with nothing bound. They set the SDK's own config and stack tags.
 */
const sdkConfigure: Pick<Handlers, "configure" | "configureStack"> = (() => {
    const { addService, bindAsync } = grpcServer.prototype;
    let captured: Pick<Handlers, "configure" | "configureStack"> | undefined;
    grpcServer.prototype.addService = (_service: unknown, handlers: Handlers) => {
        captured = handlers;
    };
    grpcServer.prototype.bindAsync = () => undefined;
    try {
        sdkServer.serve("serverless-guard-tests", "0.0.0", "advisory", { policies: [] });
    } finally {
        Object.assign(grpcServer.prototype, { addService, bindAsync });
    }
    return captured!;
})();

const packName = "serverless-guard";
const packVersion = "0.0.0";

const call = (handler: Handler, request: unknown) =>
    new Promise<any>((resolve, reject) => handler({ request }, (error, response) => (error ? reject(error) : resolve(response))));

/** Configure as the CLI sends it: the policy at its level, with its schema's defaults overlaid by `config`. */
function configureRequest(policies: Policy[], options: RunOptions, level?: EnforcementLevel): ConfigureAnalyzerRequest {
    const request = new ConfigureAnalyzerRequest();
    for (const policy of policies) {
        const entry = new PolicyConfig();
        entry.setEnforcementlevel(enforcementLevelToProto[level ?? policy.enforcementLevel ?? "advisory"]);
        entry.setProperties(Struct.fromJavaScript({ ...defaultsOf(policy), ...(options.config ?? {}) } as never));
        request.getPolicyconfigMap().set(policy.name, entry);
    }
    return request;
}

/** The handlers the pack serves for `policies`, configured as the CLI would configure them. */
async function served(policies: Policy[], options: RunOptions): Promise<Handlers> {
    const sdk = {
        ...sdkConfigure,
        analyze: sdkServer.makeAnalyzeRpcFun(packName, packVersion, "advisory", policies),
        analyzeStack: sdkServer.makeAnalyzeStackRpcFun(packName, packVersion, "advisory", policies),
    };
    const handlers = withArgsBuiltOnce(sdk, { name: packName, version: packVersion, level: "advisory", policies }) as Handlers;
    await call(handlers.configure, configureRequest(policies, options));
    const stack = new AnalyzerStackConfigureRequest();
    for (const [key, value] of Object.entries(options.stackTags ?? {})) {
        stack.getTagsMap().set(key, value);
    }
    await call(handlers.configureStack, stack);
    return handlers;
}

/** An answer as the engine reads it: encoded by gRPC, decoded. */
const violationsOf = (response: { serializeBinary(): Uint8Array }): Violation[] =>
    convertAnalyzeResponse(AnalyzeResponse.deserializeBinary(response.serializeBinary())).diagnostics
        .map(({ policyName, message, urn, enforcementLevel }) => ({ policyName, message, urn: urn || undefined, enforcementLevel }));

/** Analyze of one resource, with its inputs after Check. */
export async function runResourcePolicy(policy: ResourceValidationPolicy, resource: TestResource, options: RunOptions = {}): Promise<Violation[]> {
    const handlers = await served([policy], options);
    return violationsOf(await call(handlers.analyze, analyzeRequest({ ...resource, properties: checkedInputs(modelOf(resource)) })));
}

/**
 * Each resource's properties as AnalyzeStack gets them in `mode` (fixtures hold what the program
 * registered); before a preview or an up, the pack remembers Analyze's inputs.
 */
function stackPropertiesOf(resources: TestResource[], mode: Mode | "state" = "preview"): Record<string, unknown>[] {
    if (mode === "state") {
        forgetProgramInputs();
    }
    return resources.map(r => {
        if (mode !== "state") {
            rememberProgramInputs(r.urn, r.type, toStruct(checkedInputs(modelOf(r)), true));
        }
        return outputsIn(mode === "state" ? "up" : mode, modelOf(r));
    });
}

/** AnalyzeStack of `resources`, with what the engine sends it in `options.mode` (preview by default). */
export async function runStackPolicy(policy: StackValidationPolicy, resources: TestResource[], options: RunOptions = {}): Promise<Violation[]> {
    const handlers = await served([policy], options);
    const properties = stackPropertiesOf(resources, options.mode);
    const request = new AnalyzeStackRequest();
    request.setResourcesList(resources.map((r, i) => analyzerResource({ ...r, properties: properties[i] })));
    return violationsOf(await call(handlers.analyzeStack, request));
}

/**
 * Runs policies on a stack the way the engine does: Analyze for each resource (the policies with a
 * resource part), then AnalyzeStack (those with a stack part) on what `mode` gives it. Each
 * violation says which of the two reported it.
 */
export async function runPack(policies: AnyPolicy[], resources: TestResource[], options: Record<string, RunOptions> = {}, mode?: Mode | "state") {
    const violations: Violation[] = [];
    for (const policy of policies) {
        const policyOptions = { mode, ...options[policy.name] };
        if ("validateResource" in policy && policy.validateResource) {
            for (const resource of resources) {
                violations.push(...(await runResourcePolicy(policy, resource, policyOptions)).map(v => ({ ...v, phase: "analyze" as const })));
            }
        }
        if ("validateStack" in policy && typeof policy.validateStack === "function") {
            violations.push(...(await runStackPolicy(policy, resources, policyOptions)).map(v => ({ ...v, phase: "analyzeStack" as const })));
        }
    }
    return violations;
}

/** One policy on a stack, as the engine runs it (see runPack). */
export const runRule = (policy: AnyPolicy, resources: TestResource[], options: RunOptions = {}) =>
    runPack([policy], resources, { [policy.name]: options });

/**
 * The policies' remediations, as the SDK's Remediate runs them at level remediate (each after the
 * first that remediated sees that one's result): the last result, engine-encoded (secrets as
 * secret objects), or undefined when none remediated.
 */
export async function runRemediations(policies: ResourceValidationPolicy[], resource: TestResource, options: RunOptions = {}): Promise<Record<string, unknown> | undefined> {
    await call(sdkConfigure.configure, configureRequest(policies, options, "remediate"));
    const remediate = sdkServer.makeRemediateRpcFun(packName, packVersion, "advisory", policies);
    const response = RemediateResponse.deserializeBinary((await call(remediate, analyzeRequest(resource, false))).serializeBinary());
    return convertRemediateResponse(response).remediations.filter(r => r.properties !== undefined).pop()?.properties;
}

/** One policy's remediation (see runRemediations). */
export const runRemediation = (policy: ResourceValidationPolicy, resource: TestResource, options: RunOptions = {}) =>
    runRemediations([policy], resource, options);
