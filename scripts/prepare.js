// Builds the pack's JavaScript on install from a source checkout. A published package ships
// bin/ already and has no sources, so there is nothing to do there.
const { existsSync } = require("fs");
const { execFileSync } = require("child_process");
const path = require("path");

const root = path.join(__dirname, "..");
if (existsSync(path.join(root, "tsconfig.json")) && existsSync(path.join(root, "policies"))) {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", root], { stdio: "inherit" });
} else {
    for (const built of [["bin", "policies", "index.js"], ["bin", "cli", "main.js"]]) {
        if (!existsSync(path.join(root, ...built))) {
            console.error(`serverless-guard: ${built.join("/")} is missing and there are no sources to build it from.`);
            process.exit(1);
        }
    }
}
