// @pulumi/policy 1.21 builds a policy's arguments anew for every policy it runs: for AnalyzeStack,
// every resource of the stack once per stack policy, which was most of this pack's AnalyzeStack
// time and peak memory (docs/performance.md); for Analyze, the props once per applicable rule. The
// pack serves the SDK's own handlers except Analyze and AnalyzeStack, which let the SDK build the
// arguments once per request (its own handler, serving a single policy that keeps them) and run
// every policy on them by the SDK's rules: level from the policy config, disabled policies skipped,
// remediate reported as mandatory, "not applicable" for a policy tagged with another type, unknown
// values reported as advisory; the answers are the SDK's (test/lib/argsOnce.test.ts). Analyze also
// works out once per resource type which policies run, builds nothing when none does, encodes the
// type's "not applicable" entries once, and reads the props from the request's bytes in one pass
// (engine/sdk/analyzeRequest), taking the arguments no rule of the pack reads from the SDK when
// they are read. Being the one loop that sees every policy's answer, it also remembers what
// Analyze saw (engine/programInputs), makes the notes of rules that wait for the same value one
// note, and keeps each answer within its bound (sharedAndBounded).
//
// The policy config and stack tags are private to the SDK: they are mirrored from the requests its
// Configure and ConfigureStack handlers accept. On another @pulumi/policy version than the one the
// differential test proves (provenWith), or one not shaped as this expects, the pack is served by
// the SDK alone, and says so on stderr.

import { createRequire } from "module";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { rememberProgramInputs } from "../programInputs";
import { EncodableDiagnostic, diagnosticsBytes } from "../protobuf";
import { AnalyzeRequestBytes, LibraryRequest } from "./analyzeRequest";
import type { Deserialize } from "./internals";
import { rememberStruct } from "./secretMarks";
import { isUnknownNote, sharedNote } from "../../policies/lib/findings";
import type {
    EnforcementLevel, Policy, PolicyPackArgs, ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";

type Callback = (error: unknown, response?: unknown) => void;
type Handler = (call: { request: any }, callback: Callback) => void;
type Handlers = Record<string, Handler>;
type MakeHandler = (name: string, version: string, level: EnforcementLevel, policies: Policy[]) => Handler;
type Serve = (name: string, version: string, level: EnforcementLevel, args: PolicyPackArgs, initialConfig?: unknown) => void;

export interface Pack {
    name: string;
    version: string;
    level: EnforcementLevel;
    policies: Policy[];
}

/** What the pack has accepted through Configure and ConfigureStack, and what Analyze worked out from it. */
interface Settings {
    config: Record<string, Record<string, unknown>>;
    stackTags: ReadonlyMap<string, string>;
    /** Per resource type, what Analyze does with each policy (rebuilt when the settings change). */
    analyzePlans: Map<string, AnalyzePlan>;
}

interface AnalyzePlan {
    steps: AnalyzeStep[];
    /** The steps that run a policy, in order. */
    rules: RuleStep[];
    /** The "not applicable" entries of the steps, in order, encoded once (as the field of a response). */
    encodedNotApplicable: Uint8Array;
}

/** A resource policy run at a level, with its own arguments. */
interface RuleStep {
    policy: ResourceValidationPolicy;
    level: EnforcementLevel;
    validations: ResourceValidation[];
    own: PolicyArgs;
}

/** A resource policy for one type: not applicable (its entry), or run. */
type AnalyzeStep = { notApplicable: unknown } | RuleStep;

/** One violation as the SDK records it (the fields its makeAnalyzeResponse reads). */
interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    urn?: string;
    severity?: string;
}

