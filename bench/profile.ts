// `node build/bench/profile.js [size] [mix|stress] [analyze|stack] [empty]`: a CPU profile of the pack
// (or of the empty pack) in a preview of the benchmark's stack on the engine model (bench/preview.ts):
// Analyze of every resource, then AnalyzeStack. The profile holds one phase: the Analyze calls, or
// (default) the AnalyzeStack that follows them. Written to bench/profiles/ (open it in Chrome
// DevTools), with a summary of the functions that take the most time (self time).
import * as fs from "fs";
import * as path from "path";
import { fixturePath, launchPack, projectRoot } from "../test/harness/engine";
import { stressStack } from "../test/scale/stressStack";
import { mixedStack } from "./mix";
import { previewOf } from "./preview";

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

async function main() {
    const size = Number(process.argv[2] ?? 10_000);
    const stack = process.argv[3] ?? "mix";
    const phase = process.argv[4] ?? "stack";
    const empty = process.argv[5] === "empty";
    const dir = path.join(projectRoot(), "bench", "profiles");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${empty ? "empty" : "pack"}-${stack}-${size}-${phase}.cpuprofile`);
    const preview = previewOf(stack === "stress" ? stressStack(size).resources : mixedStack(size));
    const pack = await launchPack(empty ? fixturePath("empty-pack") : projectRoot(), {
        env: { NODE_OPTIONS: `--require ${path.join(__dirname, "probe.js")}`, BENCH_CPU_PROFILE: file },
    });
    try {
        await pack.configure({});
        await pack.configureStack({ organization: "bench", project: "bench", stack: "dev", dryRun: true });
        if (phase === "analyze") {
            process.kill(pack.pid, "SIGUSR2");
        }
        for (const resource of preview.analyze) {
            await pack.analyze(resource);
        }
        if (phase === "stack") {
            process.kill(pack.pid, "SIGUSR2");
            await new Promise(resolve => setTimeout(resolve, 200));
            await pack.analyzeStack(preview.stack);
        }
    } finally {
        await pack.close();
    }
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFunction = new Map<string, number>();
    for (const node of profile.nodes) {
        const { functionName, url, lineNumber } = node.callFrame;
        const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(projectRoot(), "")}:${lineNumber + 1}`;
        byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
    }
    const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
    console.log(`profile: ${file}; top self time of ${(total / 1000).toFixed(0)} ms:`);
    for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
        console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${key}`);
    }
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
