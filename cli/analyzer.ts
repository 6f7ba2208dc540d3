// The engine side of the Analyzer protocol: launches a policy pack exactly as the Pulumi CLI does
// and speaks the Analyzer gRPC protocol to it, as the engine does. The audit command and the test
// harness (test/harness/engine.ts) both drive packs through this one module.
//
// What the CLI does (pkg/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer, for a `nodejs`
// pack) and what this module reproduces:
//   1. runs `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine-address> .` with
//      the pack's directory as working directory (through the `pulumi-analyzer-policy` shim);
//   2. reads the gRPC port from the first line of the pack's stdout and connects, insecure;
//   3. calls `Handshake` (engine address, root and program directory), tolerating UNIMPLEMENTED;
//   4. calls `ConfigureStack`, `GetAnalyzerInfo`, `Configure` (the reconciled policy config), then
//      `Analyze` per resource, `AnalyzeStack` at the end, and `Remediate`.
//
// The engine address: `run-policy-pack` drops its first argument without reading it, and
// `@pulumi/policy` 1.21.0 neither implements `Handshake` nor dials the engine. `@pulumi/pulumi`
// only dials an engine when PULUMI_NODEJS_ENGINE is set, which the CLI does not set for policy
// packs (their `pulumi.log` output goes to stderr). So no Engine service is needed: we pass an
// address nothing listens on and keep PULUMI_NODEJS_ENGINE/MONITOR out of the pack's environment.

import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

// ------------------------------------------------------------------------------------------------
// Engine encodings.
// ------------------------------------------------------------------------------------------------

/** The engine's unknown (preview) string; what the engine sends for almost every unknown input. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
export const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
export const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
export const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";
export const UNKNOWN_ASSET = "030794c1-ac77-496b-92df-f27374a8bd58";
export const UNKNOWN_ARCHIVE = "e48ece36-62e2-4504-bad9-02848725956a";

/** The key and value that mark an object as a special value (`specialSigKey`, `specialSecretSig`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface SecretValue<T = unknown> {
    [SIG_KEY]: typeof SECRET_SIG;
    value: T;
}

/** A secret as the engine sends it. `@pulumi/policy` unwraps it: policies see the plain value. */
export function secret<T>(value: T): SecretValue<T> {
    if (value === undefined) {
        throw new Error("secret(undefined): the engine never sends a secret without a value");
    }
    return { [SIG_KEY]: SECRET_SIG, value };
}

const STACK_URN_PREFIX = "urn:pulumi:dev::serverless-guard-test::";

/** The URN given to a resource sent without one (tests build resources by type and name): `urn:pulumi:dev::serverless-guard-test::<type>::<name>`. */
export function urnOf(type: string, name: string): string {
    return `${STACK_URN_PREFIX}${type}::${name}`;
}

// ------------------------------------------------------------------------------------------------
// Public types.
// ------------------------------------------------------------------------------------------------

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical" | "unspecified";
export type PolicyType = "resource" | "stack" | "unknown";

export interface EngineProvider {
    /** e.g. `pulumi:providers:aws` */
    type: string;
    name: string;
    /** Defaults to `urnOf(type, name)`. */
    urn?: string;
    properties?: Record<string, unknown>;
}

export interface EngineResourceOptions {
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
    /** Seconds. */
    customTimeouts?: { create?: number; update?: number; delete?: number; read?: number };
}

export interface EngineResource {
    type: string;
    name: string;
    /** Defaults to `urnOf(type, name)`. */
    urn?: string;
    /** Resource inputs, in the engine's encoding (plain JSON plus `UNKNOWN*` and `secret()`). */
    properties: Record<string, unknown>;
    /** Parent URN; sent as `options.parent` (and `parent` in AnalyzeStack). */
    parent?: string;
    /** URNs (AnalyzeStack only). */
    dependencies?: string[];
    /** Property name to the URNs its value came from (AnalyzeStack only). */
    propertyDependencies?: Record<string, string[]>;
    provider?: EngineProvider;
    options?: EngineResourceOptions;
}

