// The audit command end to end: the built CLI as a child process, on stack-export fixtures.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliRun, exportFixture, runCli } from "../harness/cli";
import { projectRoot } from "../harness/engine";
import { sarifProblems } from "../harness/sarif";
import { generateExport } from "../fixtures/exports/generate";

const INSECURE = exportFixture("insecure-stack");
const SECURE = exportFixture("secure-stack");

/** Planted in the insecure fixture: a `--show-secrets` plaintext and a ciphertext. */
const PLANTED_PLAINTEXT = "planted-plaintext-hunter2";
const PLANTED_CIPHERTEXT = "cGxhbnRlZC1jaXBoZXJ0ZXh0";

/** Mandatory findings the insecure fixture must produce (other branches' policies may add more). */
const MANDATORY_ON_INSECURE = ["aws-lambda-env-no-plaintext-secrets", "aws-lambda-sg-no-public-egress", "aws-lambda-url-requires-auth", "aws-lambda-vpc-attached"];
const URN = (type: string, name: string) => `urn:pulumi:prod::orders-app::orders:service:Api$${type}::${name}`;
const ORDERS_FN = URN("aws:lambda/function:Function", "orders");
const AUDIT_FN = URN("aws:lambda/function:Function", "audit-log");
const ORDERS_URL = URN("aws:lambda/functionUrl:FunctionUrl", "orders-url");

interface JsonReport {
    schemaVersion: number;
    pack: { name: string; version: string };
    stack: { project: string; stack: string; deploymentVersion: number; export: string };
    summary: {
        resources: number; analyzed: number; findings: number; mandatory: number; advisory: number;
        bySeverity: Record<string, Record<string, number>>; byCloud: Record<string, number>; disabledPolicies: string[];
    };
    policies: { name: string; level: string; defaultLevel: string; severity: string; url: string }[];
    findings: {
        policy: string; level: string; severity: string; cloud: string;
        resource: { urn: string; type: string; name: string }; message: string; fingerprint: string;
    }[];
}

const json = (run: CliRun) => JSON.parse(run.stdout) as JsonReport;
const policiesAt = (report: JsonReport, level: string) =>
    [...new Set(report.findings.filter(f => f.level === level).map(f => f.policy))].sort();

let tmp: string;
before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sg-audit-"));
});
after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
});

function tmpFile(name: string, content: unknown): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
}