const sdkRequire = createRequire(require.resolve("@pulumi/policy/server"));
const sdkServer = sdkRequire("./server") as { serve?: Serve; makeAnalyzeRpcFun?: MakeHandler; makeAnalyzeStackRpcFun?: MakeHandler };
const sdkPolicy = sdkRequire("./policy") as {
    isResourcePolicy?: (p: Policy) => p is ResourceValidationPolicy;
    isStackPolicy?: (p: Policy) => p is StackValidationPolicy;
    getPulumiType?: (f: unknown) => string | undefined;
};
const protoutil = sdkRequire("./protoutil") as {
    makeAnalyzeResponse?: (ds: Diagnostic[], notApplicable?: unknown[]) => unknown;
    convertEnforcementLevel?: (level: number) => EnforcementLevel;
    asGrpcError?: (e: unknown, message?: string) => unknown;
};
const { UnknownValueError, unknownCheckingProxy } = sdkRequire("./proxy") as { UnknownValueError?: new () => Error; unknownCheckingProxy?: <T extends object>(target: T) => T };
// Read at each call: secretMarks hooks it.
const sdkDeserialize = sdkRequire("./deserialize") as { deserializeProperties?: Deserialize };
const analyzerProto = sdkRequire("@pulumi/pulumi/proto/analyzer_pb") as { PolicyNotApplicable?: new () => any; AnalyzeResponse?: new () => any };
const grpcServer = (sdkRequire("@grpc/grpc-js") as { Server?: { prototype: { addService?: (service: unknown, handlers: Handlers) => void } } }).Server;

/**
 * The @pulumi/policy version this loop answers exactly as the SDK does: what test/lib/argsOnce.test.ts
 * proves, on that version. Another version is served by the SDK alone until the test proves it too.
 */
export const provenWith = "1.21.0";

/** The installed @pulumi/policy's version (its package.json writes it with a "v"). */
export const sdkVersion = (): string => (sdkRequire("./package.json") as { version: string }).version.replace(/^v/, "");

/** Whether the SDK is the proven version and has every part this relies on (else the pack is served by the SDK alone). */
export const sdkAsExpected = () => sdkVersion() === provenWith &&
    [sdkServer.serve, sdkServer.makeAnalyzeRpcFun, sdkServer.makeAnalyzeStackRpcFun, sdkPolicy.isResourcePolicy, sdkPolicy.isStackPolicy,
        sdkPolicy.getPulumiType, protoutil.makeAnalyzeResponse, protoutil.convertEnforcementLevel, protoutil.asGrpcError,
        UnknownValueError, unknownCheckingProxy, sdkDeserialize.deserializeProperties, analyzerProto.PolicyNotApplicable, analyzerProto.AnalyzeResponse, grpcServer?.prototype.addService].every(f => typeof f === "function");

/** Validations that do nothing for resources of other types than their declared ones (see runsOnlyFor). */
const declaredTypes = new WeakMap<Function, ReadonlySet<string>>();

/**
 * Declares that `validation` returns at once, reporting nothing, for resources of other types: Analyze
 * then skips it for them, as it had no effect (unlike the SDK's single-type tag, this adds no "not
 * applicable" entry, so the answer stays the SDK's).
 */
export function runsOnlyFor(validation: Function, types: readonly string[]): void {
    declaredTypes.set(validation, new Set(types));
}

/**
 * Serves the pack's Analyze and AnalyzeStack through this loop (withArgsBuiltOnce). On an SDK it
 * was not proven on, the SDK's own handlers serve, Analyze still remembering what it saw (so stack
 * rules read outputs the same way), and the pack says so on stderr, which reaches the CLI's log.
 */
export function serveAnalyzer(): void {
    const proven = sdkAsExpected();
    if (!proven) {
        console.error(`serverless-guard: @pulumi/policy ${sdkVersion()} is not ${provenWith}, the version its per-request policy loop was proven against ` +
            "(or lacks a part of it); serving with the SDK's own handlers, which answer the same, more slowly.");
    }
    const serve = sdkServer.serve;
    const addService = grpcServer?.prototype.addService;
    if (typeof serve !== "function" || typeof addService !== "function") {
        return;
    }
    sdkServer.serve = (name, version, level, args, initialConfig) => {
        grpcServer!.prototype.addService = function (service, handlers) {
            const pack = { name, version, level, policies: args.policies ?? [] };
            if (!isAnalyzer(handlers)) {
                return addService.call(this, service, handlers);
            }
            return proven
                ? addService.call(this, readingBytes(service), withArgsBuiltOnce(handlers, pack))
                : addService.call(this, service, rememberingInputs(handlers));
        };
        try {
            serve(name, version, level, args, initialConfig);
        } finally {
            grpcServer!.prototype.addService = addService;
        }
    };
}

