// Runs a Pulumi program under @pulumi/pulumi's mocks, in preview or up mode, and plays the engine
// for a policy pack: each resource the program registers is sent to Analyze with its checked inputs
// (at up, a mandatory finding fails that resource's step before it exists, as the engine does),
// then AnalyzeStack gets every resource's outputs (planned at preview, final at up) with its
// parent, dependencies, propertyDependencies and provider. Outputs go back to the program, so a
// resource built from another's unknown ARN sees it unknown at preview and resolved at up.
import type { Diagnostic, EngineProvider, EngineResource, PackClient } from "../engine/client/types";
import { PROVIDER_TYPE_PREFIX, RESOURCE_SIG, SIG_KEY, STACK_TYPE, UNKNOWN } from "../engine/wire";
import { CloudContext, Mode, ModelResource, checkedInputs, computeDefaultAccount, defaultCloud, outputsIn } from "./engineModel";

type Props = Record<string, unknown>;

/** A resource as the program registered it, with what the engine knows of it. */
export interface RegisteredResource extends ModelResource {
    custom: boolean;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: EngineProvider;
    /** Its outputs once the engine has them (components: what they registered). */
    outputs: Props;
}

export interface ProgramOptions {
    /** "preview" (default) or "up". */
    mode?: Mode;
    project?: string;
    stack?: string;
    /** Stack config, `namespace:key` to value (e.g. `"aws:region": "eu-west-1"`). */
    config?: Record<string, string>;
    /** Where the model pretends to deploy (account, region, project...). */
    cloud?: Partial<CloudContext>;
    /** Results of provider functions (invokes) by token, besides the ones built in. */
    invokes?: Record<string, (args: Props) => Props>;
    /** Where the program's @pulumi/pulumi and provider SDKs resolve from (default: the current directory). */
    from?: string;
}

export interface PhaseDiagnostic extends Diagnostic {
    /** When the engine got it: Analyze (before the resource's step) or AnalyzeStack (at the end). */
    phase: "analyze" | "analyzeStack";
}

export interface ProgramCheck {
    mode: Mode;
    diagnostics: PhaseDiagnostic[];
    /** The resource whose step a mandatory Analyze finding failed at up, if any: the deployment stopped there. */
    stoppedAt?: string;
    /** At up, the resources never created: the one whose step failed, and those registered after it. */
    notCreated: string[];
    /** Every resource the program registered, in order. */
    resources: RegisteredResource[];
    /** The AnalyzeStack request's resources (none when an up stopped). */
    stackResources: EngineResource[];
}

const isObject = (v: unknown): v is Props => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The engine's view of a registered value: a resource reference becomes the resource's id (a
 * component's: its URN), unknown while the id is, as the engine sends providers and policy packs.
 */
function engineValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(engineValue);
    }
    if (!isObject(value)) {
        return value;
    }
    if (value[SIG_KEY] === RESOURCE_SIG) {
        return "id" in value ? (value.id === "" ? UNKNOWN : value.id) : value.urn;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, engineValue(v)]));
}

/** The engine's URN: the parent's type chain, without the root stack. */
function urnOf(project: string, stack: string, type: string, name: string, parent: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Built-in results of the provider functions programs commonly call, as the clouds answer them. */
function builtInInvokes(cloud: CloudContext): Record<string, (args: Props) => Props> {
    return {
        "aws:iam/getPolicyDocument:getPolicyDocument": args => ({ json: JSON.stringify(policyDocument(args)) }),
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: cloud.awsAccount, arn: `arn:aws:iam::${cloud.awsAccount}:user/ci`, userId: "AIDA0000" }),
        "aws:index/getRegion:getRegion": () => ({ name: cloud.awsRegion, region: cloud.awsRegion }),
        "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
        "gcp:organizations/getProject:getProject": () => ({ projectId: cloud.gcpProject, number: cloud.gcpProjectNumber }),
        "gcp:compute/getDefaultServiceAccount:getDefaultServiceAccount": () => ({ email: computeDefaultAccount(cloud) }),
        "azure-native:authorization:getClientConfig": () => ({ subscriptionId: cloud.azureSubscription, tenantId: cloud.azureTenant, objectId: "22222222-2222-2222-2222-222222222222", clientId: "33333333-3333-3333-3333-333333333333" }),
    };
}

