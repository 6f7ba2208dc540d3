// The SARIF 2.1.0 report, in the subset GitHub code scanning reads, within its limits
// (docs.github.com, "SARIF results exceed limits"): one run per stack, told apart by its
// automationDetails id (the code scanning category), every policy a rule, every result located in
// the stack export (GitHub requires a physical location) and at the resource's URN.
//
// Results are grouped so that no run needs more than code scanning keeps (5,000 results; it rejects
// a run above 25,000): first one result per policy per resource (several findings of one policy on
// one resource are one alert); if that is still too many, the most important ones (mandatory first,
// then by severity) stay single results, and the rest of each policy's become one result per 1,000
// resources, located at the first and listing them all as related locations. So every finding keeps
// its location.
import type { EnforcementLevel, Severity } from "../../engine/client/types";
import { AuditResult, AuditedPolicy, Finding, StackResult, blocks, contentHash } from "../audit";
import { groupBy } from "./summary";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** What GitHub code scanning accepts and keeps in one upload. */
export const GITHUB_LIMITS = { runsPerFile: 20, shownResultsPerRun: 5_000, locationsPerResult: 1_000, tagsPerRule: 20 };

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
            tags: [...new Set(["security", ...policy.tags])].slice(0, GITHUB_LIMITS.tagsPerRule),
            ...(score ? { "security-severity": score } : {}),
            severity: policy.severity,
        },
    };
}

/** The findings of one policy, at one level, on one resource: one alert. */
interface Unit {
    policy: string;
    level: EnforcementLevel;
    severity: Severity;
    findings: Finding[];
}

function unitsOf(findings: Finding[]): Unit[] {
    // Findings come sorted (mandatory first, then severity), so units keep that order.
    return [...groupBy(findings, f => [f.policy, blocks(f.level), f.resource.urn].join("\0")).values()]
        .map(group => ({ policy: group[0].policy, level: group[0].level, severity: group[0].severity, findings: group }));
}

/** Units grouped when over budget: by policy and level. */
const groupKey = (u: Unit) => `${u.policy}\0${blocks(u.level)}`;

const MAX_LISTED = 5;

function listed(items: string[], total: number): string {
    const more = total - Math.min(items.length, MAX_LISTED);
    return items.slice(0, MAX_LISTED).join("; ") + (more > 0 ? `; and ${more.toLocaleString("en")} more (all in the JSON report)` : "");
}

function stackRun(stack: StackResult, result: AuditResult, rules: ReturnType<typeof rule>[]) {
    const ruleIndex = new Map(result.policies.map((p, i) => [p.name, i]));
    const artifactUri = stack.source === "-" ? `${stack.name}.json` : stack.source;
    const location = (f: Finding) => ({
        physicalLocation: {
            artifactLocation: { uri: artifactUri },
            region: { startLine: stack.urnLines?.get(f.resource.urn) ?? 1 },
        },
        logicalLocations: [{
            fullyQualifiedName: f.resource.urn,
            ...(f.resource.name ? { name: f.resource.name } : {}),
            kind: "resource",
        }],
    });
    const sarifResult = (policy: string, level: EnforcementLevel, text: string, first: Finding, id: string, extra: object) => ({
        ruleId: policy,
        ...(ruleIndex.has(policy) ? { ruleIndex: ruleIndex.get(policy) } : {}),
        level: sarifLevel(level),
        message: { text },
        locations: [location(first)],
        // Our own identity of the alert, so the upload action does not derive one from the file.
        partialFingerprints: { "serverlessGuardAlert/v2": id, primaryLocationLineHash: id },
        ...extra,
    });
    const single = (u: Unit) => sarifResult(u.policy, u.level,
        u.findings.length === 1 ? u.findings[0].detail || u.findings[0].message
            : `${u.findings.length} findings: ${listed(u.findings.map(f => f.detail || f.message), u.findings.length)}`,
        u.findings[0], contentHash(u.policy, u.findings[0].resource.urn, String(blocks(u.level))),
        { properties: { severity: u.severity, resourceType: u.findings[0].resource.type, findings: u.findings.length } });

    const units = unitsOf(stack.findings);
    const budget = GITHUB_LIMITS.shownResultsPerRun;
    // A grouped result lists as many related locations as a result may have locations.
    const perGroup = GITHUB_LIMITS.locationsPerResult;
    // How many results the units after the first `k` take once grouped by policy and level.
    const groupedCount = (k: number) =>
        [...groupBy(units.slice(k), groupKey).values()].reduce((n, group) => n + Math.ceil(group.length / perGroup), 0);
    let k = Math.min(units.length, budget);
    while (k > 0 && k + groupedCount(k) > budget) {
        k = Math.max(0, Math.min(k - 1, budget - groupedCount(k)));
    }
    const results = units.slice(0, k).map(single);
    for (const group of groupBy(units.slice(k), groupKey).values()) {
        for (let at = 0; at < group.length; at += perGroup) {
            const chunk = group.slice(at, at + perGroup);
            const { policy, level } = chunk[0];
            const firsts = chunk.map(u => u.findings[0]);
            const names = firsts.map(f => `${f.resource.type} ${f.resource.name}`.trim());
            results.push(sarifResult(policy, level,
                `${policy} on ${chunk.length.toLocaleString("en")} more resources (grouped to stay within code scanning's limits): ${listed(names, names.length)}`,
                firsts[0], contentHash(policy, String(blocks(level)), "group", String(at / perGroup)), {
                    // Every resource of the group, the first one included: none loses its location.
                    relatedLocations: firsts.map((f, i) => ({ id: i, ...location(f), message: { text: names[i] } })),
                    properties: { severity: chunk[0].severity, resources: chunk.length, findings: chunk.reduce((n, u) => n + u.findings.length, 0) },
                }));
        }
    }
    return {
        tool: {
            driver: {
                name: result.pack.name,
                version: result.pack.version,
                semanticVersion: result.pack.version,
                ...(informationUri(result) ? { informationUri: informationUri(result) } : {}),
                rules,
            },
        },
        // One code scanning category per stack: upload-sarif keeps an id that is set.
        automationDetails: { id: `${result.pack.name}/${stack.name}/` },
        invocations: [{ executionSuccessful: true }],
        results,
        properties: { stack: stack.name, export: stack.source, resources: stack.resources, findings: stack.findings.length },
    };
}

const informationUri = (result: AuditResult) => result.policies.find(p => p.url)?.url.replace(/#.*$/, "");

/** A SARIF log with one run per stack in `stacks`. */
export function sarifReport(result: AuditResult, stacks: StackResult[] = result.stacks): string {
    const rules = result.policies.map(rule);
    const log = {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: stacks.map(s => stackRun(s, result, rules)),
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}

/** A file name for a stack's own SARIF file: its name, with what file systems dislike replaced. */
export const sarifFileName = (stack: StackResult) => `${stack.name.split("/").join(".").replace(/[^A-Za-z0-9._-]+/g, "_")}.sarif`;
