// The text report, for people: the totals, each stack's findings grouped by resource, what each
// reported policy means and how to fix it (once, at the end), and a closing verdict line. Wrapped to
// the given width; coloured when asked.
import { AuditResult, CLOUDS, Cloud, Finding, Remediation, SEVERITIES, StackResult, blocks } from "../audit";
import { urnName, urnType } from "../stackExport";
import { Paint, painter, wrap } from "../style";
import { Verdict, disabledPolicies, groupBy, plural, reportedPolicies, summarize } from "./summary";

export interface TextOptions {
    width: number;
    colors: boolean;
    verdict: Verdict;
    /** What the report leaves out (--severity, --policy, --skip-policy), in words; "" for nothing. */
    filters: string;
}

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
    return rows.map(r => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd());
}

function severityTable(stacks: StackResult[]): string[] {
    const summary = summarize(stacks);
    const clouds = CLOUDS.filter((c: Cloud) => c !== "other" || summary.byCloud.other > 0);
    const severities = SEVERITIES.filter(s => s !== "unspecified" || clouds.some(c => summary.bySeverity.unspecified[c] > 0));
    const rows = [["severity", ...clouds, "total"]];
    for (const severity of severities) {
        const counts = clouds.map(c => summary.bySeverity[severity][c]);
        rows.push([severity, ...counts.map(String), String(counts.reduce((a, b) => a + b, 0))]);
    }
    rows.push(["total", ...clouds.map(c => String(summary.byCloud[c])), String(summary.findings)]);
    return table(rows);
}

interface Group {
    urn: string;
    type: string;
    name: string;
    findings: Finding[];
    remediations: Remediation[];
}

/** Findings and remediations by resource, in the order of the first finding (mandatory first). */
function groupByResource(stack: StackResult): Group[] {
    const findings = groupBy(stack.findings, f => f.resource.urn);
    const remediations = groupBy(stack.remediations, r => r.urn);
    const urns = new Set([...findings.keys(), ...remediations.keys()]);
    return [...urns].map(urn => {
        const first = findings.get(urn)?.[0]?.resource;
        return { urn, type: first?.type ?? urnType(urn), name: first?.name ?? urnName(urn), findings: findings.get(urn) ?? [], remediations: remediations.get(urn) ?? [] };
    });
}

function stackSection(stack: StackResult, width: number, paint: Paint): string[] {
    const { findings, mandatory, advisory } = summarize([stack]);
    const out = [
        ...wrap(`${paint("bold", stack.name)}  ${stack.source}`, width),
        ...wrap(`${plural(stack.resources, "resource")}; ${findings === 0 ? "no findings" : `${plural(findings, "finding")}: ${mandatory} mandatory, ${advisory} advisory`}`
            + (stack.remediations.length > 0 ? `; ${plural(stack.remediations.length, "fix", "fixes")} at level remediate (not applied)` : ""), width, "  "),
    ];
    for (const g of groupByResource(stack)) {
        out.push("", ...wrap(`${g.type}  ${g.name}`, width, "  "), ...wrap(g.urn, width, "  ").map(l => paint("dim", l)));
        for (const f of g.findings) {
            const level = blocks(f.level) ? paint(["bold", "red"], "[mandatory]") : paint("yellow", "[advisory]");
            out.push(...wrap(`${level} ${f.policy} (${f.severity})`, width, "      ", "    "));
            if (f.detail) {
                out.push(...wrap(f.detail, width, "      "));
            }
        }
        for (const r of g.remediations) {
            out.push(...wrap(`${paint("cyan", "[remediate]")} ${r.policy} would change its inputs (not applied)`, width, "      ", "    "));
        }
    }
    return out;
}

export function textReport(result: AuditResult, options: TextOptions): string {
    const { width } = options;
    const paint = painter(options.colors);
    const summary = summarize(result.stacks);
    const out = [
        ...wrap(paint("bold", `${result.pack.name} ${result.pack.version} audit of ${plural(result.stacks.length, "stack")}`) +
            `: ${plural(summary.resources, "resource")}, ${plural(summary.findings, "finding")} ` +
            `(${summary.mandatory} mandatory, ${summary.advisory} advisory)`, width),
    ];
    const disabled = disabledPolicies(result);
    if (disabled.length > 0) {
        out.push(...wrap(`Disabled by config: ${disabled.join(", ")}`, width));
    }
    if (options.filters) {
        out.push(...wrap(`Reported: ${options.filters}`, width));
    }
    out.push("", ...severityTable(result.stacks));
    for (const stack of result.stacks) {
        out.push("", ...stackSection(stack, width, paint));
    }
    if (result.errors.length > 0) {
        out.push("", paint(["bold", "red"], "Could not audit:"));
        for (const e of result.errors) {
            out.push(...wrap(`${e.source}: ${e.message}`, width, "    ", "  "));
        }
    }
    const policies = reportedPolicies(result);
    if (policies.length > 0) {
        out.push("", ...wrap(paint("bold", "What the reported policies check, and the fix:"), width));
        for (const p of policies) {
            out.push("", ...wrap(`${paint("bold", p.name)} (${p.severity}; ${p.level} in this audit)`, width, "    ", "  "),
                ...wrap(p.description, width, "    "), ...wrap(`Fix: ${p.remediationSteps}`, width, "    "));
            if (p.url) {
                out.push(`    ${p.url}`); // never broken, so that it stays a link
            }
        }
    }
    const { verdict } = options;
    const color = verdict.failed ? "red" : verdict.inputErrors > 0 ? "yellow" : "green";
    out.push("", ...wrap(paint(["bold", color], verdict.line), width));
    return `${out.join("\n")}\n`;
}
