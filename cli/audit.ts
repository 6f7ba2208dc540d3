// The offline audit: one launch of the pack judges any number of stack exports, each sent as
// `pulumi policy analyze` sends a stack's state (see stackExport.ts and docs/audit.md).
import { createHash } from "crypto";
import type {
    AnalyzerInfo, Diagnostic, EnforcementLevel, PackClient, PolicyConfigInput, PolicyFramework, Severity,
} from "../engine/client/types";
import { launchPack, packageRoot } from "../engine/client/launch";
import { checkPolicyConfig } from "./policyConfig";
import { StackExport, urnName } from "./stackExport";
import { STACK_TYPE } from "../engine/wire";

export type Cloud = "aws" | "azure" | "gcp" | "other";
export const CLOUDS: readonly Cloud[] = ["aws", "azure", "gcp", "other"];
/** Most severe first. */
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
    /** "mandatory" or "advisory": a diagnostic at remediate is mandatory, as the engine reports it. */
    level: EnforcementLevel;
    severity: Severity;
    cloud: Cloud;
    resource: { urn: string; type: string; name: string };
    /** The pack's message: the policy's description, then what is wrong and the fix. Names, never values. */
    message: string;
    /** The message without the policy's description (which reports give once per policy). */
    detail: string;
    /**
     * Stable across runs for the same finding on the same resource: a hash of the policy, the URN
     * and the message, and which of identical findings it is (`<sha256 prefix>:<n>`).
     */
    fingerprint: string;
}

/** A fix a policy at level `remediate` would make to a resource: reported, never applied (nor its values shown). */
export interface Remediation {
    policy: string;
    urn: string;
}

export interface StackResult {
    /** `organization/project/stack`. */
    name: string;
    organization: string;
    project: string;
    stack: string;
    /** The export it was read from: a path relative to the working directory, or "-". */
    source: string;
    deploymentVersion: number;
    /** Resources not pending deletion; every one is sent to Analyze. */
    resources: number;
    findings: Finding[];
    remediations: Remediation[];
    /** The line of each resource's URN in the export, when a report needs it. */
    urnLines?: Map<string, number>;
}

/** An export that could not be audited; the others still are. */
export interface InputProblem {
    source: string;
    message: string;
}

export interface AuditResult {
    pack: { name: string; version: string };
    policies: AuditedPolicy[];
    stacks: StackResult[];
    errors: InputProblem[];
}

/** A finding blocks like a mandatory one when the pack reports it at mandatory or remediate. */
export const blocks = (level: EnforcementLevel) => level === "mandatory" || level === "remediate";

export interface AuditOptions {
    /** The policy pack config file's entries, already parsed. */
    config?: Record<string, PolicyConfigInput>;
    /** Which findings to keep (the report's filters); all by default. */
    keep?: (finding: Finding) => boolean;
    onWarning?: (message: string) => void;
}

export interface StackProgress {
    /** Called as each resource's Analyze completes. */
    onAnalyzed?: (done: number, total: number) => void;
    /** Called before AnalyzeStack. */
    onStackAnalysis?: () => void;
}

/** Remediate/Analyze pairs in flight at once. */
const CONCURRENCY = 16;

/** Runs `each` for 0..count-1 with at most `limit` in flight. */
async function pooled(count: number, limit: number, each: (i: number) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < count) {
            await each(next++);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

const levelRank = (level: EnforcementLevel) => (blocks(level) ? 0 : 1);
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Mandatory first, then by severity, URN, policy and message (code-point order: the same everywhere). */
export function compareFindings(a: Finding, b: Finding): number {
    return levelRank(a.level) - levelRank(b.level)
        || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
        || order(a.resource.urn, b.resource.urn)
        || order(a.policy, b.policy)
        || order(a.message, b.message);
}

/** A stable 32-hex-digit digest of `parts` (fingerprints, SARIF identities). */
export const contentHash = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);

function fingerprint(findings: Finding[]): void {
    const seen = new Map<string, number>();
    for (const f of findings) {
        const hash = contentHash(f.policy, f.resource.urn, f.message);
        const n = (seen.get(hash) ?? 0) + 1;
        seen.set(hash, n);
        f.fingerprint = `${hash}:${n}`;
    }
}