/** The SDK's handlers, its Analyze remembering what it saw first. */
export function rememberingInputs(handlers: Handlers): Handlers {
    return {
        ...handlers,
        analyze: (call, callback) => {
            remember(call.request);
            handlers.analyze(call, callback);
        },
    };
}

const remember = (request: { getUrn(): string; getType(): string; getProperties(): Struct | undefined }) =>
    rememberProgramInputs(request.getUrn(), request.getType(), request.getProperties());

/** The Analyzer service, its Analyze requests given to the handler as their bytes (engine/sdk/analyzeRequest). */
function readingBytes(service: unknown): unknown {
    const { analyze } = service as { analyze?: { requestDeserialize?: unknown } };
    return analyze?.requestDeserialize ? { ...(service as object), analyze: { ...analyze, requestDeserialize: (bytes: Buffer) => new AnalyzeRequestBytes(bytes) } } : service;
}

const isAnalyzer = (handlers: Handlers) =>
    ["analyze", "analyzeStack", "configure", "configureStack"].every(name => typeof handlers[name] === "function");

/** The SDK's handlers, with Analyze and AnalyzeStack replaced and what the SDK accepts mirrored. */
export function withArgsBuiltOnce(handlers: Handlers, pack: Pack): Handlers {
    const settings: Settings = { config: {}, stackTags: new Map(), analyzePlans: new Map() };
    const serving = (respond: (request: any) => Promise<unknown>): Handler => (call, callback) => {
        respond(call.request).then(response => callback(null, response), error => callback(error));
    };
    return {
        ...handlers,
        configure: mirrored(handlers.configure, request => {
            const config: Settings["config"] = {};
            for (const [name, entry] of request.getPolicyconfigMap().entries()) {
                config[name] = { ...entry.getProperties().toJavaScript(), enforcementLevel: protoutil.convertEnforcementLevel!(entry.getEnforcementlevel()) };
            }
            settings.config = config;
            settings.analyzePlans = new Map();
        }),
        configureStack: mirrored(handlers.configureStack, request => {
            settings.stackTags = new Map(request.getTagsMap().entries());
            settings.analyzePlans = new Map();
        }),
        analyze: serving(request => analyze(pack, settings, request)),
        analyzeStack: serving(request => analyzeStack(pack, settings, request)),
    };
}

/** Runs the SDK's handler, then remembers what it accepted. */
function mirrored(handler: Handler, remember: (request: any) => void): Handler {
    return (call, callback) =>
        handler(call, (error, response) => {
            if (!error) {
                try {
                    remember(call.request);
                } catch (e) {
                    return callback(protoutil.asGrpcError!(e));
                }
            }
            callback(error, response);
        });
}

/** A policy named `name` that keeps the arguments it is given (its name is the one the SDK's errors give). */
function keeper<Args>(name: string, keep: (args: Args) => void): Policy {
    return { name, description: "Keeps the arguments of the request.", enforcementLevel: "mandatory", validateResource: keep, validateStack: keep } as Policy;
}

/** The arguments the SDK builds for `policy`, from the SDK's handler serving one policy that keeps them. */
function argsBuiltBySdk<Args>(makeHandler: MakeHandler, pack: Pack, policy: Policy, request: unknown): Promise<Args> {
    return new Promise((resolve, reject) => {
        let kept: Args | undefined;
        makeHandler(pack.name, pack.version, pack.level, [keeper<Args>(policy.name, args => {
            kept = args;
        })])({ request }, error =>
            error ? reject(error) : kept ? resolve(kept) : reject(new Error("the SDK built no policy arguments")));
    });
}

/** A policy's arguments, from the request's and its own (getConfig, stackTags, notApplicable). */
type ResourceArgsFor = (own: PolicyArgs) => ResourceValidationArgs;