export interface PolicyFramework {
    name: string;
    version: string;
    reference: string;
    specification: string;
}

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    policyType: PolicyType;
    /** The policy's JSON schema, without the `enforcementLevel` property the CLI injects. */
    configSchema: { properties: Record<string, unknown>; required: string[] } | undefined;
    tags: string[];
    remediationSteps: string;
    url: string;
    framework: PolicyFramework | undefined;
}

export interface PolicyConfigEntry {
    /** Note: proto3 cannot tell "unset" from ADVISORY, so an entry without a level reads as "advisory". */
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

export interface AnalyzerInfo {
    name: string;
    displayName: string;
    version: string;
    description: string;
    readme: string;
    provider: string;
    tags: string[];
    repository: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
    initialConfig: Record<string, PolicyConfigEntry>;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    message: string;
    urn: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    description: string;
}

export interface NotApplicable {
    policyName: string;
    reason: string;
}

export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: NotApplicable[];
}

export interface Remediation {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    /** The remediated properties, engine-encoded (secrets stay wrapped), or undefined. */
    properties: Record<string, unknown> | undefined;
    /** Empty string when there is none. */
    diagnostic: string;
}

export interface RemediateResult {
    remediations: Remediation[];
    notApplicable: NotApplicable[];
}

/** One policy's config, in the policy-pack config file format: `{ enforcementLevel?, ...properties }`. */
export interface PolicyConfigInput {
    enforcementLevel?: string;
    [property: string]: unknown;
}

export interface ConfigureOptions {
    /**
     * Send exactly the given entries (an entry without `enforcementLevel` gets the policy's own
     * level). By default the client reconciles like the CLI does before `Configure`: every policy
     * of the pack gets an entry with its enforcement level and its schema's top-level `default`s,
     * then the pack's `initialConfig` and then `config` are applied on top (an `all` key sets the
     * level of every policy). The CLI also validates the result against each policy's JSON schema;
     * the client does not (the audit command checks config types itself).
     */
    raw?: boolean;
}

export interface StackConfig {
    organization?: string;
    project?: string;
    stack?: string;
    tags?: Record<string, string>;
    dryRun?: boolean;
    /** Stack config, `namespace:key` to value. */
    config?: Record<string, string>;
    configSecretKeys?: string[];
}

export interface LaunchOptions {
    /** Extra environment for the pack (the CLI adds PULUMI_CONFIG, PULUMI_NODEJS_STACK, ...). */
    env?: Record<string, string>;
    /** Time allowed from spawn to a usable connection. Default 60 s. */
    timeoutMs?: number;
}

export interface PackClient {
    readonly pid: number;
    readonly port: number;
    readonly packDir: string;
    /** Milliseconds from spawn to the port line on stdout. */
    readonly launchMs: number;
    /** Whether the pack implements Handshake (`@pulumi/policy` 1.21.0 does not). */
    readonly handshakeImplemented: boolean;
    /** Everything the pack wrote to stderr so far. */
    readonly stderr: string;
    /** Everything the pack wrote to stdout after the port line. */
    readonly stdout: string;
    /** Exit code or signal once the process has ended, else undefined. */
    readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    getAnalyzerInfo(): Promise<AnalyzerInfo>;
    getPluginInfo(): Promise<{ version: string }>;
    configure(config: Record<string, PolicyConfigInput>, options?: ConfigureOptions): Promise<void>;
    configureStack(stack: StackConfig): Promise<void>;
    analyze(resource: EngineResource): Promise<AnalyzeResult>;
    analyzeStack(resources: EngineResource[]): Promise<AnalyzeResult>;
    remediate(resource: EngineResource): Promise<RemediateResult>;
    /** Kills the pack and closes the channel; resolves once the process has exited. Idempotent. */
    close(): Promise<void>;
}

