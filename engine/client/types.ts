// The engine side of the Analyzer protocol, as data: what a pack is sent (resources, options,
// providers, config) and what it answers, in plain TypeScript. engine/client/encoding.ts turns
// them into the protocol's messages; launch.ts launches a pack and speaks the protocol to it.

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
    analyzeStack(resources: Iterable<EngineResource>): Promise<AnalyzeResult>;
    remediate(resource: EngineResource): Promise<RemediateResult>;
    /** Kills the pack and closes the channel; resolves once the process has exited. Idempotent. */
    close(): Promise<void>;
}

