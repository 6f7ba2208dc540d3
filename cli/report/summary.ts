// Counts shared by the reports.
import { AuditResult, CLOUDS, Cloud, SEVERITIES, blocks } from "../audit";
import type { Severity } from "../analyzer";

export interface Summary {
    resources: number;
    analyzed: number;
    findings: number;
    mandatory: number;
    advisory: number;
    /** Findings per severity, then per cloud. Every severity and cloud is present, with 0 when none. */
    bySeverity: Record<Severity, Record<Cloud, number>>;
    byCloud: Record<Cloud, number>;
    disabledPolicies: string[];
}

export function summarize(result: AuditResult): Summary {
    const zeroByCloud = () => Object.fromEntries(CLOUDS.map(c => [c, 0])) as Record<Cloud, number>;
    const bySeverity = Object.fromEntries(SEVERITIES.map(s => [s, zeroByCloud()])) as Record<Severity, Record<Cloud, number>>;
    const byCloud = zeroByCloud();
    let mandatory = 0;
    for (const f of result.findings) {
        bySeverity[f.severity][f.cloud]++;
        byCloud[f.cloud]++;
        if (blocks(f.level)) {
            mandatory++;
        }
    }
    return {
        resources: result.resources.total,
        analyzed: result.resources.analyzed,
        findings: result.findings.length,
        mandatory,
        advisory: result.findings.length - mandatory,
        bySeverity,
        byCloud,
        disabledPolicies: result.policies.filter(p => p.level === "disabled").map(p => p.name),
    };
}