// ------------------------------------------------------------------------------------------------
// Paths.
// ------------------------------------------------------------------------------------------------

/**
 * The root of the package this module belongs to: the nearest directory above it holding a
 * package.json. Built or installed, that is the serverless-guard pack itself.
 */
export function packageRoot(): string {
    let dir = __dirname;
    for (;;) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        const up = path.dirname(dir);
        if (up === dir) {
            throw new Error(`no package.json above ${__dirname}`);
        }
        dir = up;
    }
}

/**
 * The launcher the CLI would run for this pack: its own node_modules', or, when the pack has none
 * (a fixture pack, or an installed package whose dependencies npm hoisted), the one Node resolves
 * from here.
 */
export function launcherPath(packDir: string): string {
    const own = path.join(packDir, "node_modules");
    if (fs.existsSync(own)) {
        return path.join(own, "@pulumi", "pulumi", "cmd", "run-policy-pack");
    }
    return path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");
}

// ------------------------------------------------------------------------------------------------
// Encoding.
// ------------------------------------------------------------------------------------------------

/**
 * Converts engine-encoded properties to a google.protobuf.Struct. Like the engine's marshaller:
 * `undefined` object members are left out (an absent property), `undefined` array elements become
 * null, and with `skipInternalKeys` (Analyze, AnalyzeStack, providers) top-level keys starting with
 * `__` are dropped (the engine since v3.238.0, rpc.go MarshalProperties; before, at every level, which
 * dropped the `__index.js` entry of a CallbackFunction's code). Secret wrappers and unknown sentinels
 * are ordinary JSON and pass as is.
 */
export function toStruct(props: Record<string, unknown>, skipInternalKeys = false): Struct {
    const normalized = normalize(props, skipInternalKeys, "properties");
    return Struct.fromJavaScript(normalized as Record<string, JavaScriptValue>);
}

function normalize(value: unknown, skipInternal: boolean, where: string): unknown {
    if (value === null || typeof value === "string" || typeof value === "boolean") {
        return value;
    }
    if (typeof value === "number") {
        if (!Number.isFinite(value)) {
            throw new Error(`${where}: ${value} cannot be sent to a policy pack`);
        }
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((v, i) => (v === undefined ? null : normalize(v, skipInternal, `${where}[${i}]`)));
    }
    if (typeof value === "object") {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
            throw new Error(`${where}: only plain objects can be sent, got ${proto?.constructor?.name ?? "object"}`);
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            if (v === undefined || (skipInternal && k.startsWith("__"))) {
                continue;
            }
            out[k] = normalize(v, false, `${where}.${k}`);
        }
        return out;
    }
    throw new Error(`${where}: a ${typeof value} cannot be sent to a policy pack`);
}

function structToJs(s: Struct | undefined): Record<string, unknown> {
    return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}

const enforcementLevelToProto: Record<EnforcementLevel, analyzerPb.EnforcementLevel> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
};

function isEnforcementLevel(s: unknown): s is EnforcementLevel {
    return typeof s === "string" && Object.prototype.hasOwnProperty.call(enforcementLevelToProto, s);
}

function enforcementLevelFromProto(el: analyzerPb.EnforcementLevel): EnforcementLevel {
    switch (el) {
        case analyzerPb.EnforcementLevel.ADVISORY: return "advisory";
        case analyzerPb.EnforcementLevel.MANDATORY: return "mandatory";
        case analyzerPb.EnforcementLevel.REMEDIATE: return "remediate";
        case analyzerPb.EnforcementLevel.DISABLED: return "disabled";
        default: throw new Error(`invalid enforcement level ${el}`);
    }
}

function severityFromProto(s: analyzerPb.PolicySeverity): Severity {
    switch (s) {
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW: return "low";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM: return "medium";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH: return "high";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL: return "critical";
        default: return "unspecified";
    }
}

