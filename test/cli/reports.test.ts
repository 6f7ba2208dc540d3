// The reports on audit results built here: SARIF within code scanning's limits at any size, JUnit
// that is well-formed XML, Markdown that fits a comment, text that fits any width.
import * as assert from "node:assert/strict";
import { stripVTControlCharacters } from "util";
import { AuditResult, AuditedPolicy, Finding, StackResult, cloudOf, compareFindings } from "../../cli/audit";
import { junitReport, xml } from "../../cli/report/junit";
import { MAX_CHARS, markdownReport, md } from "../../cli/report/markdown";
import { GITHUB_LIMITS, sarifReport } from "../../cli/report/sarif";
import { verdictOf } from "../../cli/report/summary";
import { textReport } from "../../cli/report/text";
import { wrap } from "../../cli/style";
import { sarifProblems } from "../harness/sarif";

const policy = (name: string, severity: AuditedPolicy["severity"], level: AuditedPolicy["level"]): AuditedPolicy => ({
    name, description: `${name} checks something.`, severity, defaultLevel: level, level, tags: ["serverless"],
    remediationSteps: "Do the right thing.", url: `https://example.test/README.md#${name}`,
});

const POLICIES = [
    policy("aws-lambda-vpc-attached", "high", "mandatory"),
    policy("aws-lambda-env-no-plaintext-secrets", "critical", "mandatory"),
    policy("aws-lambda-tracing-enabled", "low", "advisory"),
    policy("aws-lambda-code-signing", "low", "advisory"),
];

/**
 * A stack of `functions` functions like the generated scale export: every function has a plaintext
 * secret (two variables), no tracing and no code signing; every third is outside a VPC.
 */
function stackOf(name: string, functions: number): StackResult {
    const findings: Finding[] = [];
    const add = (p: AuditedPolicy, i: number, detail: string) => findings.push({
        policy: p.name, level: p.level, severity: p.severity, cloud: cloudOf(p.name),
        resource: { urn: `urn:pulumi:${name}::app::aws:lambda/function:Function::fn-${i}`, type: "aws:lambda/function:Function", name: `fn-${i}` },
        message: `${p.description}\n${detail}`, detail, fingerprint: `${name}-${p.name}-${i}-${detail.length}`,
    });
    for (let i = 0; i < functions; i++) {
        add(POLICIES[1], i, `Lambda function 'fn-${i}': environment variable DB_PASSWORD holds a plaintext secret.`);
        add(POLICIES[1], i, `Lambda function 'fn-${i}': environment variable API_TOKEN holds a plaintext secret.`);
        if (i % 3 === 0) {
            add(POLICIES[0], i, `Lambda function 'fn-${i}' is not attached to a VPC.`);
        }
        add(POLICIES[2], i, `Lambda function 'fn-${i}' does not have active tracing.`);
        add(POLICIES[3], i, `Lambda function 'fn-${i}' does not verify code signatures | *really*.`);
    }
    findings.sort(compareFindings);
    return {
        name: `acme/app/${name}`, organization: "acme", project: "app", stack: name, source: `exports/${name}.json`, deploymentVersion: 3,
        resources: functions * 5, findings, remediations: [],
        urnLines: new Map(findings.map((f, i) => [f.resource.urn, i + 2])),
    };
}

const resultOf = (...stacks: StackResult[]): AuditResult => ({
    pack: { name: "serverless-guard", version: "9.9.9" }, policies: POLICIES, stacks, errors: [],
});

interface SarifResult {
    ruleId: string;
    level: string;
    message: { text: string };
    locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
    relatedLocations?: { logicalLocations: { fullyQualifiedName: string }[] }[];
    partialFingerprints: Record<string, string>;
}

