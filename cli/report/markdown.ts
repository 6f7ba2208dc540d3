// The Markdown report, for pull-request comments and GitHub step summaries: the verdict, a table of
// the stacks, and each stack's findings in a collapsed section. Bounded so that it fits a comment
// (GitHub takes 65,536 characters): past MAX_CHARS, findings are counted, not listed.
import { AuditResult, Finding, blocks } from "../audit";
import { Verdict, summarize } from "./summary";

export const MAX_CHARS = 60_000;

/** Text that Markdown and the table around it show as written. */
export const md = (text: string) => text
    .replace(/[\\`*_[\]|<>#]/g, c => `\\${c}`)
    .replace(/\r?\n/g, "<br>");

export function markdownReport(result: AuditResult, verdict: Verdict): string {
    const mark = verdict.failed ? ":x:" : verdict.inputErrors > 0 ? ":warning:" : ":white_check_mark:";
    const out: string[] = [
        `## ${result.pack.name} ${result.pack.version} audit`,
        "",
        `${mark} **${md(verdict.line)}**`,
        "",
        "| stack | export | resources | mandatory | advisory |",
        "|---|---|---:|---:|---:|",
    ];
    for (const s of result.stacks) {
        const { mandatory, advisory } = summarize([s]);
        out.push(`| ${md(s.name)} | ${md(s.source)} | ${s.resources} | ${mandatory} | ${advisory} |`);
    }
    for (const e of result.errors) {
        out.push(`| :warning: could not audit | ${md(e.source)} | ${md(e.message)} | | |`);
    }
    const urls = new Map(result.policies.map(p => [p.name, p.url]));
    const policy = (f: Finding) => (urls.get(f.policy) ? `[${md(f.policy)}](${urls.get(f.policy)})` : md(f.policy));
    let size = out.join("\n").length;
    let unlisted = 0;
    for (const s of result.stacks.filter(st => st.findings.length > 0)) {
        const section = ["", `<details><summary>${md(s.name)}: ${s.findings.length} findings</summary>`, "",
            "| level | severity | policy | resource | finding |", "|---|---|---|---|---|"];
        let listed = 0;
        for (const f of s.findings) {
            const row = `| ${blocks(f.level) ? "**mandatory**" : "advisory"} | ${f.severity} | ${policy(f)} | ${md(f.resource.type)} ${md(f.resource.name)} | ${md(f.detail || f.message)} |`;
            if (size + row.length + 200 > MAX_CHARS) {
                break;
            }
            section.push(row);
            size += row.length + 1;
            listed++;
        }
        unlisted += s.findings.length - listed;
        if (listed > 0) {
            out.push(...section, "", "</details>");
        }
    }
    if (unlisted > 0) {
        out.push("", `${unlisted.toLocaleString("en")} more findings are not listed here, to fit a comment; the JSON and SARIF reports have them all.`);
    }
    return `${out.join("\n")}\n`;
}
