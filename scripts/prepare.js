// Builds the pack's JavaScript on install from a source checkout. A published package ships bin/
// already and has no sources, so there is nothing to do there; nor in a checkout installed without
// its dev dependencies (`npm ci --omit=dev`, a run-only install) once bin/ has been built.
const { existsSync } = require("fs");
const { execFileSync } = require("child_process");
const path = require("path");

const root = path.join(__dirname, "..");
const built = [["bin", "policies", "index.js"], ["bin", "cli", "main.js"]];
const missing = built.filter(parts => !existsSync(path.join(root, ...parts))).map(parts => parts.join("/"));
const fail = message => {
    console.error(`serverless-guard: ${message}`);
    process.exit(1);
};

let tsc;
try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
} catch {
    tsc = undefined;
}

if (existsSync(path.join(root, "tsconfig.json")) && existsSync(path.join(root, "policies"))) {
    if (tsc) {
        execFileSync(process.execPath, [tsc, "-p", root], { stdio: "inherit" });
    } else if (missing.length > 0) {
        fail(`${missing.join(" and ")} not built yet, and TypeScript (a dev dependency) is not installed: ` +
            "run `npm ci` once with the dev dependencies to build, then `npm ci --omit=dev` if you want a run-only install.");
    }
} else if (missing.length > 0) {
    fail(`${missing.join(" and ")} is missing and there are no sources to build it from.`);
}
