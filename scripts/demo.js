// Writes the output of `serverless-guard demo` into the README, between the demo-output markers,
// so the README shows what the demo prints. `npm run generate` runs it; test/cli/demo.test.ts
// fails when the README is out of date.
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.join(__dirname, "..");
const readmePath = path.join(root, "README.md");
const block = /(<!-- demo-output:start -->\n```text\n)[\s\S]*?(```\n<!-- demo-output:end -->)/;

const output = execFileSync(process.execPath, [path.join(root, "bin", "cli", "main.js"), "demo"], { cwd: root, encoding: "utf8" });
const readme = fs.readFileSync(readmePath, "utf8");
if (!block.test(readme)) {
    throw new Error("README.md has no demo-output markers");
}
fs.writeFileSync(readmePath, readme.replace(block, (_, start, end) => `${start}${output}${end}`));
