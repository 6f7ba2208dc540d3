// The JSON report. Its fields are documented in docs/audit.md; a change to them bumps schemaVersion.
import { AuditResult } from "../audit";
import { Verdict, disabledPolicies, summarize } from "./summary";

const JSON_SCHEMA_VERSION = 2;

export interface Filters {
    severity?: string;
    policies: string[];
    skipPolicies: string[];
}

export function jsonReport(result: AuditResult, verdict: Verdict, filters: Filters): string {
    const { failed, failOn, failingFindings, failingStacks, inputErrors, line } = verdict;
    const report = {
        schemaVersion: JSON_SCHEMA_VERSION,
        pack: result.pack,
        verdict: { failed, failOn, failingFindings, failingStacks, inputErrors, line },
        filters: { severity: filters.severity ?? null, policies: filters.policies, skipPolicies: filters.skipPolicies },
        summary: {
            stacks: result.stacks.length,
            ...summarize(result.stacks),
            disabledPolicies: disabledPolicies(result),
        },
        policies: result.policies.map(p => ({
            name: p.name, level: p.level, defaultLevel: p.defaultLevel, severity: p.severity, url: p.url,
        })),
        stacks: result.stacks.map(s => ({
            name: s.name,
            organization: s.organization,
            project: s.project,
            stack: s.stack,
            export: s.source,
            deploymentVersion: s.deploymentVersion,
            summary: summarize([s]),
            findings: s.findings.map(f => ({
                policy: f.policy,
                level: f.level,
                severity: f.severity,
                cloud: f.cloud,
                resource: f.resource,
                message: f.message,
                fingerprint: f.fingerprint,
            })),
            remediations: s.remediations,
        })),
        errors: result.errors.map(e => ({ export: e.source, message: e.message })),
    };
    return `${JSON.stringify(report, null, 2)}\n`;
}