function policyTypeFromProto(t: analyzerPb.PolicyType): PolicyType {
    switch (t) {
        case analyzerPb.PolicyType.POLICY_TYPE_RESOURCE: return "resource";
        case analyzerPb.PolicyType.POLICY_TYPE_STACK: return "stack";
        default: return "unknown";
    }
}

function resourceOptions(r: EngineResource): analyzerPb.AnalyzerResourceOptions {
    const o = r.options ?? {};
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(o.customTimeouts?.create ?? 0);
    timeouts.setUpdate(o.customTimeouts?.update ?? 0);
    timeouts.setDelete(o.customTimeouts?.delete ?? 0);
    timeouts.setRead(o.customTimeouts?.read ?? 0);
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(o.protect ?? false);
    opts.setIgnorechangesList(o.ignoreChanges ?? []);
    opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
    opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
    opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
    opts.setAliasesList(o.aliases ?? []);
    opts.setCustomtimeouts(timeouts);
    opts.setParent(r.parent ?? "");
    return opts;
}

function providerProto(p: EngineProvider | undefined): analyzerPb.AnalyzerProviderResource | undefined {
    if (!p) {
        return undefined;
    }
    const prov = new analyzerPb.AnalyzerProviderResource();
    prov.setType(p.type);
    prov.setName(p.name);
    prov.setUrn(p.urn ?? urnOf(p.type, p.name));
    prov.setProperties(toStruct(p.properties ?? {}, true));
    return prov;
}

/** What an AnalyzeRequest and an AnalyzerResource both carry. */
function fillResource<T extends analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource>(
    target: T, r: EngineResource, skipInternalKeys: boolean,
): T {
    target.setType(r.type);
    target.setName(r.name);
    target.setUrn(r.urn ?? urnOf(r.type, r.name));
    target.setProperties(toStruct(r.properties, skipInternalKeys));
    target.setOptions(resourceOptions(r));
    const prov = providerProto(r.provider);
    if (prov) {
        target.setProvider(prov);
    }
    return target;
}

/** The AnalyzeRequest the engine sends for Analyze (skipInternalKeys) and Remediate (not). */
export function analyzeRequest(r: EngineResource, skipInternalKeys = true): analyzerPb.AnalyzeRequest {
    return fillResource(new analyzerPb.AnalyzeRequest(), r, skipInternalKeys);
}

/** One AnalyzerResource of an AnalyzeStackRequest. */
export function analyzerResource(r: EngineResource): analyzerPb.AnalyzerResource {
    const res = fillResource(new analyzerPb.AnalyzerResource(), r, true);
    res.setParent(r.parent ?? "");
    res.setDependenciesList(r.dependencies ?? []);
    const deps = res.getPropertydependenciesMap();
    for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
        if (urns.length === 0) {
            continue; // as the engine does
        }
        const pd = new analyzerPb.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        deps.set(prop, pd);
    }
    return res;
}

/** An AnalyzeResponse (Analyze and AnalyzeStack) in this module's terms. */
export function convertAnalyzeResponse(resp: analyzerPb.AnalyzeResponse): AnalyzeResult {
    return {
        diagnostics: resp.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            message: d.getMessage(),
            urn: d.getUrn(),
            enforcementLevel: enforcementLevelFromProto(d.getEnforcementlevel()),
            severity: severityFromProto(d.getSeverity()),
            description: d.getDescription(),
        })),
        notApplicable: convertNotApplicable(resp.getNotApplicableList()),
    };
}

function convertNotApplicable(list: analyzerPb.PolicyNotApplicable[]): NotApplicable[] {
    return list.map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
}