/**
 * A resource policy's arguments as the SDK's Analyze builds them (makeAnalyzeRpcFun), in its field
 * order, the props and provider props read from the request's bytes (or its Struct) in one pass
 * and put in the SDK's unknown-checking proxy. The options, isType and asType, which the pack's
 * rules never read, come from the SDK's own arguments on first use. Undefined when the request is
 * not one this reads (no properties, no options, a value of no kind): the SDK then builds them
 * all, and fails as it fails.
 */
function resourceArgs(pack: Pack, request: AnalyzeRequestBytes): ResourceArgsFor | undefined {
    const read = propsOfRequest(request);
    if (read === undefined) {
        return undefined;
    }
    const { props, provider } = read;
    let sdkArgs: ResourceValidationArgs | undefined;
    const fromSdk = () => (sdkArgs ??= argsBuiltBySdkNow(pack, request.message()));
    const isType = (resourceClass: Parameters<ResourceValidationArgs["isType"]>[0]) => fromSdk().isType(resourceClass);
    const asType = ((resourceClass: Parameters<ResourceValidationArgs["isType"]>[0]) => (isType(resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"];
    const { type, urn, name } = request;
    return own => {
        // Built field by field, with one getter shared by every request: an object literal with a
        // getter of its own is a dictionary of its own (about 1 KB), for each policy of each resource.
        const args = { type, props, urn, name } as ResourceValidationArgs & { [sdkArgsOf]: () => ResourceValidationArgs };
        Object.defineProperty(args, sdkArgsOf, { value: fromSdk });
        Object.defineProperty(args, "opts", optionsFromSdk);
        args.stackTags = own.stackTags;
        args.isType = isType;
        args.asType = asType;
        args.getConfig = own.getConfig;
        args.notApplicable = own.notApplicable;
        if (provider) {
            args.provider = provider;
        }
        return args;
    };
}

/** Where a policy's arguments keep the SDK's own, built on first use (not enumerable, as the SDK's have no such field). */
const sdkArgsOf = Symbol("sdkArgs");

/** The arguments' `opts`, from the SDK's arguments: enumerable like the SDK's own field. */
const optionsFromSdk: PropertyDescriptor = {
    get(this: { [sdkArgsOf]: () => ResourceValidationArgs }) {
        return this[sdkArgsOf]().opts;
    },
    enumerable: true,
    configurable: true,
};

/** The props and the provider's as the SDK's hooked deserializer leaves them: remembered with their Struct, in the unknown-checking proxy. */
function propsOfRequest(request: AnalyzeRequestBytes): Pick<ResourceValidationArgs, "props" | "provider"> | undefined {
    try {
        const read = request.props(sdkDeserialize.deserializeProperties!);
        const provider = read?.provider;
        return read && { props: propsOf(read.props, read.struct), provider: provider && { type: provider.type, props: propsOf(provider.props, provider.struct), urn: provider.urn, name: provider.name } };
    } catch {
        return undefined;
    }
}

function propsOf(props: Record<string, unknown>, struct: () => Struct): Record<string, unknown> {
    rememberStruct(props, struct);
    return unknownCheckingProxy!(props);
}

/** The SDK's arguments, which its Analyze builds before it first yields. */
function argsBuiltBySdkNow(pack: Pack, request: LibraryRequest): ResourceValidationArgs {
    let kept: ResourceValidationArgs | undefined;
    sdkServer.makeAnalyzeRpcFun!(pack.name, pack.version, pack.level, [keeper<ResourceValidationArgs>("arguments", args => {
        kept = args;
    })])({ request }, () => undefined);
    if (kept === undefined) {
        throw new Error("the SDK built no policy arguments");
    }
    return kept;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

/** Per policy: what it gets besides the request's arguments. */
type PolicyArgs = Pick<ResourceValidationArgs, "getConfig" | "stackTags" | "notApplicable">;

function policyArgs(settings: Settings, name: string): PolicyArgs {
    // One object for as long as the plan lasts (until the next Configure), so that what a rule
    // derives from its config (lib/config's configOf) is derived once, not per resource.
    let properties: Readonly<Record<string, unknown>> | undefined;
    return {
        getConfig: <T>() => {
            if (properties === undefined) {
                const { enforcementLevel, ...rest } = settings.config[name] ?? {};
                properties = Object.freeze(rest);
            }
            return properties as T;
        },
        stackTags: settings.stackTags,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/**
 * The level a policy reports at (the policy config's, else its own, else the pack's), undefined when
 * disabled; remediate reports as mandatory (Remediate has run; what still fails is a violation).
 */
function reportingLevel(pack: Pack, settings: Settings, policy: Policy): EnforcementLevel | undefined {
    const level = (settings.config[policy.name]?.enforcementLevel as EnforcementLevel | undefined) || policy.enforcementLevel || pack.level;
    return level === "disabled" ? undefined : level === "remediate" ? "mandatory" : level;
}

function notApplicableEntry(policyName: string, reason?: string): unknown {
    const entry = new analyzerProto.PolicyNotApplicable!();
    entry.setPolicyName(policyName);
    if (reason) {
        entry.setReason(reason);
    }
    return entry;
}

/** One request's findings and "not applicable" entries. */
class Answer {
    readonly diagnostics: Diagnostic[] = [];
    /** "Not applicable" entries: in Analyze, those the policies gave themselves; in AnalyzeStack, all of them. */
    readonly notApplicable: unknown[] = [];
    /** The policy that gave each entry of `notApplicable` itself, at the same index. */
    private readonly saidNotApplicable: Policy[] = [];

    constructor(private readonly pack: Pack) {}

    /** The SDK's reportViolation: a message (after the description), or an object that may override fields. */
    reporter(policy: Policy, level: EnforcementLevel): ReportViolation {
        const { name, description, severity } = policy;
        const { name: policyPackName, version: policyPackVersion } = this.pack;
        return (message: string | Partial<Diagnostic & { name: string }>, urn?: string) => {
            this.diagnostics.push(typeof message === "object"
                ? {
                    policyPackName, policyPackVersion, policyName: message.name || name, message: message.message || message.description || description,
                    urn: message.urn, description: message.description || description,
                    enforcementLevel: message.enforcementLevel || level, severity: message.severity || severity,
                }
                : { policyPackName, policyPackVersion, policyName: name, message: message ? `${description}\n${message}` : description, urn, description, enforcementLevel: level, severity });
        };
    }

    /**
     * Runs one validation and handles what it throws as the SDK does. A validation that returns a
     * promise is awaited; the pack's rules return none, so most requests need no microtask per policy.
     */
    run<A>(policy: Policy, validate: (args: A, report: ReportViolation) => unknown, args: A, report: ReportViolation): PromiseLike<void> | undefined {
        try {
            const result = validate(args, report) as PromiseLike<unknown> | undefined;
            if (typeof result?.then === "function") {
                return Promise.resolve(result).then(() => undefined, e => this.failed(policy, e));
            }
        } catch (e) {
            this.failed(policy, e);
        }
        return undefined;
    }

    private failed(policy: Policy, e: unknown) {
        const policyFrom = `policy '${policy.name}' from policy pack '${this.pack.name}@v${this.pack.version}'`;
        if (e instanceof UnknownValueError!) {
            const { name, validateResource, validateStack, ...about } = policy as ResourceValidationPolicy & StackValidationPolicy;
            this.diagnostics.push({ ...about, policyName: name, policyPackName: this.pack.name, policyPackVersion: this.pack.version,
                message: `can't run ${policyFrom} during preview: ${e.message}`, enforcementLevel: "advisory" });
        } else if (e instanceof NotApplicable) {
            this.notApplicable.push(notApplicableEntry(policy.name, e.reason));
            this.saidNotApplicable.push(policy);
        } else {
            throw protoutil.asGrpcError!(e, `Error validating resource with ${policyFrom}`);
        }
    }

    /**
     * The response, encoded faster than the library encodes it (engine/protobuf). When the entries
     * are exactly the plan's, they go out as the plan encoded them: encoding a dozen entries per
     * resource was a large part of Analyze's cost, and protobuf reads a repeated field appended after
     * the rest of a message as part of it.
     */
    response(plan?: AnalyzePlan) {
        const planned = plan !== undefined && this.saidNotApplicable.length === 0;
        const notApplicable = planned ? plan.encodedNotApplicable : encodedNotApplicable(plan === undefined ? this.notApplicable : this.inPlanOrder(plan));
        const response = protoutil.makeAnalyzeResponse!(sharedAndBounded(this.diagnostics), []) as {
            serializeBinary(): Uint8Array; getDiagnosticsList(): EncodableDiagnostic[];
        };
        const libraryBytes = response.serializeBinary.bind(response);
        response.serializeBinary = () => diagnosticsBytes(response.getDiagnosticsList(), notApplicable) ?? Buffer.concat([libraryBytes(), notApplicable]);
        return response;
    }

    /** The plan's entries and those the policies gave themselves, each at its policy's place (the SDK's order). */
    private inPlanOrder(plan: AnalyzePlan): unknown[] {
        const said = new Map<Policy, unknown[]>();
        this.saidNotApplicable.forEach((policy, i) => said.set(policy, [...(said.get(policy) ?? []), this.notApplicable[i]]));
        return plan.steps.flatMap(step => ("notApplicable" in step ? [step.notApplicable] : said.get(step.policy) ?? []));
    }
}

/** "Not applicable" entries as the library encodes the notApplicable field of a response. */
function encodedNotApplicable(entries: unknown[]): Uint8Array {
    const response = new analyzerProto.AnalyzeResponse!();
    response.setNotApplicableList(entries);
    return response.serializeBinary();
}

/** The notes of rules waiting for the same values of the same resource, as one note that names the rules. */
function withSharedNotes(diagnostics: Diagnostic[]): Diagnostic[] {
    const notes = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) {
        if (d.enforcementLevel === "advisory" && isUnknownNote(d.message)) {
            const key = `${d.urn}\u0000${d.message}`;
            notes.set(key, [...(notes.get(key) ?? []), d]);
        }
    }
    const dropped = new Set<Diagnostic>();
    for (const [first, ...others] of notes.values()) {
        if (others.length > 0) {
            others.forEach(d => dropped.add(d));
            first.message = sharedNote(first.message, [first, ...others].map(d => d.policyName));
        }
    }
    return dropped.size === 0 ? diagnostics : diagnostics.filter(d => !dropped.has(d));
}

/** The most an answer's messages may hold: far below the engine's 400 MiB gRPC limit. */
export const maxAnswerBytes = 16 * 1024 * 1024;
/** What each diagnostic adds besides its message (names, URN, description, encoding). */
const diagnosticOverhead = 400;

const sizeOf = (d: Diagnostic) => d.message.length + (d.urn?.length ?? 0) + d.description.length + diagnosticOverhead;

/** An answer's diagnostics as the pack sends them: shared notes, within the bound. */
export const sharedAndBounded = (diagnostics: Diagnostic[]) => bounded(withSharedNotes(diagnostics));

/**
 * The diagnostics within `maxAnswerBytes`, mandatory ones first; beyond it one diagnostic says how
 * many were left out (mandatory when a mandatory one was, so the deployment still fails).
 */
function bounded(diagnostics: Diagnostic[]): Diagnostic[] {
    let total = 0;
    for (const d of diagnostics) {
        total += sizeOf(d);
    }
    if (total <= maxAnswerBytes) {
        return diagnostics;
    }
    const kept = new Set<Diagnostic>();
    let used = diagnosticOverhead * 2;
    for (const d of [...diagnostics.filter(d => d.enforcementLevel === "mandatory"), ...diagnostics.filter(d => d.enforcementLevel !== "mandatory")]) {
        if (used + sizeOf(d) <= maxAnswerBytes) {
            kept.add(d);
            used += sizeOf(d);
        }
    }
    const cut = diagnostics.filter(d => !kept.has(d));
    const mandatory = cut.filter(d => d.enforcementLevel === "mandatory").length;
    const first = cut[0];
    const summary: Diagnostic = {
        ...first, urn: "", enforcementLevel: mandatory > 0 ? "mandatory" : "advisory",
        message: `serverless-guard left ${cut.length} finding(s) out of this answer (${mandatory} mandatory, ${cut.length - mandatory} advisory, ` +
            `from ${new Set(cut.map(d => d.policyName)).size} polic(ies)) to keep it under ${maxAnswerBytes / 1024 / 1024} MiB. ` +
            "Fix the findings shown, or run `serverless-guard audit` on the stack's export for the full list.",
    };
    return [...diagnostics.filter(d => kept.has(d)), summary];
}

const onlyType = (type: string) => `Policy only applies to resources of type '${type}'`;

/** What Analyze does with each policy for resources of `type`, in the SDK's order. */
function analyzePlan(pack: Pack, settings: Settings, type: string): AnalyzePlan {
    const steps: AnalyzeStep[] = [];
    for (const policy of pack.policies) {
        const level = reportingLevel(pack, settings, policy);
        if (level === undefined || !sdkPolicy.isResourcePolicy!(policy)) {
            continue;
        }
        const validate = policy.validateResource;
        const only = validate && !Array.isArray(validate) ? sdkPolicy.getPulumiType!(validate) : undefined;
        if (!validate || (only && only !== type)) {
            steps.push({ notApplicable: notApplicableEntry(policy.name, validate ? onlyType(only!) : "Policy does not implement validateResource") });
        } else {
            const validations = (Array.isArray(validate) ? validate : [validate]).filter(v => declaredTypes.get(v)?.has(type) ?? true);
            if (validations.length > 0) {
                steps.push({ policy, level, validations, own: policyArgs(settings, policy.name) });
            }
        }
    }
    return {
        steps,
        rules: steps.filter((step): step is RuleStep => "policy" in step),
        encodedNotApplicable: encodedNotApplicable(steps.flatMap(step => ("notApplicable" in step ? [step.notApplicable] : []))),
    };
}

async function analyze(pack: Pack, settings: Settings, given: AnalyzeRequestBytes | LibraryRequest): Promise<unknown> {
    const request = given instanceof AnalyzeRequestBytes ? given : AnalyzeRequestBytes.of(given);
    const { type } = request;
    let plan = settings.analyzePlans.get(type);
    if (plan === undefined) {
        plan = analyzePlan(pack, settings, type);
        settings.analyzePlans.set(type, plan);
    }
    const answer = new Answer(pack);
    const { rules } = plan;
    if (rules.length === 0) {
        request.remember();
        return answer.response(plan); // most resources of a stack (attachments, grants, networks)
    }
    let argsFor = resourceArgs(pack, request);
    request.remember(); // from what resourceArgs read
    if (argsFor === undefined) {
        const args = await argsBuiltBySdk<ResourceValidationArgs>(sdkServer.makeAnalyzeRpcFun!, pack, rules[0].policy, request.message());
        argsFor = own => ({ ...args, ...own });
    }
    for (const { policy, level, validations, own: policyOwn } of rules) {
        const report = answer.reporter(policy, level);
        const own = argsFor(policyOwn);
        for (const validate of validations) {
            const pending = answer.run(policy, validate, own, report);
            if (pending) {
                await pending;
            }
        }
    }
    return answer.response(plan);
}

async function analyzeStack(pack: Pack, settings: Settings, request: { getResourcesList(): { getType(): string }[] }): Promise<unknown> {
    const answer = new Answer(pack);
    const types = new Set(request.getResourcesList().map(r => r.getType()));
    let args: StackValidationArgs | undefined;
    for (const policy of pack.policies) {
        const level = reportingLevel(pack, settings, policy);
        if (level === undefined || !sdkPolicy.isStackPolicy!(policy)) {
            continue;
        }
        const type = sdkPolicy.getPulumiType!(policy.validateStack);
        if (type && !types.has(type)) {
            answer.notApplicable.push(notApplicableEntry(policy.name, onlyType(type)));
            continue;
        }
        args ??= await argsBuiltBySdk<StackValidationArgs>(sdkServer.makeAnalyzeStackRpcFun!, pack, policy, request);
        const own = { ...args, ...policyArgs(settings, policy.name) };
        const report = answer.reporter(policy, level);
        // Called as a method, as the SDK calls it.
        await answer.run(policy, (a: StackValidationArgs, r) => policy.validateStack(a, r), own, report);
    }
    return answer.response();
}
