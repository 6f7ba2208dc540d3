// Command-line parsing (node:util parseArgs underneath), in the command's own words.
import * as assert from "node:assert/strict";
import { AuditCommand, outputFilesIn, parseArgs } from "../../cli/args";

const audit = (...args: string[]) => parseArgs(["audit", ...args]) as AuditCommand;

describe("serverless-guard arguments", () => {
    it("audit: several exports, the main report and one more per format, filters, fail level", () => {
        const command = audit("a.json", "exports/", "-", "--format=json", "-o", "r.json", "--sarif", "out/", "--junit", "j.xml",
            "--markdown", "-", "--severity", "high", "--policy", "p1,p2", "--policy", "p3", "--skip-policy", "p4",
            "--fail-on", "advisory", "--org", "acme", "--policy-pack-config", "c.json", "--progress");
        assert.deepEqual(command, {
            kind: "audit",
            exports: ["a.json", "exports/", "-"],
            outputs: [{ format: "json", target: "r.json" }, { format: "sarif", target: "out/" }, { format: "junit", target: "j.xml" },
                { format: "markdown", target: "-" }],
            policyPackConfig: "c.json",
            failOn: "advisory",
            severity: "high",
            policies: ["p1", "p2", "p3"],
            skipPolicies: ["p4"],
            organization: "acme",
            progress: true,
        });
        assert.deepEqual(audit("a.json").outputs, [{ format: "text", target: "-" }], "text on stdout by default");
        assert.equal(audit("a.json", "--soft-fail").failOn, "never");
        assert.equal(audit("a.json", "--no-progress").progress, false);
        assert.equal(audit("a.json").progress, undefined, "progress when stderr is a terminal");
        assert.deepEqual(audit("--", "-odd-name.json").exports, ["-odd-name.json"]);
    });

    it("help, version, list and demo", () => {
        for (const argv of [["--help"], ["-h"], ["help"], ["audit", "--help"], ["audit", "x.json", "-h"]]) {
            assert.deepEqual(parseArgs(argv), { kind: "help" }, argv.join(" "));
        }
        for (const argv of [["--version"], ["version"], ["audit", "--version"]]) {
            assert.deepEqual(parseArgs(argv), { kind: "version" }, argv.join(" "));
        }
        assert.deepEqual(parseArgs(["audit", "--list"]), { kind: "list", format: "text", output: "-", policyPackConfig: undefined });
        assert.deepEqual(parseArgs(["audit", "--list", "--format", "json", "--output", "p.json"]),
            { kind: "list", format: "json", output: "p.json", policyPackConfig: undefined });
        assert.deepEqual(parseArgs(["demo"]), { kind: "demo" });
    });

    it("says what is wrong, with the nearest name where there is one", () => {
        const cases: [string[], RegExp][] = [
            [[], /no command given/],
            [["scan", "x.json"], /unknown command "scan"/],
            [["audti", "x.json"], /unknown command "audti" \(did you mean audit\?\)/],
            [["audit"], /needs at least one stack export: a file, a folder of exports, or - for stdin/],
            [["audit", "x.json", "--formt", "json"], /unknown option --formt \(did you mean --format\?\)/],
            [["audit", "x.json", "--bogus"], /unknown option --bogus$/],
            [["audit", "x.json", "--output"], /--output needs a value/],
            [["audit", "x.json", "--output="], /--output needs a value/],
            [["audit", "x.json", "--output", "--json"], /--output needs a value/],
            [["audit", "x.json", "--progress=yes"], /--progress takes no value/],
            [["audit", "x.json", "--format", "xml"], /--format must be one of text, json, sarif, junit, markdown/],
            [["audit", "x.json", "--format", "jsn"], /\(did you mean json\?\)/],
            [["audit", "x.json", "--fail-on", "sometimes"], /--fail-on must be one of mandatory, advisory, never/],
            [["audit", "x.json", "--severity", "urgent"], /--severity must be one of critical, high, medium, low/],
            [["audit", "x.json", "--soft-fail", "--fail-on", "advisory"], /--soft-fail and --fail-on contradict/],
            [["audit", "x.json", "--progress", "--no-progress"], /contradict/],
            [["audit", "--list", "x.json"], /--list takes no stack export/],
            [["audit", "--list", "--format", "sarif"], /--format must be one of text, json/],
            [["demo", "x"], /demo takes no arguments/],
        ];
        for (const [argv, message] of cases) {
            assert.throws(() => parseArgs(argv), message, argv.join(" "));
        }
    });

    it("finds the report files of any command line, so that a failed run removes them", () => {
        assert.deepEqual(outputFilesIn(["audit", "--bogus", "--output", "a.txt", "--sarif=b.sarif", "-o", "-", "--junit", "c.xml", "--json"]),
            ["a.txt", "b.sarif", "c.xml"]);
    });
});
