// Report targets: checked before the audit, old reports removed as the run starts, atomic writes,
// and a report that cannot be written is saved elsewhere rather than lost.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clearTargets, deliver, planOutputs, removeOldReports, writeAtomically } from "../../cli/output";

describe("report outputs", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-output-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const at = (name: string) => path.join(dir, name);

    it("refuses targets that cannot work, before any audit", () => {
        const cases: [Parameters<typeof planOutputs>, RegExp][] = [
            [[[{ format: "text", target: "-" }, { format: "json", target: "-" }], [], 1], /two reports cannot both go to stdout \(text and json\)/],
            [[[{ format: "json", target: at("r") }, { format: "sarif", target: at("r") }], [], 1], /two reports cannot both be written to/],
            [[[{ format: "json", target: at("stack.json") }], [at("stack.json")], 1], /is an input of this run; a report would overwrite it/],
            [[[{ format: "json", target: `${dir}/` }], [], 1], /is a folder; the json report needs a file name/],
            [[[{ format: "sarif", target: at("r.sarif") }], [], 21], /21 stacks do not fit one SARIF file: code scanning takes at most 20 runs .* give --sarif a folder/],
        ];
        for (const [args, message] of cases) {
            assert.throws(() => planOutputs(...args), message);
        }
        assert.deepEqual(planOutputs([{ format: "sarif", target: `${dir}/sarif/` }], [], 50).map(t => t.folder), [true]);
        assert.deepEqual(planOutputs([{ format: "sarif", target: dir }], [], 50).map(t => t.folder), [true], "an existing folder");
    });

    it("removes the old report as the run starts, and only our own SARIF files from a SARIF folder", () => {
        fs.writeFileSync(at("r.json"), "old");
        fs.mkdirSync(at("sarif"));
        const ours = `{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0"\n}\n`;
        fs.writeFileSync(at("sarif/old-stack.sarif"), ours);
        fs.writeFileSync(at("sarif/other-tool.sarif"), "{\"version\": \"2.1.0\"}");
        const targets = planOutputs([{ format: "json", target: at("r.json") }, { format: "sarif", target: at("sarif") }], [], 1);
        assert.deepEqual(clearTargets(targets), []);
        assert.ok(!fs.existsSync(at("r.json")));
        assert.deepEqual(fs.readdirSync(at("sarif")), ["other-tool.sarif"]);
    });

    it("after a usage error removes only files that are reports of ours, and our SARIF files from a SARIF folder", () => {
        fs.writeFileSync(at("report.txt"), "serverless-guard 0.1.0 audit of 1 stack: 3 resources\n");
        fs.writeFileSync(at("stack.json"), "{\"version\": 3, \"deployment\": {}}");
        fs.mkdirSync(at("sarif"));
        fs.writeFileSync(at("sarif/old-stack.sarif"), `{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0"\n}\n`);
        fs.writeFileSync(at("sarif/other-tool.sarif"), "{\"version\": \"2.1.0\"}");
        removeOldReports([at("report.txt"), at("stack.json"), at("missing.json"), at("sarif")]);
        assert.deepEqual(fs.readdirSync(dir).sort(), ["sarif", "stack.json"]);
        assert.deepEqual(fs.readdirSync(at("sarif")), ["other-tool.sarif"]);
    });

    it("writes atomically: the file appears whole, no temporary file stays", () => {
        writeAtomically(at("deep/er/r.json"), "{}\n");
        assert.equal(fs.readFileSync(at("deep/er/r.json"), "utf8"), "{}\n");
        assert.deepEqual(fs.readdirSync(at("deep/er")), ["r.json"]);
        fs.mkdirSync(at("taken"));
        assert.throws(() => writeAtomically(at("taken"), "x"));
        assert.deepEqual(fs.readdirSync(dir).sort(), ["deep", "taken"], "a failed write leaves nothing behind");
    });

    it("saves a report it cannot write where asked in the temporary folder, and says so", () => {
        fs.writeFileSync(at("file"), "");
        const messages: string[] = [];
        const ok = deliver(at("file/r.sarif"), "file/r.sarif", "the report\n", { warn: m => messages.push(m), stdout: () => assert.fail("not stdout") });
        assert.equal(ok, false);
        const [message] = messages;
        assert.match(message, /^cannot write file\/r\.sarif: (a part of the path is not a directory|already exists); the report was saved to .* instead$/);
        const saved = message.replace(/^.* saved to (.*) instead$/, "$1");
        assert.equal(fs.readFileSync(saved, "utf8"), "the report\n");
        fs.rmSync(saved);
        assert.doesNotMatch(message, /E[A-Z]{3,}/, "no raw errno code");
    });
});
