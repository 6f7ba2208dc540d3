// Counts and the verdict, shared by the reports.
import type { FailOn } from "../args";
import type { Severity } from "../../engine/client/types";
import { AuditResult, CLOUDS, Cloud, Finding, SEVERITIES, StackResult, blocks } from "../audit";

export interface Summary {
    resources: number;
    findings: number;
    mandatory: number;
    advisory: number;
    /** Findings per severity, then per cloud. Every severity and cloud is present, with 0 when none. */
    bySeverity: Record<Severity, Record<Cloud, number>>;
    byCloud: Record<Cloud, number>;
    /** Fixes policies at level remediate would make (not applied). */
    remediations: number;
}

export function summarize(stacks: StackResult[]): Summary {
    const zeroByCloud = () => Object.fromEntries(CLOUDS.map(c => [c, 0])) as Record<Cloud, number>;
    const bySeverity = Object.fromEntries(SEVERITIES.map(s => [s, zeroByCloud()])) as Record<Severity, Record<Cloud, number>>;
    const byCloud = zeroByCloud();
    let mandatory = 0;
    let findings = 0;
    for (const stack of stacks) {
        for (const f of stack.findings) {
            findings++;
            bySeverity[f.severity][f.cloud]++;
            byCloud[f.cloud]++;
            if (blocks(f.level)) {
                mandatory++;
            }
        }
    }
    return {
        resources: stacks.reduce((n, s) => n + s.resources, 0),
        findings,
        mandatory,
        advisory: findings - mandatory,
        bySeverity,
        byCloud,
        remediations: stacks.reduce((n, s) => n + s.remediations.length, 0),
    };
}

/** Whether a finding makes the run fail at this --fail-on level. */
export function failsOn(finding: Finding, failOn: FailOn): boolean {
    return failOn === "advisory" || (failOn === "mandatory" && blocks(finding.level));
}

export interface Verdict {
    /** Findings at the --fail-on level. */
    failed: boolean;
    failingFindings: number;
    failingStacks: number;
    /** Exports that could not be audited. */
    inputErrors: number;
    failOn: FailOn;
    /** One line: what happened and why the exit code is what it is. */
    line: string;
}

/** The policies the config disabled for the audit. */
export const disabledPolicies = (result: AuditResult) => result.policies.filter(p => p.level === "disabled").map(p => p.name);

/** "1 stack", "2,000 findings". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function verdictOf(result: AuditResult, failOn: FailOn): Verdict {
    const failing = result.stacks.map(s => s.findings.filter(f => failsOn(f, failOn)).length);
    const failingFindings = failing.reduce((a, b) => a + b, 0);
    const failingStacks = failing.filter(n => n > 0).length;
    const { findings, mandatory } = summarize(result.stacks);
    const stacks = plural(result.stacks.length, "stack");
    const errors = result.errors.length > 0 ? `; ${plural(result.errors.length, "export")} could not be audited` : "";
    const kind = failOn === "mandatory" ? "mandatory " : "";
    const line = failingFindings > 0
        ? `FAILED: ${plural(failingFindings, `${kind}finding`)} in ${failingStacks} of ${stacks} (--fail-on ${failOn})${errors}`
        : result.errors.length > 0
            ? `INCOMPLETE: ${plural(result.errors.length, "export")} could not be audited; ${plural(findings, "finding")} (${mandatory} mandatory) in ${stacks} audited`
            : `PASSED: ${findings === 0 ? "no findings" : `${plural(findings, "finding")} (${mandatory} mandatory), none failing at --fail-on ${failOn}`} in ${stacks}`;
    return { failed: failingFindings > 0, failingFindings, failingStacks, inputErrors: result.errors.length, failOn, line };
}

/** The policies that have findings, in the pack's order. */
export function reportedPolicies(result: AuditResult) {
    const reported = new Set(result.stacks.flatMap(s => s.findings.map(f => f.policy)));
    return result.policies.filter(p => reported.has(p.name));
}

/** Items by key, keys in order of first appearance. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const k = key(item);
        const group = groups.get(k);
        if (group) {
            group.push(item);
        } else {
            groups.set(k, [item]);
        }
    }
    return groups;
}
