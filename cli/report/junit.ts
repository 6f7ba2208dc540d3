// The JUnit XML report, for the test views of CI systems (GitLab, Jenkins, Azure DevOps, CircleCI):
// one test suite per stack, one test case per policy of the pack. A case fails when its policy has
// findings at the --fail-on level; other findings are in its system-out; a policy that did not run
// or is not reported is skipped. An export that could not be audited is a suite with an error.
import type { FailOn } from "../args";
import { AuditResult, AuditedPolicy, Finding, StackResult, blocks } from "../audit";
import { failsOn, groupBy } from "./summary";

/** Characters XML 1.0 cannot hold, even escaped. */
const INVALID_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export const xml = (text: string) => text.replace(INVALID_XML, "\ufffd")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** Findings listed in one case; the rest are counted. */
const MAX_LISTED = 100;

function listing(findings: Finding[]): string {
    const lines = findings.slice(0, MAX_LISTED).map(f =>
        `[${blocks(f.level) ? "mandatory" : "advisory"}, ${f.severity}] ${f.resource.type} ${f.resource.name} (${f.resource.urn})\n  ${(f.detail || f.message).replace(/\n/g, "\n  ")}`);
    if (findings.length > MAX_LISTED) {
        lines.push(`... and ${(findings.length - MAX_LISTED).toLocaleString("en")} more (all in the JSON report)`);
    }
    return lines.join("\n");
}

interface Case {
    xml: string;
    failed: boolean;
    skipped: boolean;
}

function testCase(stack: StackResult, policy: AuditedPolicy, findings: Finding[], failOn: FailOn, reported: (p: string) => boolean): Case {
    const head = `    <testcase classname="${xml(stack.name)}" name="${xml(policy.name)}"`;
    if (policy.level === "disabled" || !reported(policy.name)) {
        const why = policy.level === "disabled" ? "disabled by the policy config" : "not reported (--policy, --skip-policy)";
        return { xml: `${head}>\n      <skipped message="${xml(why)}"/>\n    </testcase>`, failed: false, skipped: true };
    }
    if (findings.length === 0) {
        return { xml: `${head}/>`, failed: false, skipped: false };
    }
    const failing = findings.filter(f => failsOn(f, failOn));
    const body = failing.length > 0
        ? `      <failure type="${xml(policy.severity)}" message="${xml(`${failing.length} finding(s) on ${new Set(failing.map(f => f.resource.urn)).size} resource(s): ${policy.description}`)}">${xml(listing(failing))}</failure>\n`
        : "";
    const others = findings.filter(f => !failsOn(f, failOn));
    const out = others.length > 0 ? `      <system-out>${xml(listing(others))}</system-out>\n` : "";
    return { xml: `${head}>\n${body}${out}    </testcase>`, failed: failing.length > 0, skipped: false };
}

export function junitReport(result: AuditResult, failOn: FailOn, reported: (policy: string) => boolean): string {
    const suites: string[] = [];
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const stack of result.stacks) {
        const byPolicy = groupBy(stack.findings, f => f.policy);
        const cases = result.policies.map(p => testCase(stack, p, byPolicy.get(p.name) ?? [], failOn, reported));
        const suiteFailures = cases.filter(c => c.failed).length;
        const suiteSkipped = cases.filter(c => c.skipped).length;
        tests += cases.length;
        failures += suiteFailures;
        skipped += suiteSkipped;
        suites.push(`  <testsuite name="${xml(stack.name)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">\n` +
            `    <properties>\n      <property name="export" value="${xml(stack.source)}"/>\n      <property name="resources" value="${stack.resources}"/>\n    </properties>\n` +
            `${cases.map(c => c.xml).join("\n")}\n  </testsuite>`);
    }
    for (const e of result.errors) {
        tests++;
        suites.push(`  <testsuite name="${xml(e.source)}" tests="1" failures="0" errors="1" skipped="0">\n` +
            `    <testcase classname="${xml(e.source)}" name="read the stack export">\n      <error message="${xml(e.message)}"/>\n    </testcase>\n  </testsuite>`);
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(result.pack.name)}" tests="${tests}" failures="${failures}" ` +
        `errors="${result.errors.length}" skipped="${skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
}