/** aws.iam.getPolicyDocument's JSON, from its statements (the fields programs use). */
function policyDocument(args: Props): Props {
    const statements = Array.isArray(args.statements) ? args.statements as Props[] : [];
    const principals = (list: unknown) => {
        const out: Record<string, unknown> = {};
        for (const p of Array.isArray(list) ? list as Props[] : []) {
            out[String(p.type)] = p.identifiers;
        }
        return out;
    };
    return {
        Version: "2012-10-17",
        Statement: statements.map(s => Object.fromEntries(Object.entries({
            Sid: s.sid, Effect: s.effect ?? "Allow", Action: s.actions, NotAction: s.notActions, Resource: s.resources, NotResource: s.notResources,
            Principal: s.principals ? principals(s.principals) : undefined,
            Condition: Array.isArray(s.conditions) ? Object.fromEntries((s.conditions as Props[]).map(c => [c.test, { [String(c.variable)]: c.values }])) : undefined,
        }).filter(([, v]) => v !== undefined))),
    };
}

interface Pulumi {
    runtime: {
        setMocks(mocks: unknown, project?: string, stack?: string, preview?: boolean): Promise<void>;
        getMonitor(): any;
        runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
        waitForRPCs(): Promise<void>;
        setAllConfig(config: Record<string, string>, secretKeys?: string[]): void;
    };
}

/** Loads what the program itself loads: its @pulumi/pulumi, the protobuf modules that copy uses. */
function runtimeOf(from: string) {
    const resolve = (id: string, paths: string[]) => require(require.resolve(id, { paths }));
    const pulumi = resolve("@pulumi/pulumi", [from]) as Pulumi;
    const pulumiDir = require.resolve("@pulumi/pulumi/package.json", { paths: [from] }).replace(/package\.json$/, "");
    return {
        pulumi,
        resourcePb: resolve("@pulumi/pulumi/proto/resource_pb", [from]),
        struct: resolve("google-protobuf/google/protobuf/struct_pb", [pulumiDir]).Struct,
    };
}

/**
 * Runs `program` as the engine would deploy it (mode preview or up) and sends the policy pack what
 * the engine sends it; resolves with the pack's findings, each with the phase it came in.
 */
