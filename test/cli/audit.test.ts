// The audit command end to end: the built CLI as a child process, on the shipped examples and on
// export fixtures, as a user or a CI job runs it.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliRun, example, exportFixture, runCli } from "../harness/cli";
import { projectRoot } from "../harness/engine";
import { sarifProblems } from "../harness/sarif";
import { generateExport } from "../fixtures/exports/generate";
import { policies } from "../../policies/catalog";

const INSECURE = example("insecure");
const SECURE = example("secure");
const FIXTURE = exportFixture("insecure-stack");

/** Planted in the fixture: a `--show-secrets` plaintext and a ciphertext. */
const PLANTED = ["planted-plaintext-hunter2", "cGxhbnRlZC1jaXBoZXJ0ZXh0"];

interface JsonFinding {
    policy: string; level: string; severity: string; cloud: string;
    resource: { urn: string; type: string; name: string }; message: string; fingerprint: string;
}
interface JsonStack {
    name: string; organization: string; project: string; stack: string; export: string; deploymentVersion: number;
    summary: { resources: number; findings: number; mandatory: number; advisory: number; byCloud: Record<string, number> };
    findings: JsonFinding[];
    remediations: { policy: string; urn: string }[];
}
interface JsonReport {
    schemaVersion: number;
    pack: { name: string; version: string };
    verdict: { failed: boolean; failOn: string; failingFindings: number; failingStacks: number; inputErrors: number; line: string };
    filters: { severity: string | null; policies: string[]; skipPolicies: string[] };
    summary: { stacks: number; resources: number; findings: number; mandatory: number; advisory: number; disabledPolicies: string[] };
    policies: { name: string; level: string; defaultLevel: string; severity: string; url: string }[];
    stacks: JsonStack[];
    errors: { export: string; message: string }[];
}

const json = (text: string) => JSON.parse(text) as JsonReport;
const policiesOf = (stack: JsonStack, level: string) => [...new Set(stack.findings.filter(f => f.level === level).map(f => f.policy))].sort();

let tmp: string;
before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sg-audit-"));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tmpFile(name: string, content: unknown): string {
    const file = path.join(tmp, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
    return file;
}

const exported = (file: string) => JSON.parse(fs.readFileSync(path.join(projectRoot(), file), "utf8"));

/** An old report of ours, as a previous run would have left it. */
const oldReport = (name: string) => tmpFile(name, "serverless-guard 0.0.1 audit of 1 stack: an old report\n");

const usage = (run: CliRun, message: RegExp) => {
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, message);
};