describe("serverless-guard audit", () => {
    const runs: Record<string, CliRun> = {};

    before(async function () {
        this.timeout(180_000); // seven audits at once, on a possibly busy machine
        const [text, asJson, sarif, sarifAgain, secure, secureAdvisory, never] = await Promise.all([
            runCli(["audit", INSECURE]),
            runCli(["audit", INSECURE, "--format", "json"]),
            runCli(["audit", INSECURE, "--format=sarif"]),
            runCli(["audit", INSECURE, "--format", "sarif"]),
            runCli(["audit", SECURE]),
            runCli(["audit", SECURE, "--fail-on", "advisory"]),
            runCli(["audit", INSECURE, "--fail-on", "never", "--format", "json"]),
        ]);
        Object.assign(runs, { text, json: asJson, sarif, sarifAgain, secure, secureAdvisory, never });
    });

    describe("reports", () => {
        it("text: a summary table by severity and cloud, then findings grouped by resource", () => {
            const { stdout, status } = runs.text;
            const { summary } = json(runs.json);
            assert.equal(status, 1, runs.text.stderr);
            assert.match(stdout, /^serverless-guard \d+\.\d+\.\d+ audit of stack prod \(project orders-app\) from test\/fixtures\/exports\/insecure-stack\.json\n/);
            assert.ok(stdout.includes(`\n9 resources, 6 checked by resource policies; ${summary.findings} findings: ` +
                `${summary.mandatory} mandatory, ${summary.advisory} advisory\n`));
            assert.match(stdout, /^severity +aws +azure +gcp +total$/m);
            for (const severity of ["critical", "high", "medium", "low"]) {
                const { aws, azure, gcp } = summary.bySeverity[severity];
                assert.match(stdout, new RegExp(`^${severity} +${aws} +${azure} +${gcp} +${aws + azure + gcp}$`, "m"));
            }
            assert.match(stdout, new RegExp(`^total +${summary.byCloud.aws} +0 +0 +${summary.findings}$`, "m"));
            assert.ok(summary.bySeverity.critical.aws >= 1 && summary.bySeverity.high.aws >= 2);
            // Grouped: each resource's URN once, its findings under it; mandatory ones first.
            const ordersAt = stdout.indexOf(`  ${ORDERS_FN}\n`);
            const auditAt = stdout.indexOf(`  ${AUDIT_FN}\n`);
            assert.ok(ordersAt > 0 && auditAt > 0);
            assert.equal(stdout.split(`  ${ORDERS_FN}\n`).length, 2, "one group per resource");
            const ordersGroup = stdout.slice(ordersAt, stdout.indexOf("\n\n", ordersAt));
            assert.match(ordersGroup, /\[mandatory\] aws-lambda-vpc-attached \(high\)/);
            assert.match(ordersGroup, /\[advisory\] aws-lambda-tracing-enabled \(low\)/);
            const advisoryOnly = stdout.indexOf(`  ${URN("aws:lambda/permission:Permission", "s3-invoke")}\n`);
            for (const urn of [ORDERS_FN, URN("aws:ec2/securityGroup:SecurityGroup", "orders-sg"), ORDERS_URL]) {
                assert.ok(stdout.indexOf(`  ${urn}\n`) < advisoryOnly, "resources with mandatory findings come first");
            }
        });

        it("JSON: the documented fields", () => {
            const report = json(runs.json);
            assert.equal(runs.json.status, 1);
            const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8"));
            assert.equal(report.schemaVersion, 1);
            assert.deepEqual(report.pack, { name: "serverless-guard", version: pkg.version });
            assert.deepEqual(report.stack, { project: "orders-app", stack: "prod", deploymentVersion: 3, export: INSECURE });
            // 10 entries, one of them an old copy pending deletion; stack, provider and component are not Analyze'd.
            assert.equal(report.summary.resources, 9);
            assert.equal(report.summary.analyzed, 6);
            assert.equal(report.summary.findings, report.findings.length);
            assert.equal(report.summary.mandatory + report.summary.advisory, report.findings.length);
            assert.equal(report.summary.byCloud.aws, report.findings.length);
            assert.deepEqual(Object.keys(report.summary.bySeverity), ["critical", "high", "medium", "low", "unspecified"]);
            assert.deepEqual(policiesAt(report, "mandatory").filter(p => p.startsWith("aws-lambda-") && MANDATORY_ON_INSECURE.includes(p)),
                MANDATORY_ON_INSECURE);
            for (const f of report.findings) {
                assert.deepEqual(Object.keys(f), ["policy", "level", "severity", "cloud", "resource", "message", "fingerprint"]);
                assert.deepEqual(Object.keys(f.resource), ["urn", "type", "name"]);
                assert.equal(f.cloud, "aws");
                assert.match(f.fingerprint, /^[0-9a-f]{32}:\d+$/);
            }
            const url = report.findings.find(f => f.policy === "aws-lambda-url-requires-auth")!;
            assert.deepEqual(url.resource, { urn: ORDERS_URL, type: "aws:lambda/functionUrl:FunctionUrl", name: "orders-url" });
            assert.equal(url.severity, "critical");
            assert.ok(report.policies.length >= 13, "every policy of the pack is listed");
            assert.ok(report.policies.every(p => p.level === p.defaultLevel));
        });

        it("AnalyzeStack links resources through propertyDependencies and literals from the export", () => {
            const egress = json(runs.json).findings.filter(f => f.policy === "aws-lambda-sg-no-public-egress");
            assert.deepEqual(egress.map(f => f.resource.name), ["orders-sg"], "on the group to change");
            assert.match(egress[0].message, /Security group 'orders-sg' \(used by Lambda function 'audit-log'\)/);
        });

        it("SARIF: passes the structural check, with every policy a rule and every finding a located result", () => {
            const log = JSON.parse(runs.sarif.stdout);
            assert.equal(runs.sarif.status, 1);
            assert.deepEqual(sarifProblems(log), []);
            const report = json(runs.json);
            const run = log.runs[0];
            assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), report.policies.map(p => p.name));
            for (const rule of run.tool.driver.rules) {
                assert.equal(rule.name, rule.id);
                assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text.startsWith("Fix: "));
                assert.match(rule.helpUri, /^https:\/\/.+#/);
                assert.ok(rule.properties.tags.includes("security"));
                assert.ok(["error", "warning"].includes(rule.defaultConfiguration.level));
            }
            const critical = run.tool.driver.rules.find((r: { id: string }) => r.id === "aws-lambda-url-requires-auth");
            assert.equal(critical.properties["security-severity"], "9.5");
            assert.equal(critical.defaultConfiguration.level, "error");

            assert.equal(run.results.length, report.findings.length);
            const lines = fs.readFileSync(path.join(projectRoot(), INSECURE), "utf8").split("\n");
            for (const result of run.results) {
                const finding = report.findings.find(f => f.fingerprint === result.partialFingerprints["serverlessGuardFinding/v1"])!;
                assert.ok(finding, "the SARIF and JSON fingerprints agree");
                assert.equal(result.ruleId, finding.policy);
                assert.equal(result.level, finding.level === "mandatory" ? "error" : "warning");
                const [location] = result.locations;
                assert.deepEqual(location.logicalLocations, [{ fullyQualifiedName: finding.resource.urn, name: finding.resource.name, kind: "resource" }]);
                assert.equal(location.physicalLocation.artifactLocation.uri, INSECURE);
                const line = lines[location.physicalLocation.region.startLine - 1];
                assert.ok(line.includes(`"urn": ${JSON.stringify(finding.resource.urn)}`), `line ${line} is the resource's urn`);
            }
        });

        it("SARIF: fingerprints are unique and stable across runs", () => {
            const fingerprints = (run: CliRun) => JSON.parse(run.stdout).runs[0].results.map(
                (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints.primaryLocationLineHash);
            const first = fingerprints(runs.sarif);
            assert.equal(new Set(first).size, first.length);
            assert.deepEqual(fingerprints(runs.sarifAgain), first);
            assert.equal(runs.sarifAgain.stdout, runs.sarif.stdout, "the whole log is deterministic");
        });

        it("the structural check catches what GitHub would reject", () => {
            const log = JSON.parse(runs.sarif.stdout);
            const result = log.runs[0].results[0];
            delete result.locations[0].physicalLocation;
            result.ruleId = "no-such-rule";
            delete result.partialFingerprints;
            log.runs[0].tool.driver.rules[0].properties["security-severity"] = "high";
            log.runs[0].tool.driver.rules[1].shortDesc = { text: "typo" };
            const problems = sarifProblems(log).join("\n");
            for (const expected of ["physicalLocation\" is required", "names no rule", "partialFingerprints\" is required",
                "security-severity: must be a numeric string", "\"shortDesc\" is not a member"]) {
                assert.ok(problems.includes(expected), `${expected} missing from:\n${problems}`);
            }
        });

        it("--output writes the report to a file, not stdout", async () => {
            const out = path.join(tmp, "results.sarif");
            const run = await runCli(["audit", INSECURE, "--format", "sarif", "--output", out]);
            assert.equal(run.status, 1, run.stderr);
            assert.equal(run.stdout, "");
            assert.deepEqual(sarifProblems(JSON.parse(fs.readFileSync(out, "utf8"))), []);
        });
    });

    describe("exit codes", () => {
        it("--fail-on mandatory (default): 1 with a mandatory finding, 0 with only advisory ones", () => {
            assert.equal(runs.text.status, 1);
            assert.equal(runs.secure.status, 0, runs.secure.stderr);
            assert.match(runs.secure.stdout, /; [1-9]\d* findings: 0 mandatory, [1-9]\d* advisory\n/);
        });

        it("--fail-on advisory: 1 with any finding", () => {
            assert.equal(runs.secureAdvisory.status, 1);
        });

        it("--fail-on never: 0, and the same report", () => {
            assert.equal(runs.never.status, 0);
            assert.deepEqual(json(runs.never).findings, json(runs.json).findings);
        });

        const usage = async (args: string[], message: RegExp) => {
            const run = await runCli(args);
            assert.equal(run.status, 2, `${args.join(" ")}: ${run.stderr}`);
            assert.equal(run.stdout, "");
            assert.match(run.stderr, message);
        };

        it("2 for a file that is not a stack export", async () => {
            await usage(["audit", exportFixture("not-an-export")], /not-an-export\.json: the file is not a Pulumi stack export/);
            await usage(["audit", tmpFile("garbage.json", "{ not json")], /not valid JSON/);
            await usage(["audit", tmpFile("array.json", [1, 2])], /not a Pulumi stack export/);
            await usage(["audit", tmpFile("bad-resource.json", { version: 3, deployment: { resources: [{ type: "x" }] } })], /resource #1 .* no urn/);
            await usage(["audit", path.join(tmp, "missing.json")], /cannot read the stack export .*missing\.json: ENOENT/);
        });

        it("2 for a deployment version before 3", async () => {
            await usage(["audit", exportFixture("deployment-v2")], /deployment version 2 is not supported/);
        });

        it("2 for bad flags, with the usage", async () => {
            await usage(["audit", INSECURE, "--format", "xml"], /--format must be one of text, json, sarif[\s\S]*Usage:/);
            await usage(["audit", INSECURE, "--fail-on", "sometimes"], /--fail-on must be one of mandatory, advisory, never/);
            await usage(["audit", INSECURE, "--bogus"], /unknown option --bogus/);
            await usage(["audit", INSECURE, "--output"], /--output needs a value/);
            await usage(["audit"], /needs the path of a stack export/);
            await usage(["audit", INSECURE, SECURE], /one stack export file/);
            await usage(["scan", INSECURE], /unknown command "scan"/);
            await usage([], /no command given/);
        });

        it("--help prints the usage and exits 0", async () => {
            const run = await runCli(["audit", "--help"]);
            assert.equal(run.status, 0);
            assert.match(run.stdout, /Usage: serverless-guard audit <stack-export.json>/);
            assert.match(run.stdout, /--policy-pack-config/);
            assert.match(run.stdout, /Exit codes:/);
        });
    });

    describe("--policy-pack-config", () => {
        it("disables a policy (the CLI's string form) and changes a config key", async () => {
            const config = tmpFile("policy-config.json", {
                "aws-lambda-url-requires-auth": "disabled",
                "aws-lambda-sg-no-public-egress": { allowedPublicPorts: [443] },
            });
            const run = await runCli(["audit", INSECURE, "--format", "json", "--policy-pack-config", config]);
            assert.equal(run.status, 1, run.stderr);
            const report = json(run);
            const mandatory = policiesAt(report, "mandatory");
            assert.ok(mandatory.includes("aws-lambda-vpc-attached"));
            assert.ok(!mandatory.includes("aws-lambda-url-requires-auth") && !mandatory.includes("aws-lambda-sg-no-public-egress"), mandatory.join());
            assert.ok(!report.findings.some(f => f.policy === "aws-lambda-url-requires-auth" || f.policy === "aws-lambda-sg-no-public-egress"));
            assert.deepEqual(report.summary.disabledPolicies, ["aws-lambda-url-requires-auth"]);
            const disabled = report.policies.find(p => p.name === "aws-lambda-url-requires-auth")!;
            assert.deepEqual([disabled.level, disabled.defaultLevel], ["disabled", "mandatory"]);
            const sarif = await runCli(["audit", INSECURE, "--format", "sarif", "--policy-pack-config", config]);
            assert.deepEqual(sarifProblems(JSON.parse(sarif.stdout)), []);
        });

        it("takes levels in the object form and \"all\"; unknown policies and keys are warnings", async () => {
            const config = tmpFile("all-advisory.json", {
                all: "advisory",
                "aws-lambda-tracing-enabled": { enforcementLevel: "mandatory" },
                "azure-functionapp-not-on-this-branch": "disabled",
                "aws-lambda-vpc-attached": { notAKey: true },
            });
            const run = await runCli(["audit", INSECURE, "--format", "json", "--policy-pack-config", config]);
            assert.equal(run.status, 1, run.stderr);
            assert.deepEqual(policiesAt(json(run), "mandatory"), ["aws-lambda-tracing-enabled"]);
            assert.match(run.stderr, /azure-functionapp-not-on-this-branch, which is not a policy of serverless-guard/);
            assert.match(run.stderr, /aws-lambda-vpc-attached\.notAKey, which aws-lambda-vpc-attached does not read/);
        });

        it("exits 2 on a config that does not fit the policies' schemas", async () => {
            const cases: [unknown, RegExp][] = [
                [{ "aws-lambda-sg-no-public-egress": { allowedPublicPorts: "443" } }, /allowedPublicPorts must be of type array/],
                [{ "aws-lambda-sg-no-public-egress": { allowedPublicPorts: [70000] } }, /allowedPublicPorts\[0\] must be at most 65535/],
                [{ "aws-lambda-vpc-attached": "sometimes" }, /enforcementLevel must be one of/],
                [["aws-lambda-vpc-attached"], /must be a JSON object/],
                ["{", /not valid JSON/],
            ];
            for (const [content, message] of cases) {
                const run = await runCli(["audit", INSECURE, "--policy-pack-config", tmpFile("bad-config.json", content)]);
                assert.equal(run.status, 2, run.stderr);
                assert.match(run.stderr, message);
            }
        });
    });

    describe("secrets", () => {
        it("a secret planted in an export's env vars appears in no report and no log", async () => {
            const all = [
                runs.text, runs.json, runs.sarif,
                await runCli(["audit", INSECURE, "--format", "json", "--fail-on", "advisory", "--progress"]),
            ];
            for (const run of all) {
                for (const planted of [PLANTED_PLAINTEXT, PLANTED_CIPHERTEXT]) {
                    assert.ok(!run.stdout.includes(planted), "a secret leaked into the report");
                    assert.ok(!run.stderr.includes(planted), "a secret leaked into stderr");
                }
            }
            // The fixture really holds them, and the pack saw them: it names the variables, not their values.
            const exported = fs.readFileSync(path.join(projectRoot(), INSECURE), "utf8");
            assert.ok(exported.includes(PLANTED_PLAINTEXT) && exported.includes(PLANTED_CIPHERTEXT));
            const secrets = json(runs.json).findings.filter(f => f.policy === "aws-lambda-env-no-plaintext-secrets");
            assert.deepEqual(secrets.map(f => f.resource.urn), [ORDERS_FN]);
            assert.match(secrets[0].message, /variable API_TOKEN[\s\S]*variable DB_PASSWORD/);
        });
    });

    describe("scale", () => {
        it("audits a generated 5,000-resource export in seconds", async function () {
            this.timeout(180_000);
            const planted = "planted-scale-secret-7f3a";
            const file = tmpFile("big.json", generateExport(5000, planted));
            const run = await runCli(["audit", file, "--format", "sarif", "--progress"]);
            console.log(`      audit of 5,000 resources: ${(run.ms / 1000).toFixed(1)} s`);
            assert.equal(run.status, 1, run.stderr);
            assert.ok(run.ms < 120_000, `took ${run.ms} ms`);
            assert.match(run.stderr, /analyzed 1000\/4998 resources[\s\S]*analyzed 4998\/4998 resources/);
            assert.ok(!run.stdout.includes(planted) && !run.stderr.includes(planted));
            const log = JSON.parse(run.stdout);
            assert.deepEqual(sarifProblems(log), []);
            const exported = JSON.parse(fs.readFileSync(file, "utf8")) as ReturnType<typeof generateExport>;
            const functions = exported.deployment.resources.filter((r: any) => r.type === "aws:lambda/function:Function") as any[];
            const outsideVpc = functions.filter(f => !f.inputs.vpcConfig).length;
            const results = log.runs[0].results as { ruleId: string }[];
            assert.equal(results.filter(r => r.ruleId === "aws-lambda-vpc-attached").length, outsideVpc);
            assert.equal(results.filter(r => r.ruleId === "aws-lambda-reserved-concurrency").length, 0);
        });
    });
});