/** The pack launched and configured once, judging one stack after another. */
export class Auditor {
    private constructor(
        private readonly pack: PackClient,
        private readonly info: AnalyzerInfo,
        readonly policies: AuditedPolicy[],
        private readonly options: AuditOptions,
    ) {}

    /** Launches the pack, validates the config against it as the CLI does, and configures it. */
    static async start(options: AuditOptions = {}): Promise<Auditor> {
        const pack = await launchPack(packageRoot());
        try {
            const info = await pack.getAnalyzerInfo();
            const defaults = new Map(info.policies.map(p => [p.name, p.enforcementLevel] as const));
            const config = options.config ?? {};
            checkPolicyConfig(info, config).forEach(w => options.onWarning?.(w));
            await pack.configure(config);
            const policies = info.policies.map((p): AuditedPolicy => ({
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
            return new Auditor(pack, info, policies, options);
        } catch (e) {
            await pack.close();
            throw e;
        }
    }

    get packInfo(): { name: string; version: string } {
        return { name: this.info.name, version: this.info.version };
    }

    /** Remediate (when a policy is at that level) and Analyze for every resource, then AnalyzeStack. */
    async audit(stack: StackExport, source: string, progress: StackProgress = {}): Promise<StackResult> {
        const { resources } = stack;
        const findings: Finding[] = [];
        const remediations: Remediation[] = [];
        const keep = this.options.keep ?? (() => true);
        const severityOf = new Map(this.policies.map(p => [p.name, p.severity] as const));
        const indexOf = new Map(resources.map((r, i) => [r.urn, i] as const));
        const add = (d: Pick<Diagnostic, "policyName" | "enforcementLevel" | "severity" | "message" | "description">, urn: string) => {
            const resource = resources[indexOf.get(urn) ?? -1] ?? { urn, type: STACK_TYPE, name: urnName(urn) };
            const prefix = `${d.description}\n`;
            const finding: Finding = {
                policy: d.policyName,
                level: d.enforcementLevel === "remediate" ? "mandatory" : d.enforcementLevel,
                severity: d.severity,
                cloud: cloudOf(d.policyName),
                resource: { urn: resource.urn, type: resource.type, name: resource.name },
                message: d.message,
                detail: d.description && d.message.startsWith(prefix) ? d.message.slice(prefix.length)
                    : d.message === d.description ? "" : d.message,
                fingerprint: "",
            };
            if (keep(finding)) {
                findings.push(finding);
            }
        };

        // The pack runs nothing but remediate-level policies in Remediate, so without one it would answer nothing.
        const remediate = this.policies.some(p => p.level === "remediate");
        let done = 0;
        await pooled(resources.length, CONCURRENCY, async i => {
            const request = stack.analyzeResource(i);
            const { urn } = resources[i];
            if (remediate) {
                for (const r of (await this.pack.remediate(request)).remediations) {
                    if (r.diagnostic) {
                        // As the engine reports a remediation that could not run: advisory.
                        add({ policyName: r.policyName, enforcementLevel: "advisory", severity: severityOf.get(r.policyName) ?? "unspecified",
                            message: r.diagnostic, description: r.description }, urn);
                    } else if (r.properties) {
                        remediations.push({ policy: r.policyName, urn });
                    }
                }
            }
            for (const d of (await this.pack.analyze(request)).diagnostics) {
                add(d, urn);
            }
            progress.onAnalyzed?.(++done, resources.length);
        });

        progress.onStackAnalysis?.();
        const stackResources = (function* () {
            for (let i = 0; i < resources.length; i++) {
                yield stack.stackResource(i);
            }
        })();
        for (const d of (await this.pack.analyzeStack(stackResources)).diagnostics) {
            // A stack policy's finding names its resource, or else the stack (resolveStackPolicyViolationURN).
            add(d, indexOf.has(d.urn) ? d.urn : stack.stackUrn);
        }

        findings.sort(compareFindings);
        fingerprint(findings);
        remediations.sort((a, b) => order(a.urn, b.urn) || order(a.policy, b.policy));
        return {
            name: stack.name,
            organization: stack.organization,
            project: stack.project,
            stack: stack.stack,
            source,
            deploymentVersion: stack.deploymentVersion,
            resources: resources.length,
            findings,
            remediations,
        };
    }

    close(): Promise<void> {
        return this.pack.close();
    }
}
