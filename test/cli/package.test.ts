// The package as users get it: the Node range its dependencies need, only what runs as a run-time
// dependency, the CLI's libraries kept out of the pack's start-up, and docs that hold in the tarball.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { previewWithServerlessGuard } from "../../examples/automation/preview";
import { projectRoot } from "../harness/engine";

// semver comes with the dependencies (it has no types here).
const semver = require("semver") as {
    subset(a: string, b: string): boolean; minVersion(range: string): { version: string } | null; satisfies(v: string, r: string): boolean;
};

const root = projectRoot();
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const pkg = JSON.parse(read("package.json"));
const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { engines?: { node?: string }; dev?: boolean }> };

describe("the package", () => {
    it("declares the Node range its dependencies need, no wider and no narrower", () => {
        const declared = pkg.engines.node as string;
        const needs = Object.entries(lock.packages).filter(([name, p]) => name !== "" && p.engines?.node);
        for (const [name, p] of needs) {
            assert.ok(semver.subset(declared, p.engines!.node!), `${name} needs node ${p.engines!.node}, wider than ${declared} allows`);
        }
        const minimum = semver.minVersion(declared)!.version;
        const [major, minor] = minimum.split(".").map(Number);
        const below = `${major}.${minor - 1}.999`;
        assert.ok(needs.some(([, p]) => !semver.satisfies(below, p.engines!.node!)), `nothing needs more than ${below}: ${declared} is too narrow`);
    });

    it("has run-time dependencies only for what runs: no TypeScript, no ts-node; libraries pinned exactly", () => {
        const runtime = Object.keys(pkg.dependencies);
        assert.ok(!runtime.includes("typescript") && !runtime.includes("ts-node"), runtime.join());
        for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
            assert.match(range as string, /^\d+\.\d+\.\d+$/, `${name} is pinned exactly`);
        }
        assert.equal(pkg.main, "bin/policies/index.js");
        assert.deepEqual(Object.keys(pkg.bin), ["serverless-guard"]);
        assert.match(pkg.name, /^@serverless-guard\//, "a scoped name: the bare one is not ours");
        assert.equal(pkg.repository.url, "git+https://github.com/serverless-guard/serverless-guard.git");
    });

    it("keeps the audit's code and libraries out of the pack's start-up (the import graph of main)", () => {
        const files = new Set<string>();
        const packages = new Set<string>();
        const visit = (file: string) => {
            if (files.has(file)) {
                return;
            }
            files.add(file);
            for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/\brequire\("([^"]+)"\)/g)) {
                if (spec.startsWith(".")) {
                    visit(require.resolve(path.resolve(path.dirname(file), spec)));
                } else {
                    packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
                }
            }
        };
        visit(path.join(root, pkg.main));
        assert.ok(files.size > 20, "the graph was walked");
        // The pack is its policies and the pack's side of the engine protocol, not the engine's side (engine/client).
        const packSide = [path.join(root, "bin", "policies"), path.join(root, "bin", "engine", "sdk"), path.join(root, "bin", "engine", "wire.js"), path.join(root, "bin", "engine", "protobuf.js"),
            path.join(root, "bin", "engine", "programInputs.js")];
        assert.deepEqual([...files].filter(f => !packSide.some(side => f.startsWith(side))), []);
        const cliOnly = Object.keys(pkg.dependencies).filter(d => !d.startsWith("@pulumi/"));
        assert.deepEqual(cliOnly.filter(d => packages.has(d)), [], `the pack imports ${[...packages].join(", ")}`);
    });

    describe("docs", () => {
        const docs = ["README.md", "CHANGELOG.md", "CONTRIBUTING.md", "examples/README.md", ...fs.readdirSync(path.join(root, "docs")).map(f => `docs/${f}`)];
        let packed: string[];
        before(function () {
            this.timeout(60_000);
            const [result] = JSON.parse(execFileSync(process.platform === "win32" ? "npm.cmd" : "npm",
                ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
            packed = (result.files as { path: string }[]).map(f => f.path);
        });

        it("ship in the package, with every relative link pointing at a file that ships too", () => {
            for (const doc of docs) {
                assert.ok(packed.includes(doc), `${doc} is not in the package`);
                for (const [, target] of read(doc).matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)) {
                    const file = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target));
                    assert.ok(packed.includes(file) || packed.some(p => p.startsWith(`${file}/`)), `${doc} links to ${target}, which is not in the package`);
                }
            }
            for (const file of ["LICENSE", "examples/insecure-stack.json", "examples/secure-stack.json", "bin/cli/main.js", "bin/policies/index.js"]) {
                assert.ok(packed.includes(file), file);
            }
        });

        it("never tell anyone to install or run the package by a registry name", () => {
            for (const doc of docs) {
                assert.doesNotMatch(read(doc), /\b(npm (install|i|add)|npx|pnpm (add|dlx)|yarn (add|dlx))\s+(-\S+\s+)*(@serverless-guard\/[\w-]+|serverless-guard)\b/, doc);
            }
        });

        it("the README: two set-up commands (install and build, test), one command for the demo; Node as engines says", () => {
            const readme = read("README.md");
            const setUp = /## Set up\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split("\n").map(l => l.replace(/\s+#.*$/, ""));
            assert.deepEqual(setUp, ["npm ci", "npm test"]);
            assert.match(readme, /```sh\nnpm run demo\n```/);
            assert.equal(pkg.scripts.demo, "node bin/cli/main.js demo");
            assert.ok(readme.includes(`Node.js ${semver.minVersion(pkg.engines.node)!.version} or later`), "the README states the engines");
        });

        it("the Automation API example in docs/ci.md is examples/automation/preview.ts, which compiles against the SDK", () => {
            assert.ok(read("docs/ci.md").includes(`\`\`\`ts\n${read("examples/automation/preview.ts")}\`\`\``));
            assert.equal(typeof previewWithServerlessGuard, "function");
        });

        it("the changelog has an entry for this version; the license is the one declared", () => {
            assert.match(read("CHANGELOG.md"), new RegExp(`^## ${pkg.version.replace(/\./g, "\\.")}\\b`, "m"));
            assert.equal(pkg.license, "Apache-2.0");
            assert.match(read("LICENSE"), /^\s+Apache License\n\s+Version 2\.0, January 2004/);
        });
    });
});