function convertAnalyzerInfo(ai: analyzerPb.AnalyzerInfo): AnalyzerInfo {
    const initialConfig: Record<string, PolicyConfigEntry> = {};
    ai.getInitialconfigMap().forEach((v: analyzerPb.PolicyConfig, k: string) => {
        initialConfig[k] = {
            enforcementLevel: enforcementLevelFromProto(v.getEnforcementlevel()),
            properties: structToJs(v.getProperties()),
        };
    });
    return {
        name: ai.getName(),
        displayName: ai.getDisplayname(),
        version: ai.getVersion(),
        description: ai.getDescription(),
        readme: ai.getReadme(),
        provider: ai.getProvider(),
        tags: ai.getTagsList(),
        repository: ai.getRepository(),
        supportsConfig: ai.getSupportsconfig(),
        policies: ai.getPoliciesList().map((p) => {
            const schema = p.getConfigschema();
            const fw = p.getFramework();
            return {
                name: p.getName(),
                displayName: p.getDisplayname(),
                description: p.getDescription(),
                message: p.getMessage(),
                enforcementLevel: enforcementLevelFromProto(p.getEnforcementlevel()),
                severity: severityFromProto(p.getSeverity()),
                policyType: policyTypeFromProto(p.getPolicyType()),
                configSchema: schema
                    ? { properties: structToJs(schema.getProperties()), required: schema.getRequiredList() }
                    : undefined,
                tags: p.getTagsList(),
                remediationSteps: p.getRemediationSteps(),
                url: p.getUrl(),
                framework: fw
                    ? {
                        name: fw.getName(),
                        version: fw.getVersion(),
                        reference: fw.getReference(),
                        specification: fw.getSpecification(),
                    }
                    : undefined,
            };
        }),
        initialConfig,
    };
}

// ------------------------------------------------------------------------------------------------
// Config reconciliation (the CLI's ReconcilePolicyPackConfig, minus JSON-schema validation).
// ------------------------------------------------------------------------------------------------

interface ConfigEntry {
    enforcementLevel: EnforcementLevel | "";
    properties: Record<string, unknown> | undefined;
}

function splitInput(name: string, input: PolicyConfigInput): ConfigEntry {
    const { enforcementLevel, ...properties } = input;
    if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        throw new Error(`config for ${name}: "${String(enforcementLevel)}" is not a valid enforcement level`);
    }
    return {
        enforcementLevel: enforcementLevel ?? "",
        properties: Object.keys(properties).length > 0 ? properties : undefined,
    };
}

function applyConfig(result: Map<string, ConfigEntry>, toApply: Map<string, ConfigEntry>): void {
    const all = toApply.get("all");
    if (all && all.enforcementLevel !== "") {
        for (const [k, v] of result) {
            result.set(k, { enforcementLevel: all.enforcementLevel, properties: v.properties });
        }
    }
    for (const [policy, given] of toApply) {
        const current = result.get(policy);
        let enforcementLevel = current?.enforcementLevel ?? "";
        let properties = current?.properties;
        if (given.enforcementLevel !== "") {
            enforcementLevel = given.enforcementLevel;
        }
        if (given.properties) {
            properties = { ...(properties ?? {}), ...given.properties };
        }
        result.set(policy, { enforcementLevel, properties });
    }
}

/**
 * The policy config the CLI would send to `Configure`, from the pack's metadata and the user's
 * config (policy-pack config file format).
 */
