// The demo on the shipped examples, the examples themselves, and the README showing the demo's output.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { CliRun, runCli } from "../harness/cli";
import { projectRoot } from "../harness/engine";
import { EXAMPLES, exampleText } from "./examples";

const readme = () => fs.readFileSync(path.join(projectRoot(), "README.md"), "utf8");
/** The README's block between these markers is the demo's output. */
const DEMO_BLOCK = /<!-- demo-output:start -->\n```text\n([\s\S]*?)```\n<!-- demo-output:end -->/;

describe("serverless-guard demo", () => {
    let demo: CliRun;
    before(async function () {
        this.timeout(60_000);
        demo = await runCli(["demo"]);
    });

    it("shows the insecure example's preview blocked on every cloud, and the secure one passing clean", () => {
        assert.equal(demo.status, 0, demo.stderr);
        const [insecure, secure] = demo.stdout.split(/(?=^Previewing )/m);
        assert.match(insecure, /^Previewing acme\/serverless-shop\/insecure \(examples\/insecure-stack\.json\)\n/);
        for (const cloud of ["aws:", "azure-native:", "gcp:"]) {
            assert.match(insecure, new RegExp(`- \\[mandatory\\] {2}\\S+ {2}\\(${cloud}`), cloud);
        }
        assert.match(insecure, /\n {2}error: the preview fails: \d+ mandatory policy violations/);
        assert.match(secure, /^Previewing acme\/serverless-shop\/secure \(examples\/secure-stack\.json\)\n\nPolicies:\n {4}✔ serverless-guard@v\S+\n\n {2}The preview passes: no policy violations\n/);
    });

    it("is the output the README shows", () => {
        const shown = DEMO_BLOCK.exec(readme())?.[1];
        assert.equal(shown, demo.stdout,
            "run `npm run generate`: it writes the demo's output into the README");
    });

    it("runs on the examples as they are built (run `npm run generate` after changing test/cli/examples.ts)", () => {
        for (const [file, build] of Object.entries(EXAMPLES)) {
            assert.equal(fs.readFileSync(path.join(projectRoot(), "examples", file), "utf8"), exampleText(build), file);
        }
    });
});
