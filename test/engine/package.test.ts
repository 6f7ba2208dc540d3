// What `pulumi policy publish` uploads is what `npm pack` produces: it must run on its own.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchPack, projectRoot } from "../harness/engine";

describe("engine: the published package", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "serverless-guard-pack-"));
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        const [packed] = JSON.parse(execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", dir],
            { cwd: projectRoot(), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
        execFileSync("tar", ["-xzf", path.join(dir, packed.filename), "-C", dir]);
        // Pulumi installs the runtime dependencies of a downloaded pack; here they come from this checkout.
        fs.symlinkSync(path.join(projectRoot(), "node_modules"), path.join(dir, "package", "node_modules"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("ships compiled JavaScript and no sources or tests", () => {
        const files = fs.readdirSync(path.join(dir, "package"));
        assert.ok(files.includes("PulumiPolicy.yaml") && files.includes("bin"));
        assert.ok(!files.includes("policies") && !files.includes("test") && !files.includes("tsconfig.json"));
    });

    it("ships the audit command, which runs the packed pack", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package", "package.json"), "utf8"));
        assert.deepEqual(pkg.bin, { "serverless-guard": "bin/cli/main.js" });
        const main = path.join(dir, "package", pkg.bin["serverless-guard"]);
        assert.ok(fs.readFileSync(main, "utf8").startsWith("#!/usr/bin/env node\n"));
        const exported = path.join(projectRoot(), "test", "fixtures", "exports", "secure-stack.json");
        const report = JSON.parse(execFileSync(process.execPath, [main, "audit", exported, "--format", "json"], { encoding: "utf8" }));
        assert.equal(report.pack.name, "serverless-guard");
        assert.equal(report.summary.mandatory, 0);
    });

    it("ships serverless-guard/testing, which checks a program under mocks against the packed pack", async function () {
        this.timeout(60_000);
        // Installed as a dependency of a project: resolved by the package's name, through its exports.
        const project = path.join(dir, "project");
        fs.mkdirSync(path.join(project, "node_modules", "@serverless-guard"), { recursive: true });
        fs.symlinkSync(path.join(dir, "package"), path.join(project, "node_modules", "@serverless-guard", "policy-pack"));
        const testing = require(require.resolve("@serverless-guard/policy-pack/testing", { paths: [project] })) as typeof import("../../testing");
        const report = await testing.checkProgram(() => {
            const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
            new aws.lambda.Function("app", { role: "arn:aws:iam::123456789012:role/app", runtime: "nodejs22.x", handler: "index.handler" });
        }, { from: projectRoot() });
        assert.ok(report.blocked);
        assert.ok(report.mandatory.some(d => d.policyName === "aws-lambda-vpc-attached" && d.phase === "analyze"));
    });

    it("starts through the launcher and serves every policy", async () => {
        const pack = await launchPack(path.join(dir, "package"));
        try {
            const info = await pack.getAnalyzerInfo();
            const { policies } = require("../../policies/catalog") as { policies: { name: string }[] };
            assert.equal(info.name, "serverless-guard");
            assert.deepEqual(info.policies.map(p => p.name), policies.map(p => p.name));
        } finally {
            await pack.close();
        }
    });
});