export function reconcilePolicyConfig(
    info: AnalyzerInfo,
    config: Record<string, PolicyConfigInput>,
): Record<string, { enforcementLevel: EnforcementLevel | ""; properties: Record<string, unknown> }> {
    const result = new Map<string, ConfigEntry>();
    for (const p of info.policies) {
        let props: Record<string, unknown> | undefined;
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (schema !== null && typeof schema === "object" && "default" in schema) {
                props = props ?? {};
                props[k] = (schema as { default: unknown }).default;
            }
        }
        result.set(p.name, { enforcementLevel: p.enforcementLevel, properties: props });
    }
    const initial = new Map<string, ConfigEntry>();
    for (const [k, v] of Object.entries(info.initialConfig)) {
        initial.set(k, { enforcementLevel: v.enforcementLevel, properties: v.properties });
    }
    applyConfig(result, initial);
    const given = new Map<string, ConfigEntry>();
    for (const [k, v] of Object.entries(config)) {
        given.set(k, splitInput(k, v));
    }
    applyConfig(result, given);
    const out: Record<string, { enforcementLevel: EnforcementLevel | ""; properties: Record<string, unknown> }> = {};
    for (const [k, v] of result) {
        out[k] = { enforcementLevel: v.enforcementLevel, properties: v.properties ?? {} };
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// The client.
// ------------------------------------------------------------------------------------------------

/** The engine's gRPC message limit, both ways. */
export const MAX_MESSAGE = 400 * 1024 * 1024;
const DEFAULT_LAUNCH_TIMEOUT_MS = 60_000;
/** run-policy-pack ignores it; nothing listens on port 0. */
const ENGINE_ADDRESS = "127.0.0.1:0";

const livePacks = new Set<childProcess.ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    // Never leave packs behind when the test process ends without closing them.
    process.on("exit", () => {
        for (const child of livePacks) {
            try {
                child.kill("SIGKILL");
            } catch {
                // already gone
            }
        }
    });
}

