// The SARIF 2.1.0 report, in the subset GitHub code scanning reads: every policy is a rule, every
// finding a result located both in the stack export file (GitHub requires a physical location) and
// at the resource's URN (a logical location).
import type { EnforcementLevel, Severity } from "../analyzer";
import { AuditResult, AuditedPolicy, Finding, blocks } from "../audit";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub ranks security alerts by this score (critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0). */
const securitySeverity: Record<Severity, string | undefined> = {
    critical: "9.5",
    high: "8.0",
    medium: "5.5",
    low: "3.0",
    unspecified: undefined,
};

type SarifLevel = "error" | "warning" | "note" | "none";

const sarifLevel = (level: EnforcementLevel): SarifLevel =>
    (level === "disabled" ? "none" : blocks(level) ? "error" : "warning");

function fullDescription(policy: AuditedPolicy): string {
    const framework = policy.framework?.name
        ? ` Maps to ${policy.framework.name}${policy.framework.reference ? ` ${policy.framework.reference}` : ""}` +
            `${policy.framework.specification ? ` (${policy.framework.specification})` : ""}.`
        : "";
    return `${policy.description} Severity ${policy.severity}; ${policy.defaultLevel} by default.${framework}`;
}

function rule(policy: AuditedPolicy) {
    const score = securitySeverity[policy.severity];
    return {
        id: policy.name,
        name: policy.name,
        shortDescription: { text: policy.description },
        fullDescription: { text: fullDescription(policy) },
        help: {
            text: `Fix: ${policy.remediationSteps}`,
            markdown: `**Fix:** ${policy.remediationSteps}\n\n[Policy reference](${policy.url})`,
        },
        ...(policy.url ? { helpUri: policy.url } : {}),
        defaultConfiguration: { level: sarifLevel(policy.defaultLevel), ...(policy.defaultLevel === "disabled" ? { enabled: false } : {}) },
        properties: {
            tags: [...new Set(["security", ...policy.tags])],
            ...(score ? { "security-severity": score } : {}),
            severity: policy.severity,
        },
    };
}

export interface SarifOptions {
    /** The stack export's path relative to the repository root, with forward slashes. */
    artifactUri: string;
    /** The line of each resource's URN in the export, when known. */
    urnLines: Map<string, number>;
}

function result(finding: Finding, ruleIndex: number, options: SarifOptions) {
    return {
        ruleId: finding.policy,
        ...(ruleIndex >= 0 ? { ruleIndex } : {}),
        level: sarifLevel(finding.level),
        message: { text: finding.message },
        locations: [{
            physicalLocation: {
                artifactLocation: { uri: options.artifactUri },
                region: { startLine: options.urnLines.get(finding.resource.urn) ?? 1 },
            },
            logicalLocations: [{
                fullyQualifiedName: finding.resource.urn,
                ...(finding.resource.name ? { name: finding.resource.name } : {}),
                kind: "resource",
            }],
        }],
        // Our own identity of the finding, so the upload action does not derive one from the file.
        partialFingerprints: {
            "serverlessGuardFinding/v1": finding.fingerprint,
            primaryLocationLineHash: finding.fingerprint,
        },
        properties: {
            severity: finding.severity,
            resourceType: finding.resource.type,
        },
    };
}

export function sarifReport(audit: AuditResult, options: SarifOptions): string {
    const ruleIndex = new Map(audit.policies.map((p, i) => [p.name, i]));
    const informationUri = audit.policies.find(p => p.url)?.url.replace(/#.*$/, "");
    const log = {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [{
            tool: {
                driver: {
                    name: audit.pack.name,
                    version: audit.pack.version,
                    semanticVersion: audit.pack.version,
                    ...(informationUri ? { informationUri } : {}),
                    rules: audit.policies.map(rule),
                },
            },
            invocations: [{ executionSuccessful: true }],
            results: audit.findings.map(f => result(f, ruleIndex.get(f.policy) ?? -1, options)),
        }],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}