describe("serverless-guard audit", function () {
    this.timeout(180_000); // many audits at once, on a possibly busy machine
    const runs: Record<string, CliRun> = {};
    let out: string;

    before(async () => {
        out = path.join(tmp, "reports");
        const names = ["text", "json", "all", "fixture", "secureAdvisory", "sarifStdout", "sarifAgain", "never", "filtered"] as const;
        const results = await Promise.all([
            runCli(["audit", INSECURE]),
            runCli(["audit", "examples", "--format", "json"]),
            runCli(["audit", "examples/", "--format=json", "--output", `${out}/r.json`, "--sarif", `${out}/r.sarif`, "--junit", `${out}/r.xml`,
                "--markdown", `${out}/r.md`, "--text", `${out}/r.txt`]),
            runCli(["audit", FIXTURE, "--format", "json", "--fail-on", "advisory", "--progress"]),
            runCli(["audit", SECURE, "--fail-on", "advisory"]),
            runCli(["audit", FIXTURE, "--format", "sarif", "--output", "-"]),
            runCli(["audit", FIXTURE, "--format", "sarif"]),
            runCli(["audit", INSECURE, "--soft-fail", "--format", "json"]),
            runCli(["audit", INSECURE, "--format", "json", "--severity", "critical", "--skip-policy", "aws-lambda-url-requires-auth"]),
        ]);
        names.forEach((name, i) => { runs[name] = results[i]; });
    });

    describe("what the pack is sent and reports", () => {
        it("the examples: every threat on every cloud is mandatory in the insecure one; the secure one has no finding", () => {
            const report = json(runs.json.stdout);
            assert.equal(runs.json.status, 1, runs.json.stderr);
            assert.deepEqual(report.stacks.map(s => s.name), ["acme/serverless-shop/insecure", "acme/serverless-shop/secure"]);
            const [insecure, secure] = report.stacks;
            assert.deepEqual(secure.findings, []);
            const mandatory = policiesOf(insecure, "mandatory");
            for (const threat of [
                ["aws-lambda-role-no-service-wildcard", "aws-lambda-env-no-plaintext-secrets", "aws-lambda-vpc-attached"],
                ["azure-functionapp-identity-no-admin-role", "azure-functionapp-no-plaintext-secrets", "azure-functionapp-vnet-integration", "azure-functionapp-managed-identity"],
                ["gcp-serverless-sa-no-privileged-roles", "gcp-serverless-env-no-plaintext-secrets", "gcp-serverless-vpc-egress", "gcp-serverless-dedicated-service-account"],
            ].flat()) {
                assert.ok(mandatory.includes(threat), `${threat} in ${mandatory.join(", ")}`);
            }
            assert.ok(policiesOf(insecure, "advisory").includes("aws-lambda-role-not-shared"), "a shared identity on AWS");
        });

        it("AnalyzeStack links resources through propertyDependencies and literals, on the state's outputs", () => {
            const [stack] = json(runs.fixture.stdout).stacks;
            const egress = stack.findings.filter(f => f.policy === "aws-lambda-sg-no-public-egress");
            assert.deepEqual(egress.map(f => f.resource.name), ["orders-sg"], "on the group to change");
            assert.match(egress[0].message, /Security group 'orders-sg' \(used by Lambda function 'audit-log'\)/);
        });

        it("JSON: the documented fields, version 2: one report, each stack under its full name", () => {
            const report = json(runs.json.stdout);
            const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8"));
            assert.equal(report.schemaVersion, 2);
            assert.deepEqual(report.pack, { name: "serverless-guard", version: pkg.version });
            assert.deepEqual(Object.keys(report), ["schemaVersion", "pack", "verdict", "filters", "summary", "policies", "stacks", "errors"]);
            assert.deepEqual(report.verdict, {
                failed: true, failOn: "mandatory", failingFindings: report.summary.mandatory, failingStacks: 1, inputErrors: 0,
                line: `FAILED: ${report.summary.mandatory} mandatory findings in 1 of 2 stacks (--fail-on mandatory)`,
            });
            const [insecure] = report.stacks;
            assert.deepEqual({ ...insecure, summary: undefined, findings: undefined, remediations: undefined }, {
                name: "acme/serverless-shop/insecure", organization: "acme", project: "serverless-shop", stack: "insecure",
                export: INSECURE, deploymentVersion: 3, summary: undefined, findings: undefined, remediations: undefined,
            });
            const resources = exported(INSECURE).deployment.resources.length;
            assert.equal(insecure.summary.resources, resources);
            assert.equal(report.summary.resources, resources + exported(SECURE).deployment.resources.length);
            assert.equal(report.summary.findings, insecure.findings.length);
            for (const f of insecure.findings) {
                assert.deepEqual(Object.keys(f), ["policy", "level", "severity", "cloud", "resource", "message", "fingerprint"]);
                assert.equal(f.cloud, f.policy.split("-")[0]);
                assert.match(f.fingerprint, /^[0-9a-f]{32}:\d+$/);
            }
            assert.ok(report.policies.length >= 40 && report.policies.every(p => p.level === p.defaultLevel));
        });

        it("several reports in one run, each what its format says, the same audit in each", () => {
            assert.equal(runs.all.status, 1, runs.all.stderr);
            assert.equal(runs.all.stdout, "", "every report went to a file");
            assert.match(runs.all.stderr, /FAILED: \d+ mandatory findings in 1 of 2 stacks/, "the verdict is in the log");
            const report = json(fs.readFileSync(`${out}/r.json`, "utf8"));
            assert.deepEqual(report.stacks.map(s => s.findings), json(runs.json.stdout).stacks.map(s => s.findings));
            const sarif = JSON.parse(fs.readFileSync(`${out}/r.sarif`, "utf8"));
            assert.deepEqual(sarifProblems(sarif), []);
            assert.equal(sarif.runs.length, 2);
            assert.match(fs.readFileSync(`${out}/r.xml`, "utf8"), /^<\?xml [^>]+>\n<testsuites name="serverless-guard" tests="\d+" failures="\d+"/);
            assert.match(fs.readFileSync(`${out}/r.md`, "utf8"), /^## serverless-guard \S+ audit\n\n:x: \*\*FAILED/);
            assert.match(fs.readFileSync(`${out}/r.txt`, "utf8"), /^serverless-guard \S+ audit of 2 stacks/);
            assert.deepEqual(fs.readdirSync(out).sort(), ["r.json", "r.md", "r.sarif", "r.txt", "r.xml"], "no temporary file left");
        });

        it("text: grouped by resource, each policy explained once, a closing verdict", () => {
            const { stdout, status } = runs.text;
            assert.equal(status, 1);
            assert.match(stdout, /^serverless-guard \S+ audit of 1 stack: 16 resources, \d+ findings \(\d+ mandatory, \d+ advisory\)\n/);
            assert.match(stdout, /^acme\/serverless-shop\/insecure {2}examples\/insecure-stack\.json$/m);
            assert.equal(stdout.split("\n  urn:pulumi:insecure::serverless-shop::aws:lambda/function:Function::orders\n").length, 2, "one group per resource");
            const { description } = policies.find(p => p.name === "aws-lambda-vpc-attached")!;
            assert.equal(stdout.replace(/\s+/g, " ").split(description).length, 2, "the description once");
            assert.match(stdout, /\n\nFAILED: \d+ mandatory findings in 1 of 1 stack \(--fail-on mandatory\)\n$/);
            assert.doesNotMatch(stdout, /\u001b\[/, "no colour off a terminal");
            assert.ok(stdout.split("\n").every(l => l.length <= 100 || /^ +https:\/\/\S+$/.test(l)), "100 columns off a terminal");
        });

        it("SARIF: one run per stack with its own code scanning category, deterministic, on stdout with --output -", () => {
            const log = JSON.parse(runs.sarifStdout.stdout);
            assert.deepEqual(sarifProblems(log), []);
            assert.equal(runs.sarifStdout.stdout, runs.sarifAgain.stdout, "the whole log is deterministic");
            assert.deepEqual(log.runs.map((r: { automationDetails: { id: string } }) => r.automationDetails.id), ["serverless-guard/organization/orders-app/prod/"]);
            const lines = fs.readFileSync(path.join(projectRoot(), FIXTURE), "utf8").split("\n");
            for (const result of log.runs[0].results) {
                const [location] = result.locations;
                assert.equal(location.physicalLocation.artifactLocation.uri, FIXTURE);
                const line = lines[location.physicalLocation.region.startLine - 1];
                assert.ok(line.includes(`"urn": ${JSON.stringify(location.logicalLocations[0].fullyQualifiedName)}`), line);
            }
            const secrets = log.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === "aws-lambda-env-no-plaintext-secrets");
            assert.equal(secrets.length, 1, "one alert per policy per resource");
            assert.ok(["API_TOKEN", "DB_PASSWORD"].every(name => secrets[0].message.text.includes(name)), "naming both variables");
        });

        it("secrets planted in an export appear in no report and no log", () => {
            for (const run of [runs.fixture, runs.sarifStdout]) {
                for (const planted of PLANTED) {
                    assert.ok(!run.stdout.includes(planted) && !run.stderr.includes(planted), "a secret leaked");
                }
            }
            const text = fs.readFileSync(path.join(projectRoot(), FIXTURE), "utf8");
            assert.ok(PLANTED.every(p => text.includes(p)), "the fixture holds them");
            const secrets = json(runs.fixture.stdout).stacks[0].findings.filter(f => f.policy === "aws-lambda-env-no-plaintext-secrets");
            assert.match(secrets.map(f => f.message).join("\n"), /variable API_TOKEN[\s\S]*variable DB_PASSWORD/);
        });
    });

    describe("what fails, what is reported", () => {
        it("--fail-on advisory fails on any finding; --soft-fail never fails on findings, same report", () => {
            assert.equal(runs.secureAdvisory.status, 0, "the secure example has no finding at all");
            assert.equal(runs.fixture.status, 1);
            assert.equal(runs.never.status, 0);
            assert.equal(json(runs.never.stdout).verdict.failed, false);
            assert.match(json(runs.never.stdout).verdict.line, /^PASSED: \d+ findings \(\d+ mandatory\), none failing at --fail-on never in 1 stack$/);
        });

        it("--severity and --skip-policy filter the report and the exit code", () => {
            const report = json(runs.filtered.stdout);
            assert.deepEqual(report.filters, { severity: "critical", policies: [], skipPolicies: ["aws-lambda-url-requires-auth"] });
            const findings = report.stacks[0].findings;
            assert.ok(findings.length > 0 && findings.every(f => f.severity === "critical" && f.policy !== "aws-lambda-url-requires-auth"));
        });

        it("a policy at remediate: its fix is reported (never applied, no values) and the state's finding stays mandatory", async () => {
            const config = tmpFile("remediate.json", { "azure-functionapp-managed-identity": "remediate" });
            const [asJson, text] = await Promise.all([
                runCli(["audit", INSECURE, "--format", "json", "--policy-pack-config", config]),
                runCli(["audit", INSECURE, "--policy-pack-config", config]),
            ]);
            const [stack] = json(asJson.stdout).stacks;
            const checkout = "urn:pulumi:insecure::serverless-shop::azure-native:web:WebApp::checkout";
            assert.deepEqual(stack.remediations, [{ policy: "azure-functionapp-managed-identity", urn: checkout }]);
            assert.ok(stack.findings.some(f => f.policy === "azure-functionapp-managed-identity" && f.level === "mandatory" && f.resource.urn === checkout));
            assert.match(text.stdout.replace(/\s+/g, " "), /\[remediate\] azure-functionapp-managed-identity would change its inputs \(not applied\)/);
            assert.match(text.stdout, /; 1 fix at level remediate \(not applied\)/);
        });

        it("--org names the organization of exports that do not name one", async () => {
            const run = await runCli(["audit", FIXTURE, INSECURE, "--org", "platform", "--format", "json"]);
            assert.deepEqual(json(run.stdout).stacks.map(s => s.name), ["platform/orders-app/prod", "acme/serverless-shop/insecure"]);
        });

        it("--policy keeps only the policies named; a name the pack does not have is a usage error with a suggestion", async () => {
            const [only, unknown] = await Promise.all([
                runCli(["audit", INSECURE, "--format", "json", "--policy", "aws-lambda-vpc-attached,gcp-serverless-vpc-egress"]),
                runCli(["audit", INSECURE, "--policy", "aws-lambda-vpc-atached"]),
            ]);
            assert.deepEqual(policiesOf(json(only.stdout).stacks[0], "mandatory"), ["aws-lambda-vpc-attached", "gcp-serverless-vpc-egress"]);
            usage(unknown, /aws-lambda-vpc-atached is not a policy of serverless-guard .* \(did you mean aws-lambda-vpc-attached\?\)/);
        });
    });

    describe("inputs", () => {
        it("several files, a folder and stdin in one run; one launch of the pack; every stack under its name", async () => {
            const stdin = fs.readFileSync(path.join(projectRoot(), FIXTURE));
            const run = await runCli(["audit", "-", "examples", "--format", "json", "--progress"], { stdin });
            assert.equal(run.status, 1, run.stderr);
            const report = json(run.stdout);
            assert.deepEqual(report.stacks.map(s => [s.name, s.export]), [
                ["organization/orders-app/prod", "-"], ["acme/serverless-shop/insecure", INSECURE], ["acme/serverless-shop/secure", SECURE]]);
            assert.equal(run.stderr.split("launching the policy pack").length, 2);
        });

        it("each bad export: a clear message and exit 2, the others still audited and reported", async () => {
            const v3 = (resources: unknown[], extra = {}) => ({ version: 3, deployment: { resources }, ...extra });
            const root = (stack: string) => ({ urn: `urn:pulumi:${stack}::shop::pulumi:pulumi:Stack::shop-${stack}`, custom: false, type: "pulumi:pulumi:Stack" });
            const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(v3([root("bom")])))]);
            const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(v3([root("utf16")])), "utf16le")]);
            const cases: [string, unknown, RegExp | undefined][] = [
                ["empty.json", v3([]), /has no resources, so there is nothing to audit/],
                ["v4-unknown.json", { version: 4, features: ["timeTravel"], deployment: { resources: [root("v4")] } }, /features this audit does not know \(timeTravel\)/],
                ["v4.json", { version: 4, features: ["refreshBeforeUpdate"], deployment: { resources: [root("v4")] } }, undefined],
                ["v5.json", { version: 5, deployment: { resources: [root("v5")] } }, /deployment version 5 is newer than this audit reads/],
                ["v2.json", exported(exportFixture("deployment-v2")), /deployment version 2 is too old/],
                ["bom.json", bom, undefined],
                ["utf16.json", utf16, undefined],
                ["duplicate.json", v3([root("dup"), root("dup")]), /appears twice among the live resources/],
                ["garbage.json", "{ not json", /not valid JSON/],
                ["not-export.json", [1, 2], /not a Pulumi stack export/],
                ["again.json", v3([root("bom")]), /it is the stack organization\/shop\/bom again \(already read from .*bom\.json\)/],
            ];
            const files = cases.map(([name, content]) => tmpFile(`inputs/${name}`, content));
            const report = path.join(tmp, "inputs-report.json");
            const run = await runCli(["audit", ...files, "--format", "json", "--output", report]);
            assert.equal(run.status, 2, run.stderr);
            const { stacks, errors, verdict } = json(fs.readFileSync(report, "utf8"));
            assert.deepEqual(stacks.map(s => s.stack), ["v4", "bom", "utf16"]);
            assert.equal(stacks[0].deploymentVersion, 4);
            const expected = cases.filter(([, , message]) => message);
            assert.equal(errors.length, expected.length);
            errors.forEach((e, i) => {
                assert.ok(e.export.endsWith(expected[i][0]), e.export);
                assert.match(e.message, expected[i][2]!);
                assert.ok(run.stderr.includes(`${e.export}: ${e.message}`));
            });
            assert.match(verdict.line, /^INCOMPLETE: 8 exports could not be audited; 0 findings \(0 mandatory\) in 3 stacks audited$/);
            assert.doesNotMatch(run.stderr, /E[A-Z]{3,}:/, "no raw errno code");
        });

        it("a path that does not exist, or a folder without exports: a usage error before any work, no raw errno", async () => {
            const [missing, empty, pattern] = await Promise.all([
                runCli(["audit", path.join(tmp, "missing.json")]),
                runCli(["audit", fs.mkdtempSync(path.join(tmp, "empty-"))]),
                runCli(["audit", "exports/*.json"]),
            ]);
            usage(missing, /cannot read .*missing\.json: no such file or directory/);
            usage(empty, /holds no \.json file to audit/);
            usage(pattern, /patterns are expanded by the shell; to audit every export in a folder, give the folder/);
            assert.doesNotMatch(missing.stderr + empty.stderr, /ENOENT/);
        });

        it("a policy config the schemas reject: exit 2 naming the problem; a misspelt policy: a warning with the nearest name", async () => {
            const bad = tmpFile("bad-config.json", { "aws-lambda-vpc-attached": { exemptions: [{ resource: "legacy-*", reason: "SEC-1", expires: "next week" }] } });
            const typo = tmpFile("typo-config.json", { "aws-lambda-vpc-atached": "disabled", "aws-lambda-url-requires-auth": "disabled" });
            const [rejected, warned] = await Promise.all([
                runCli(["audit", INSECURE, "--policy-pack-config", bad]),
                runCli(["audit", INSECURE, "--format", "json", "--policy-pack-config", typo]),
            ]);
            usage(rejected, /the policy pack config .*bad-config\.json: aws-lambda-vpc-attached\.exemptions\[0\]\.expires must match pattern/);
            assert.equal(rejected.stdout, "");
            assert.match(warned.stderr, /names aws-lambda-vpc-atached, which is not a policy .*\(did you mean aws-lambda-vpc-attached\?\)/);
            const report = json(warned.stdout);
            assert.deepEqual(report.summary.disabledPolicies, ["aws-lambda-url-requires-auth"]);
            assert.ok(!report.stacks[0].findings.some(f => f.policy === "aws-lambda-url-requires-auth"));
        });
    });

    describe("reports never stale, partial or lost", () => {
        it("a report that cannot be written is saved elsewhere: exit 4, the verdict still told", async () => {
            const blocker = tmpFile("blocker", "a file where a folder should be");
            const run = await runCli(["audit", INSECURE, "--sarif", `${blocker}/r.sarif`, "--format", "json"]);
            assert.equal(run.status, 4, run.stderr);
            const saved = /the report was saved to (\S+) instead/.exec(run.stderr)?.[1];
            assert.ok(saved, run.stderr);
            assert.deepEqual(sarifProblems(JSON.parse(fs.readFileSync(saved, "utf8"))), []);
            fs.rmSync(saved);
            assert.equal(json(run.stdout).verdict.failed, true, "the other report is whole");
            assert.match(run.stderr, /FAILED: \d+ mandatory findings/);
        });

        it("a usage error removes an old report of ours, but no other file", async () => {
            const report = oldReport("usage/old.txt");
            const notOurs = tmpFile("usage/keep.json", "{}");
            const run = await runCli(["audit", INSECURE, "--bogus", "--output", report, "--json", notOurs]);
            usage(run, /unknown option --bogus/);
            assert.ok(!fs.existsSync(report) && fs.existsSync(notOurs));
        });

        it("refuses to write a report over an input", async () => {
            const input = tmpFile("overwrite/stack.json", exported(SECURE));
            usage(await runCli(["audit", input, "--json", input]), /is an input of this run; a report would overwrite it/);
            assert.deepEqual(JSON.parse(fs.readFileSync(input, "utf8")), exported(SECURE));
        });

        it("a pack that does not start: exit 3, a clear message without colour codes off a terminal, no report left", async () => {
            const copy = path.join(tmp, "broken-pack");
            fs.mkdirSync(path.join(copy, "bin"), { recursive: true });
            for (const file of ["package.json", "PulumiPolicy.yaml"]) {
                fs.copyFileSync(path.join(projectRoot(), file), path.join(copy, file));
            }
            fs.cpSync(path.join(projectRoot(), "bin"), path.join(copy, "bin"), { recursive: true });
            fs.symlinkSync(path.join(projectRoot(), "node_modules"), path.join(copy, "node_modules"));
            fs.writeFileSync(path.join(copy, "bin", "policies", "index.js"),
                "process.stderr.write('\\u001b[31mpack exploded\\u001b[39m\\n'); process.exit(7);\n");
            const report = oldReport("broken/old.sarif");
            const run = await runCli(["audit", path.join(projectRoot(), INSECURE), "--sarif", report], { main: path.join(copy, "bin", "cli", "main.js") });
            assert.equal(run.status, 3, run.stderr);
            assert.match(run.stderr, /the policy pack failed, so there is no report: policy pack .* exited \(code 7/);
            assert.match(run.stderr, /pack exploded/);
            assert.doesNotMatch(run.stderr, /\u001b\[/);
            assert.equal(run.stdout, "");
            assert.ok(!fs.existsSync(report), "the old report is gone");
        });
    });

    describe("the rest of the command", () => {
        it("--list, --list --format json, --version, audit --version, --help", async () => {
            const [list, listJson, version, auditVersion, help] = await Promise.all([
                runCli(["audit", "--list"]),
                runCli(["audit", "--list", "--format", "json"]),
                runCli(["--version"]),
                runCli(["audit", "--version"]),
                runCli(["audit", "--help"]),
            ]);
            const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8"));
            const policies = JSON.parse(listJson.stdout) as { name: string; severity: string; level: string }[];
            assert.ok(policies.length >= 40);
            for (const p of policies) {
                assert.match(list.stdout, new RegExp(`^${p.name} {2}${p.severity}, ${p.level}$`, "m"));
            }
            assert.deepEqual([version.stdout, auditVersion.stdout], [`${pkg.version}\n`, `${pkg.version}\n`]);
            assert.equal(help.status, 0);
            assert.match(help.stdout, /^Usage:\n {2}serverless-guard audit <export>\.\.\. \[options\]/);
            assert.match(help.stdout, /Exit codes: 0 /);
            assert.ok(help.stdout.split("\n").every(l => l.length <= 100), "the help fits 100 columns");
        });

        it("colour on a terminal's terms: FORCE_COLOR forces it, NO_COLOR wins", async () => {
            const [forced, none] = await Promise.all([
                runCli(["audit", INSECURE], { env: { FORCE_COLOR: "1" } }),
                runCli(["audit", INSECURE], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }),
            ]);
            assert.match(forced.stdout, /\u001b\[1m\u001b\[31m\[mandatory\]/);
            assert.doesNotMatch(none.stdout, /\u001b\[/);
        });
    });

    describe("many stacks, large stacks", () => {
        it("50 exports in one run: one launch, one report, one SARIF file per stack in a folder, the findings of single runs", async () => {
            const dir = path.join(tmp, "fleet");
            for (let i = 0; i < 50; i++) {
                const text = JSON.stringify(generateExport(12, `planted-fleet-secret-${i}`)).replace(/urn:pulumi:load::/g, `urn:pulumi:load-${i}::`);
                tmpFile(`fleet/team-${Math.floor(i / 10)}/stack-${i}.json`, text);
            }
            const sarifDir = path.join(tmp, "fleet-sarif");
            oldReport("fleet-sarif/gone.sarif");
            const [fleet, single, tooMany] = await Promise.all([
                runCli(["audit", dir, "--format", "json", "--sarif", `${sarifDir}/`, "--junit", path.join(tmp, "fleet.xml"), "--progress"]),
                runCli(["audit", path.join(dir, "team-4", "stack-42.json"), "--format", "json"]),
                runCli(["audit", dir, "--sarif", path.join(tmp, "fleet.sarif")]),
            ]);
            assert.equal(fleet.status, 1, fleet.stderr);
            const report = json(fleet.stdout);
            assert.equal(report.stacks.length, 50);
            assert.equal(new Set(report.stacks.map(s => s.name)).size, 50);
            assert.equal(fleet.stderr.split("launching the policy pack").length, 2, "one launch");
            const alone = json(single.stdout).stacks[0];
            assert.deepEqual(report.stacks.find(s => s.name === alone.name)!.findings, alone.findings);
            const files = fs.readdirSync(sarifDir).sort();
            assert.equal(files.length, 50);
            assert.ok(files.includes("organization.big-app.load-42.sarif"), files[0]);
            assert.ok(!files.includes("gone.sarif"), "the old SARIF file of ours was removed");
            const categories = files.map(f => JSON.parse(fs.readFileSync(path.join(sarifDir, f), "utf8")).runs[0].automationDetails.id);
            assert.equal(new Set(categories).size, 50);
            assert.equal((fs.readFileSync(path.join(tmp, "fleet.xml"), "utf8").match(/<testsuite /g) ?? []).length, 50);
            usage(tooMany, /50 stacks do not fit one SARIF file: code scanning takes at most 20 runs/);
            for (let i = 0; i < 50; i++) {
                assert.ok(!fleet.stdout.includes(`planted-fleet-secret-${i}`) && !fleet.stderr.includes(`planted-fleet-secret-${i}`));
            }
        });

        it("a 5,000-resource export: progress through every phase, within a small heap", async () => {
            const file = tmpFile("big.json", generateExport(5000, "planted-scale-secret-7f3a"));
            // The old CLI needed about 480 MiB at 10,000 resources; this one must run in far less.
            const run = await runCli(["audit", file, "--format", "sarif", "--progress"], { env: { NODE_OPTIONS: "--max-old-space-size=160" } });
            console.log(`      audit of 5,000 resources: ${(run.ms / 1000).toFixed(1)} s`);
            assert.equal(run.status, 1, run.stderr);
            for (const phase of [/launching the policy pack/, /the pack is ready/, /\[1\/1\] reading /, /: 5,000 resources to analyze/,
                /analyzed 1,000\/5,000 resources[\s\S]*analyzed 5,000\/5,000 resources/, /analyzing the stack as a whole \(AnalyzeStack\)/,
                /: [\d,]+ findings \(\d+ mandatory\)/, /writing sarif to stdout/]) {
                assert.match(run.stderr, phase);
            }
            assert.ok(!run.stdout.includes("planted-scale-secret-7f3a") && !run.stderr.includes("planted-scale-secret-7f3a"));
            assert.deepEqual(sarifProblems(JSON.parse(run.stdout)), []);
        });
    });
});
