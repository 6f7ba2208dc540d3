// The offline audit: the pack judges a stack export through the same Analyzer calls a preview makes.
import {
    AnalyzerInfo, Diagnostic, EnforcementLevel, EngineResource, PackClient, PolicyConfigInput, PolicyFramework, Severity, launchPack,
    packageRoot,
} from "./analyzer";
import { createHash } from "crypto";
import { checkPolicyConfig } from "./policyConfig";
import { StackExport } from "./stackExport";

export type Cloud = "aws" | "azure" | "gcp" | "other";
export const CLOUDS: readonly Cloud[] = ["aws", "azure", "gcp", "other"];
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "unspecified"];

/** The cloud a policy is about, from its name's prefix (`aws-`, `azure-`, `gcp-`). */
export function cloudOf(policyName: string): Cloud {
    const prefix = policyName.split("-")[0];
    return prefix === "aws" || prefix === "azure" || prefix === "gcp" ? prefix : "other";
}

export interface AuditedPolicy {
    name: string;
    description: string;
    severity: Severity;
    /** The pack's own level, before the config file. */
    defaultLevel: EnforcementLevel;
    /** The level it ran at in this audit. */
    level: EnforcementLevel;
    tags: string[];
    remediationSteps: string;
    url: string;
    framework?: PolicyFramework;
}

export interface Finding {
    policy: string;
    /** The level the pack reported it at: "mandatory" or "advisory" ("remediate" counts as mandatory). */
    level: EnforcementLevel;
    severity: Severity;
    cloud: Cloud;
    resource: { urn: string; type: string; name: string };
    /** The pack's message: names of resources, properties and keys, never values. */
    message: string;
    /**
     * Stable across runs for the same finding on the same resource: a hash of the policy, the URN
     * and the message, and which of identical findings it is (`<sha256 prefix>:<n>`).
     */
    fingerprint: string;
}

export interface AuditResult {
    pack: { name: string; version: string };
    stack: { project: string; stack: string; deploymentVersion: number };
    resources: { total: number; analyzed: number };
    policies: AuditedPolicy[];
    findings: Finding[];
}

export interface AuditOptions {
    /** The policy pack config file's content, already parsed. */
    config?: Record<string, PolicyConfigInput>;
    /** Analyze calls in flight at once. */
    concurrency?: number;
    /** Called as Analyze calls complete. */
    onProgress?: (done: number, total: number) => void;
    onWarning?: (message: string) => void;
    /** The pack to run; defaults to the package this command belongs to. */
    packDir?: string;
}

const DEFAULT_CONCURRENCY = 16;

/** A finding blocks like a mandatory one when the pack reports it at mandatory or remediate. */
export const blocks = (level: EnforcementLevel) => level === "mandatory" || level === "remediate";

/** Runs `each` over `items` with at most `limit` in flight; results keep the items' order. */
async function pooled<T, R>(items: T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await each(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

async function configure(pack: PackClient, info: AnalyzerInfo, options: AuditOptions): Promise<void> {
    const { config, warnings } = checkPolicyConfig(info, options.config ?? {});
    warnings.forEach(w => options.onWarning?.(w));
    await pack.configure(config);
}

function auditedPolicies(info: AnalyzerInfo, defaults: Map<string, EnforcementLevel>): AuditedPolicy[] {
    return info.policies.map(p => ({
        name: p.name,
        description: p.description,
        severity: p.severity,
        defaultLevel: defaults.get(p.name) ?? p.enforcementLevel,
        level: p.enforcementLevel,
        tags: p.tags,
        remediationSteps: p.remediationSteps,
        url: p.url,
        framework: p.framework,
    }));
}

const levelRank = (level: EnforcementLevel) => (blocks(level) ? 0 : 1);

function compareFindings(a: Omit<Finding, "fingerprint">, b: Omit<Finding, "fingerprint">): number {
    return levelRank(a.level) - levelRank(b.level)
        || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
        || a.resource.urn.localeCompare(b.resource.urn)
        || a.policy.localeCompare(b.policy)
        || a.message.localeCompare(b.message);
}

function withFingerprints(findings: Omit<Finding, "fingerprint">[]): Finding[] {
    const seen = new Map<string, number>();
    return findings.map(f => {
        const hash = createHash("sha256").update([f.policy, f.resource.urn, f.message].join("\0")).digest("hex").slice(0, 32);
        const n = (seen.get(hash) ?? 0) + 1;
        seen.set(hash, n);
        return { ...f, fingerprint: `${hash}:${n}` };
    });
}

/** Launches the pack, configures it like the CLI, and sends the export through Analyze and AnalyzeStack. */
export async function audit(stack: StackExport, options: AuditOptions = {}): Promise<AuditResult> {
    const pack = await launchPack(options.packDir ?? packageRoot());
    try {
        await pack.configureStack({ project: stack.project, stack: stack.stack, dryRun: true });
        const info = await pack.getAnalyzerInfo();
        const defaults = new Map(info.policies.map(p => [p.name, p.enforcementLevel] as const));
        await configure(pack, info, options);

        let done = 0;
        const analyze = async (resource: EngineResource) => {
            const { diagnostics } = await pack.analyze(resource);
            options.onProgress?.(++done, stack.analyze.length);
            return diagnostics;
        };
        const perResource = await pooled(stack.analyze, options.concurrency ?? DEFAULT_CONCURRENCY, analyze);
        const { diagnostics: stackDiagnostics } = await pack.analyzeStack(stack.stackResources);

        const byUrn = new Map(stack.resources.map(r => [r.urn, r]));
        const finding = (d: Diagnostic): Omit<Finding, "fingerprint"> => {
            const urn = d.urn || stack.stackUrn;
            const resource = byUrn.get(urn);
            return {
                policy: d.policyName,
                level: d.enforcementLevel,
                severity: d.severity,
                cloud: cloudOf(d.policyName),
                resource: { urn, type: resource?.type ?? "", name: resource?.name ?? "" },
                message: d.message,
            };
        };
        return {
            pack: { name: info.name, version: info.version },
            stack: { project: stack.project, stack: stack.stack, deploymentVersion: stack.deploymentVersion },
            resources: { total: stack.resources.length, analyzed: stack.analyze.length },
            policies: auditedPolicies(info, defaults),
            findings: withFingerprints([...perResource.flat(), ...stackDiagnostics].map(finding).sort(compareFindings)),
        };
    } finally {
        await pack.close();
    }
}