type Unary<Req, Resp> = (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown;

class PackClientImpl implements PackClient {
    private readonly client: analyzerGrpc.AnalyzerClient;
    private closing: Promise<void> | undefined;
    private infoCache: AnalyzerInfo | undefined;
    handshakeImplemented = false;

    constructor(
        private readonly child: childProcess.ChildProcess,
        private readonly exited: Promise<void>,
        private readonly output: { stderr: string; stdout: string; exit?: { code: number | null; signal: NodeJS.Signals | null } },
        readonly packDir: string,
        readonly port: number,
        readonly launchMs: number,
    ) {
        this.client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE,
            "grpc.max_send_message_length": MAX_MESSAGE,
        });
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }
    get stderr(): string {
        return this.output.stderr;
    }
    get stdout(): string {
        return this.output.stdout;
    }
    get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
        return this.output.exit;
    }

    private call<Req, Resp>(method: string, fn: Unary<Req, Resp>, req: Req): Promise<Resp> {
        if (this.closing) {
            return Promise.reject(new Error(`${method}: the pack client is closed`));
        }
        return new Promise<Resp>((resolve, reject) => {
            fn.call(this.client, req, (err, resp) => {
                if (err) {
                    const e = new Error(`${method} failed (${grpc.status[err.code] ?? err.code}): ${err.details || err.message}`) as
                        Error & { code?: number; details?: string; stderr?: string };
                    e.code = err.code;
                    e.details = err.details;
                    e.stderr = this.output.stderr;
                    reject(e);
                } else {
                    resolve(resp);
                }
            });
        });
    }

    /** Waits for the channel, then makes the CLI's first call. */
    async connect(deadline: number): Promise<void> {
        await new Promise<void>((resolve, reject) =>
            this.client.waitForReady(deadline, (err?: Error) => (err ? reject(err) : resolve())));
        await this.handshake();
    }

    /** The CLI's first call; UNIMPLEMENTED is fine (it then falls back to the legacy behaviour). */
    private async handshake(): Promise<void> {
        const req = new analyzerPb.AnalyzerHandshakeRequest();
        req.setEngineAddress(ENGINE_ADDRESS);
        req.setRootDirectory(this.packDir);
        req.setProgramDirectory(this.packDir);
        try {
            await this.call<analyzerPb.AnalyzerHandshakeRequest, analyzerPb.AnalyzerHandshakeResponse>("Handshake", this.client.handshake, req);
            this.handshakeImplemented = true;
        } catch (e) {
            if ((e as { code?: number }).code !== grpc.status.UNIMPLEMENTED) {
                throw e;
            }
        }
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const resp = await this.call<Empty, analyzerPb.AnalyzerInfo>("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty());
        const info = convertAnalyzerInfo(resp);
        this.infoCache = info;
        return info;
    }

    async getPluginInfo(): Promise<{ version: string }> {
        const resp: pluginPb.PluginInfo = await this.call<Empty, pluginPb.PluginInfo>("GetPluginInfo", this.client.getPluginInfo, new Empty());
        return { version: resp.getVersion() };
    }

    async configure(config: Record<string, PolicyConfigInput>, options: ConfigureOptions = {}): Promise<void> {
        const info = this.infoCache ?? (await this.getAnalyzerInfo());
        let entries: Record<string, { enforcementLevel: EnforcementLevel | ""; properties: Record<string, unknown> }>;
        if (options.raw) {
            entries = {};
            for (const [k, v] of Object.entries(config)) {
                const split = splitInput(k, v);
                const own = info.policies.find((p) => p.name === k)?.enforcementLevel ?? "";
                entries[k] = {
                    enforcementLevel: split.enforcementLevel !== "" ? split.enforcementLevel : own,
                    properties: split.properties ?? {},
                };
            }
        } else {
            entries = reconcilePolicyConfig(info, config);
        }
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [k, v] of Object.entries(entries)) {
            if (v.enforcementLevel === "") {
                // The CLI refuses to send this too ("invalid enforcement level").
                throw new Error(`configure: ${k} is not a policy of the pack and has no enforcementLevel`);
            }
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(enforcementLevelToProto[v.enforcementLevel]);
            pc.setProperties(toStruct(v.properties));
            map.set(k, pc);
        }
        if (map.getLength() === 0) {
            return; // the CLI skips Configure when there is nothing to send
        }
        await this.call<analyzerPb.ConfigureAnalyzerRequest, Empty>("Configure", this.client.configure, req);
        // Like the CLI, keep the cached policy levels in step with the config.
        for (const p of info.policies) {
            const e = entries[p.name];
            if (e && e.enforcementLevel !== "") {
                p.enforcementLevel = e.enforcementLevel;
            }
        }
    }

    async configureStack(stack: StackConfig): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setOrganization(stack.organization ?? "");
        req.setProject(stack.project ?? "");
        req.setStack(stack.stack ?? "");
        req.setDryRun(stack.dryRun ?? false);
        req.setConfigSecretKeysList(stack.configSecretKeys ?? []);
        const tags = req.getTagsMap();
        for (const [k, v] of Object.entries(stack.tags ?? {})) {
            tags.set(k, v);
        }
        const cfg = req.getConfigMap();
        for (const [k, v] of Object.entries(stack.config ?? {})) {
            cfg.set(k, v);
        }
        await this.call<analyzerPb.AnalyzerStackConfigureRequest, analyzerPb.AnalyzerStackConfigureResponse>("ConfigureStack", this.client.configureStack, req);
    }

    async analyze(resource: EngineResource): Promise<AnalyzeResult> {
        const resp = await this.call<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>("Analyze", this.client.analyze, analyzeRequest(resource, true));
        return convertAnalyzeResponse(resp);
    }

    async analyzeStack(resources: EngineResource[]): Promise<AnalyzeResult> {
        const req = new analyzerPb.AnalyzeStackRequest();
        req.setResourcesList(resources.map(analyzerResource));
        const resp = await this.call<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>("AnalyzeStack", this.client.analyzeStack, req);
        return convertAnalyzeResponse(resp);
    }

    async remediate(resource: EngineResource): Promise<RemediateResult> {
        const resp = await this.call<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>("Remediate", this.client.remediate, analyzeRequest(resource, false));
        return {
            remediations: resp.getRemediationsList().map((r) => ({
                policyName: r.getPolicyname(),
                policyPackName: r.getPolicypackname(),
                policyPackVersion: r.getPolicypackversion(),
                description: r.getDescription(),
                properties: r.hasProperties() ? structToJs(r.getProperties()) : undefined,
                diagnostic: r.getDiagnostic(),
            })),
            notApplicable: convertNotApplicable(resp.getNotApplicableList()),
        };
    }

    close(): Promise<void> {
        if (!this.closing) {
            this.closing = (async () => {
                this.client.close();
                await terminate(this.child, this.exited);
            })();
        }
        return this.closing;
    }
}

