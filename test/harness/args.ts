// Runs a policy in-process with the arguments @pulumi/policy builds for it: properties go through
// a protobuf Struct, the SDK's own deserializer and its unknown-checking proxy; `getConfig` returns
// the schema defaults overlaid with the given config, as the CLI fills them in.
import type {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { rememberStruct } from "../../engine/sdk/secretMarks";
import { forgetProgramInputs, rememberProgramInputs } from "../../engine/programInputs";
import type { EngineProvider } from "../../engine/client/types";
import { Mode, ModelResource, checkedInputs, outputsIn } from "../../testing/engineModel";

// The SDK's own deserializer; its typings leave it out (@internal).
const { deserializeProperties, serializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties(properties: Struct, proxySecrets: boolean): Record<string, unknown>;
    serializeProperties(props: unknown): Promise<Record<string, unknown>>;
};

/** A resource as the engine sends it (same shape as the engine harness takes). */
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

/** Props as the SDK builds them; like the pack's hook (lib/secretMarks), remembers where secrets were. */
function sdkProps(properties: Record<string, unknown>, proxySecrets = false): Record<string, any> {
    const struct = Struct.fromJavaScript(properties as any);
    const props = deserializeProperties(struct, proxySecrets);
    rememberStruct(props, struct);
    return unknownCheckingProxy(props);
}

function commonArgs(policy: AnyPolicy, options: RunOptions) {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if ("default" in schema) {
            defaults[key] = (schema as { default: unknown }).default;
        }
    }
    const config = { ...defaults, ...(options.config ?? {}) };
    return {
        stackTags: new Map(Object.entries(options.stackTags ?? {})) as ReadonlyMap<string, string>,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
}

function collector(policy: AnyPolicy, violations: Violation[]) {
    const level = policy.enforcementLevel ?? "advisory";
    return (message: string | Record<string, any>, urn?: string) => {
        if (typeof message === "object") {
            violations.push({
                policyName: message.name ?? policy.name,
                message: message.message ?? policy.description,
                urn: message.urn,
                enforcementLevel: message.enforcementLevel ?? level,
            });
        } else {
            const text = message ? `${policy.description}\n${message}` : policy.description;
            violations.push({ policyName: policy.name, message: text, urn, enforcementLevel: level });
        }
    };
}

const noOptions = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };

export async function runResourcePolicy(
    policy: ResourceValidationPolicy, resource: TestResource, options: RunOptions = {},
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const validations = [policy.validateResource ?? []].flat();
    for (const validate of validations) {
        const pulumiType = (validate as { __pulumiType?: string }).__pulumiType;
        if (pulumiType && pulumiType !== resource.type) {
            continue;
        }
        const props = sdkProps(resource.properties);
        const args: ResourceValidationArgs = {
            ...commonArgs(policy, options),
            type: resource.type, name: resource.name, urn: resource.urn, props, opts: noOptions,
            isType: () => false,
            asType: () => undefined,
        };
        await validate(args, collector(policy, violations) as any);
    }
    return violations;
}

/**
 * Runs a policy's remediation as the SDK's Remediate does (proxied props, secrets kept wrapped) and
 * returns what the SDK would send back, engine-encoded (secrets as secret objects), or undefined.
 */
export async function runRemediation(
    policy: ResourceValidationPolicy, resource: TestResource, options: RunOptions = {},
): Promise<Record<string, unknown> | undefined> {
    return runRemediations([policy], resource, options);
}

/**
 * Runs the policies' remediations one after the other as the SDK's Remediate does: each after the
 * first that remediated sees that one's result, not the proxied props. The last result, engine-encoded.
 */
export async function runRemediations(
    policies: ResourceValidationPolicy[], resource: TestResource, options: RunOptions = {},
): Promise<Record<string, unknown> | undefined> {
    let props: Record<string, any> = sdkProps(resource.properties, true);
    let remediated = false;
    for (const policy of policies) {
        const pulumiType = (policy.remediateResource as { __pulumiType?: string } | undefined)?.__pulumiType;
        if (!policy.remediateResource || (pulumiType && pulumiType !== resource.type)) {
            continue;
        }
        const args: ResourceValidationArgs = {
            ...commonArgs(policy, options),
            type: resource.type, name: resource.name, urn: resource.urn, props, opts: noOptions,
            isType: () => false,
            asType: () => undefined,
        };
        const result = await policy.remediateResource(args);
        if (result) {
            props = result;
            remediated = true;
        }
    }
    return remediated ? serializeProperties(props) : undefined;
}

/** Props as Analyze's request carries them: the engine drops top-level internal keys (`__defaults`). */
const analyzeStruct = (props: Record<string, unknown>) =>
    Struct.fromJavaScript(Object.fromEntries(Object.entries(props).filter(([k, v]) => !k.startsWith("__") && v !== undefined)) as any);

const asModel = (r: TestResource): ModelResource => ({ type: r.type, name: r.name, urn: r.urn, inputs: r.properties });

/**
 * Each resource's properties as AnalyzeStack gets them in `mode` (fixtures hold what Analyze gets:
 * the inputs after Check); before a preview or an up, the pack remembers Analyze's inputs.
 */
export function stackPropertiesOf(resources: TestResource[], mode: Mode | "state" = "preview"): Record<string, unknown>[] {
    if (mode === "state") {
        forgetProgramInputs();
    }
    return resources.map(r => {
        if (mode !== "state") {
            rememberProgramInputs(r.urn, r.type, analyzeStruct(checkedInputs(asModel(r))));
        }
        return outputsIn(mode === "state" ? "up" : mode, asModel(r));
    });
}

export async function runStackPolicy(
    policy: StackValidationPolicy, resources: TestResource[], options: RunOptions = {},
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const byUrn = new Map<string, PolicyResource>();
    const properties = stackPropertiesOf(resources, options.mode);
    const policyResources = resources.map((r, i) => {
        const provider = r.provider && { type: r.provider.type, name: r.provider.name, urn: r.provider.urn ?? "", props: sdkProps(r.provider.properties ?? {}) };
        const resource: PolicyResource = {
            type: r.type, name: r.name, urn: r.urn, props: sdkProps(properties[i]), opts: noOptions, provider,
            dependencies: [], propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    resources.forEach((r, i) => {
        const linked = (urns: string[]) => urns.map(u => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
        policyResources[i].parent = r.parent ? byUrn.get(r.parent) : undefined;
        policyResources[i].dependencies = linked(r.dependencies ?? []);
        for (const [property, urns] of Object.entries(r.propertyDependencies ?? {})) {
            policyResources[i].propertyDependencies[property] = linked(urns);
        }
    });
    const args: StackValidationArgs = { ...commonArgs(policy, options), resources: policyResources };
    await policy.validateStack(args, collector(policy, violations) as any);
    return violations;
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