export async function deployProgram(program: () => unknown, pack: PackClient, options: ProgramOptions = {}): Promise<ProgramCheck> {
    const mode = options.mode ?? "preview";
    const project = options.project ?? "project";
    const stack = options.stack ?? "dev";
    const from = options.from ?? process.cwd();
    const cloud = { ...defaultCloud, ...options.cloud };
    const config = { "aws:region": cloud.awsRegion, "gcp:project": cloud.gcpProject, ...options.config };
    const invokes = { ...builtInInvokes(cloud), ...options.invokes };
    const { pulumi, resourcePb, struct } = runtimeOf(from);

    const result: ProgramCheck = { mode, diagnostics: [], resources: [], stackResources: [], notCreated: [] };
    const byUrn = new Map<string, RegisteredResource>();
    const defaultProviders = new Map<string, Promise<RegisteredResource>>();

    const record = (phase: PhaseDiagnostic["phase"], diagnostics: Diagnostic[]) => result.diagnostics.push(...diagnostics.map(d => ({ ...d, phase })));

    /**
     * Analyze, as the engine calls it for every registration. At up a mandatory finding fails the step
     * before the resource is created, and the deployment stops (the program goes on here, its outputs
     * resolved, so that everything it registers can be listed as never created).
     */
    const analyze = async (resource: RegisteredResource) => {
        const { diagnostics } = await pack.analyze({ ...resource, properties: resource.custom ? checkedInputs(resource, from) : resource.inputs, dependencies: undefined, propertyDependencies: undefined });
        record("analyze", diagnostics);
        if (mode === "up" && diagnostics.some(d => d.enforcementLevel === "mandatory")) {
            result.stoppedAt ??= resource.urn;
            result.notCreated.push(resource.urn);
        }
    };

    const registered = (resource: RegisteredResource) => {
        byUrn.set(resource.urn, resource);
        result.resources.push(resource);
    };

    /** The engine registers a default provider, with the stack's config for its package, before its first resource. */
    const defaultProvider = async (pkg: string, version: string): Promise<RegisteredResource> => {
        const name = `default${version ? `_${version.replace(/[.-]/g, "_")}` : ""}`;
        const type = `${PROVIDER_TYPE_PREFIX}${pkg}`;
        const urn = urnOf(project, stack, type, name, "");
        let provider = defaultProviders.get(urn);
        if (!provider) {
            const packageConfig = Object.entries(config).filter(([k]) => k.startsWith(`${pkg}:`)).map(([k, v]) => [k.slice(pkg.length + 1), v]);
            const inputs = { ...Object.fromEntries(packageConfig), ...(version ? { version } : {}) };
            const resource: RegisteredResource = { type, name, urn, custom: true, inputs, outputs: inputs, dependencies: [], propertyDependencies: {} };
            registered(resource);
            provider = analyze(resource).then(() => resource);
            defaultProviders.set(urn, provider);
        }
        return provider;
    };

    /** The provider a custom resource is served by, as AnalyzeRequest.provider carries it. */
    const providerOf = async (type: string, reference: string, version: string): Promise<EngineProvider | undefined> => {
        const provider = reference ? byUrn.get(reference.slice(0, reference.lastIndexOf("::"))) : await defaultProvider(type.slice(0, type.indexOf(":")), version);
        return provider && { type: provider.type, name: provider.name, urn: provider.urn, properties: provider.inputs };
    };

    await pulumi.runtime.setMocks({ newResource: () => ({ id: undefined, state: {} }), call: () => ({}) }, project, stack, mode === "preview");
    pulumi.runtime.setAllConfig(config);
    const monitor = pulumi.runtime.getMonitor();

    monitor.registerResource = (req: any, callback: (error: unknown, response?: unknown) => void) => {
        (async () => {
            const type: string = req.getType();
            const name: string = req.getName();
            const urn = urnOf(project, stack, type, name, req.getParent());
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                propertyDependencies[key] = deps.getUrnsList();
            });
            const custom: boolean = req.getCustom();
            const isProvider = type.startsWith(PROVIDER_TYPE_PREFIX);
            const resource: RegisteredResource = {
                type, name, urn, custom, parent: req.getParent() || undefined,
                inputs: engineValue(req.getObject()?.toJavaScript() ?? {}) as Props,
                dependencies: req.getDependenciesList(), propertyDependencies,
                provider: custom && !isProvider ? await providerOf(type, req.getProvider(), req.getVersion()) : undefined,
                outputs: {},
            };
            registered(resource);
            // Once a step failed the engine starts no other: what registers later is never analyzed nor created.
            if (result.stoppedAt === undefined) {
                await analyze(resource);
            } else {
                result.notCreated.push(urn);
            }
            // Providers keep their config as state; components get what they register (registerOutputs).
            resource.outputs = !custom ? {} : isProvider ? { ...resource.inputs } : outputsIn(mode, resource, cloud, from);
            const { id, ...state } = resource.outputs;
            const response = new resourcePb.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(resource.custom && typeof id === "string" && id !== UNKNOWN ? id : mode === "up" && resource.custom ? `${name}-id` : "");
            response.setObject(struct.fromJavaScript(state));
            monitor.resources.set(urn, { urn, id: id ?? null, state });
            return response;
        })().then(response => callback(null, response), error => callback(error));
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (error: unknown, response?: unknown) => void) => {
        const resource = byUrn.get(req.getUrn());
        if (resource) {
            resource.outputs = engineValue(req.getOutputs()?.toJavaScript() ?? {}) as Props;
        }
        registerOutputs(req, callback);
    };
    monitor.mocks.call = (args: { token: string; inputs: Props }) => invokes[args.token]?.(args.inputs) ?? {};

    await pulumi.runtime.runInPulumiStack(async () => program());
    await pulumi.runtime.waitForRPCs();
    // Some components register their last resources when the program's event loop empties (the S3
    // event mixins' BucketNotification): the language host's process sees beforeExit then.
    process.emit("beforeExit", 0);
    await pulumi.runtime.waitForRPCs();
    if (result.stoppedAt === undefined) {
        result.stackResources = result.resources.map(r => ({
            type: r.type, name: r.name, urn: r.urn, parent: r.parent, properties: r.outputs,
            dependencies: r.dependencies, propertyDependencies: r.propertyDependencies, provider: r.provider,
        }));
        record("analyzeStack", (await pack.analyzeStack(result.stackResources)).diagnostics);
    }
    return result;
}