async function terminate(child: childProcess.ChildProcess, exited: Promise<void>): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        try {
            await exited;
        } finally {
            clearTimeout(timer);
        }
    }
    livePacks.delete(child);
}

/**
 * Starts the policy pack in `packDir` the way the Pulumi CLI does and connects to it. Resolves
 * once the pack has printed its port and answered the handshake.
 */
export async function launchPack(packDir: string, options: LaunchOptions = {}): Promise<PackClient> {
    const dir = path.resolve(packDir);
    if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        // The CLI loads PulumiPolicy.yaml before anything else.
        throw new Error(`${dir} is not a policy pack: no PulumiPolicy.yaml`);
    }
    const launcher = launcherPath(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, ...(options.env ?? {}) };
    delete env.PULUMI_NODEJS_ENGINE;
    delete env.PULUMI_NODEJS_MONITOR;
    const timeoutMs = options.timeoutMs ?? DEFAULT_LAUNCH_TIMEOUT_MS;

    installExitHook();
    const started = process.hrtime.bigint();
    const child = childProcess.spawn(process.execPath, [launcher, ENGINE_ADDRESS, "."], {
        cwd: dir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    livePacks.add(child);

    const output: { stderr: string; stdout: string; exit?: { code: number | null; signal: NodeJS.Signals | null } } = {
        stderr: "",
        stdout: "",
    };
    const exited = new Promise<void>((resolve) => {
        child.once("exit", (code, signal) => {
            output.exit = { code, signal };
            livePacks.delete(child);
            resolve();
        });
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        output.stderr += chunk;
    });
    child.stdout!.setEncoding("utf8");

    let port: number;
    let launchMs: number;
    try {
        [port, launchMs] = await new Promise<[number, number]>((resolve, reject) => {
            let first = "";
            let havePort = false;
            const fail = (why: string): void => {
                if (havePort) {
                    return;
                }
                havePort = true;
                clearTimeout(timer);
                reject(new Error(`policy pack ${dir} ${why}\n--- stderr ---\n${output.stderr}`));
            };
            const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
            child.stdout!.on("data", (chunk: string) => {
                if (havePort) {
                    output.stdout += chunk;
                    return;
                }
                first += chunk;
                const nl = first.indexOf("\n");
                if (nl < 0) {
                    return;
                }
                const line = first.slice(0, nl).trim();
                const rest = first.slice(nl + 1);
                if (!/^\d+$/.test(line)) {
                    output.stdout += first;
                    fail(`printed "${line}" where the CLI expects its port`);
                    return;
                }
                havePort = true;
                clearTimeout(timer);
                output.stdout += rest;
                resolve([Number(line), Number(process.hrtime.bigint() - started) / 1e6]);
            });
            child.once("error", (err) => fail(`could not be started: ${err.message}`));
            child.once("exit", (code, signal) =>
                // Let the stderr pipe drain before reporting.
                setImmediate(() => fail(`exited (code ${code}, signal ${signal}) before printing a port`)));
        });
    } catch (e) {
        await terminate(child, exited);
        throw e;
    }

    const client = new PackClientImpl(child, exited, output, dir, port, launchMs);
    try {
        const deadline = Date.now() + Math.max(timeoutMs - launchMs, 1_000);
        await client.connect(deadline);
    } catch (e) {
        await client.close();
        throw new Error(`policy pack ${dir} printed port ${port} but did not answer: ${(e as Error).message}\n` +
            `--- stderr ---\n${output.stderr}`);
    }
    return client;
}
