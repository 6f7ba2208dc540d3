// The text report: a summary table by severity and cloud, then the findings grouped by resource.
import { AuditResult, CLOUDS, Cloud, Finding, SEVERITIES } from "../audit";
import { summarize } from "./summary";

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
    return rows.map(r => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd());
}

function groupByResource(findings: Finding[]): Finding[][] {
    const groups = new Map<string, Finding[]>();
    for (const f of findings) {
        const group = groups.get(f.resource.urn) ?? [];
        group.push(f);
        groups.set(f.resource.urn, group);
    }
    return [...groups.values()];
}

const indent = (text: string, by: string) => text.split("\n").map(line => `${by}${line}`).join("\n");

export function textReport(result: AuditResult, exportPath: string): string {
    const summary = summarize(result);
    const subject = result.stack.stack ? `stack ${result.stack.stack} (project ${result.stack.project}) from ${exportPath}` : exportPath;
    const out: string[] = [
        `${result.pack.name} ${result.pack.version} audit of ${subject}`,
        `${summary.resources} resources, ${summary.analyzed} checked by resource policies; ` +
            `${summary.findings} findings: ${summary.mandatory} mandatory, ${summary.advisory} advisory`,
    ];
    if (summary.disabledPolicies.length > 0) {
        out.push(`Disabled by config: ${summary.disabledPolicies.join(", ")}`);
    }
    out.push("");

    const clouds = CLOUDS.filter((c: Cloud) => c !== "other" || summary.byCloud.other > 0);
    const severities = SEVERITIES.filter(s => s !== "unspecified" || clouds.some(c => summary.bySeverity.unspecified[c] > 0));
    const rows = [["severity", ...clouds, "total"]];
    for (const severity of severities) {
        const counts = clouds.map(c => summary.bySeverity[severity][c]);
        rows.push([severity, ...counts.map(String), String(counts.reduce((a, b) => a + b, 0))]);
    }
    rows.push(["total", ...clouds.map(c => String(summary.byCloud[c])), String(summary.findings)]);
    out.push(...table(rows), "");

    if (result.findings.length === 0) {
        out.push("No findings.");
        return `${out.join("\n")}\n`;
    }
    out.push("Findings by resource:");
    for (const group of groupByResource(result.findings)) {
        const { type, name, urn } = group[0].resource;
        out.push("", `${type || "(stack)"} ${name}`.trimEnd(), `  ${urn}`);
        for (const f of group) {
            out.push(`  [${f.level}] ${f.policy} (${f.severity})`, indent(f.message, "      "));
        }
    }
    return `${out.join("\n")}\n`;
}
