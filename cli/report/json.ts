// The JSON report. Its fields are documented in docs/audit.md; a change to them bumps schemaVersion.
import { AuditResult } from "../audit";
import { summarize } from "./summary";

export const JSON_SCHEMA_VERSION = 1;

export function jsonReport(result: AuditResult, exportPath: string): string {
    const report = {
        schemaVersion: JSON_SCHEMA_VERSION,
        pack: result.pack,
        stack: { ...result.stack, export: exportPath },
        summary: summarize(result),
        policies: result.policies.map(p => ({
            name: p.name, level: p.level, defaultLevel: p.defaultLevel, severity: p.severity, url: p.url,
        })),
        findings: result.findings.map(f => ({
            policy: f.policy,
            level: f.level,
            severity: f.severity,
            cloud: f.cloud,
            resource: f.resource,
            message: f.message,
            fingerprint: f.fingerprint,
        })),
    };
    return `${JSON.stringify(report, null, 2)}\n`;
}