describe("reports", () => {
    describe("SARIF", () => {
        for (const functions of [1_000, 10_000]) {
            it(`one run per stack within code scanning's limits, no finding without a location (${(functions * 5).toLocaleString("en")} resources)`, () => {
                const stack = stackOf("prod", functions);
                const log = JSON.parse(sarifReport(resultOf(stack, stackOf("dev", 3))));
                assert.deepEqual(sarifProblems(log), []);
                assert.deepEqual(log.runs.map((r: { automationDetails: { id: string } }) => r.automationDetails.id),
                    ["serverless-guard/acme/app/prod/", "serverless-guard/acme/app/dev/"], "one code scanning category per stack");
                const results = log.runs[0].results as SarifResult[];
                assert.ok(results.length <= GITHUB_LIMITS.shownResultsPerRun, `${results.length} results`);
                assert.ok(results.every(r => (r.relatedLocations ?? []).length <= GITHUB_LIMITS.locationsPerResult));
                const located = (level: string) => new Set(results.filter(r => r.level === level)
                    .flatMap(r => [...r.locations, ...r.relatedLocations ?? []].map(l => `${r.ruleId} ${l.logicalLocations[0].fullyQualifiedName}`)));
                const expected = (mandatory: boolean) => new Set(stack.findings.filter(f => (f.level === "mandatory") === mandatory)
                    .map(f => `${f.policy} ${f.resource.urn}`));
                assert.deepEqual(located("error"), expected(true), "every mandatory finding is an error at its resource");
                assert.deepEqual(located("warning"), expected(false));
                assert.equal(new Set(results.map(r => r.partialFingerprints["serverlessGuardAlert/v2"])).size, results.length);
                const units = expected(true).size + expected(false).size;
                if (units <= GITHUB_LIMITS.shownResultsPerRun) {
                    assert.equal(results.length, units, "one result per policy per resource");
                    const twoSecrets = results.find(r => r.ruleId === "aws-lambda-env-no-plaintext-secrets")!;
                    assert.match(twoSecrets.message.text, /^2 findings: .*API_TOKEN.*; .*DB_PASSWORD/);
                } else {
                    const grouped = results.filter(r => /more resources \(grouped to stay within code scanning's limits\)/.test(r.message.text));
                    assert.ok(grouped.length > 0 && grouped.length < 100);
                    assert.ok(results.slice(0, results.length - grouped.length).every(r => r.level === "error"), "mandatory ones stay single first");
                }
            });
        }

        it("the same results for the same findings", () => {
            assert.equal(sarifReport(resultOf(stackOf("prod", 30))), sarifReport(resultOf(stackOf("prod", 30))));
        });
    });

    describe("JUnit", () => {
        /** Tags balanced, attributes quoted, no raw & or < in text: enough to know a parser will take it. */
        function wellFormed(text: string): void {
            const stack: string[] = [];
            const body = text.replace(/^<\?xml [^?]*\?>\n/, "");
            const token = /<(\/?)([\w-]+)((?:\s+[\w-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
            let at = 0;
            for (let m = token.exec(body); m; m = token.exec(body)) {
                at = token.lastIndex;
                if (m[5] !== undefined) {
                    assert.doesNotMatch(m[5].replace(/&(amp|lt|gt|quot|apos);/g, ""), /[&<]/);
                } else if (m[1]) {
                    assert.equal(stack.pop(), m[2]);
                } else if (!m[4]) {
                    stack.push(m[2]);
                }
            }
            assert.equal(at, body.length, `not XML at ${body.slice(at, at + 80)}`);
            assert.deepEqual(stack, []);
        }

        it("one suite per stack, one case per policy; failures at the --fail-on level; skipped and errored ones", () => {
            const result = resultOf(stackOf("prod", 4), stackOf("dev", 0));
            result.policies = [...POLICIES.slice(0, 3), { ...POLICIES[3], level: "disabled" }];
            result.stacks[0].findings = result.stacks[0].findings.filter(f => f.policy !== POLICIES[3].name);
            result.errors = [{ source: "broken.json", message: "the file is not valid JSON & <such>" }];
            const report = junitReport(result, "mandatory", p => p !== POLICIES[2].name);
            wellFormed(report);
            assert.match(report, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="serverless-guard" tests="9" failures="2" errors="1" skipped="4">/);
            assert.match(report, /<testsuite name="acme\/app\/prod" tests="4" failures="2" errors="0" skipped="2">/);
            assert.match(report, /<testcase classname="acme\/app\/prod" name="aws-lambda-env-no-plaintext-secrets">\n {6}<failure type="critical" message="8 finding\(s\) on 4 resource\(s\): /);
            assert.match(report, /name="aws-lambda-tracing-enabled">\n {6}<skipped message="not reported/);
            assert.match(report, /name="aws-lambda-code-signing">\n {6}<skipped message="disabled by the policy config"/);
            assert.match(report, /<error message="the file is not valid JSON &amp; &lt;such&gt;"\/>/);
            const advisoryFails = junitReport(resultOf(stackOf("prod", 1)), "advisory", () => true);
            assert.match(advisoryFails, /failures="4"/);
            const neverFails = junitReport(resultOf(stackOf("prod", 1)), "never", () => true);
            wellFormed(neverFails);
            assert.match(neverFails, /failures="0"[\s\S]*<system-out>/);
        });

        it("escapes what XML cannot hold", () => {
            assert.equal(xml("a&b<c>\"d'\u0001"), "a&amp;b&lt;c&gt;&quot;d&apos;\ufffd");
        });
    });

    describe("Markdown", () => {
        it("the verdict, a row per stack, findings collapsed; within a comment's size at any scale", () => {
            const small = markdownReport(resultOf(stackOf("prod", 2), stackOf("dev", 0)), verdictOf(resultOf(stackOf("prod", 2)), "mandatory"));
            assert.match(small, /^## serverless-guard 9\.9\.9 audit\n\n:x: \*\*FAILED: /);
            assert.match(small, /\| acme\/app\/prod \| exports\/prod\.json \| 10 \| 5 \| 4 \|/);
            assert.match(small, /<details><summary>acme\/app\/prod: 9 findings<\/summary>/);
            assert.match(small, /does not verify code signatures \\\| \\\*really\\\*\./, "table-breaking characters are escaped");
            const large = resultOf(stackOf("prod", 10_000));
            const big = markdownReport(large, verdictOf(large, "mandatory"));
            assert.ok(big.length <= MAX_CHARS + 500, `${big.length} characters`);
            assert.match(big, /more findings are not listed here, to fit a comment; the JSON and SARIF reports have them all\.\n$/);
            assert.equal(md("a|b\nc"), "a\\|b<br>c");
        });
    });

    describe("text", () => {
        const result = resultOf(stackOf("prod", 3));
        const verdict = verdictOf(result, "mandatory");

        for (const width of [40, 80, 120]) {
            it(`fits ${width} columns; each policy explained once; the verdict last`, () => {
                const report = textReport(result, { width, colors: false, verdict, filters: "" });
                for (const line of report.split("\n")) {
                    assert.ok(line.length <= width || /^ +https:\/\/\S+$/.test(line), `${line.length}: ${line}`);
                }
                const flat = report.replace(/\s+/g, " ");
                for (const p of POLICIES) {
                    assert.equal(flat.split(p.description).length - 1, 1, `${p.name}'s description once`);
                }
                assert.match(flat, / FAILED: 7 mandatory findings in 1 of 1 stack \(--fail-on mandatory\) $/);
            });
        }

        it("colour only when asked, with the same text underneath", () => {
            const plain = textReport(result, { width: 100, colors: false, verdict, filters: "" });
            const colored = textReport(result, { width: 100, colors: true, verdict, filters: "" });
            assert.doesNotMatch(plain, /\u001b\[/);
            assert.match(colored, /\u001b\[31m/);
            assert.equal(stripVTControlCharacters(colored), plain);
        });

        it("wraps words, and breaks only what is longer than a line", () => {
            assert.deepEqual(wrap("aaa bbb ccc", 8, "  "), ["  aaa", "  bbb", "  ccc"]);
            assert.deepEqual(wrap("x".repeat(10), 6, "> "), ["> xxxx", "> xxxx", "> xx"]);
            assert.deepEqual(wrap("one\ntwo", 40), ["one", "two"]);
        });
    });
});
