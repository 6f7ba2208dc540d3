// `node build/bench/profile.js [stack size] [Analyze count] [empty]`: a CPU profile of the pack (or of
// the empty pack) while it answers Analyze and AnalyzeStack for the benchmark's mix, written to bench/profiles/ (open it in Chrome DevTools),
// with a summary of the functions that take the most time (self time).
import * as fs from "fs";
import * as path from "path";
import { fixturePath, launchPack, projectRoot } from "../test/harness/engine";
import { mixedStack } from "./mix";

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

async function main() {
    const size = Number(process.argv[2] ?? 10_000);
    const dir = path.join(projectRoot(), "bench", "profiles");
    fs.mkdirSync(dir, { recursive: true });
    const empty = process.argv[4] === "empty";
    const file = path.join(dir, `${empty ? "empty" : "pack"}-${size}.cpuprofile`);
    const pack = await launchPack(empty ? fixturePath("empty-pack") : projectRoot(), {
        env: { NODE_OPTIONS: `--require ${path.join(__dirname, "probe.js")}`, BENCH_CPU_PROFILE: file },
    });
    try {
        const resources = mixedStack(size);
        await pack.configure({});
        for (const resource of resources.slice(0, Number(process.argv[3] ?? 0))) {
            await pack.analyze(resource);
        }
        await pack.analyzeStack(resources);
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
