// `npm run bench`: what serverless-guard costs on every preview, next to a pack with no policies.
//
// Both packs are launched as the CLI launches them (run-policy-pack) and driven in the same run,
// phase by phase, alternating which goes first, for BENCH_REPS repetitions; the table shows
// medians and ratios, so that a busy machine slows both sides alike. Not a test: nothing fails.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineResource, PackClient, fixturePath, launchPack, projectRoot } from "../test/harness/engine";
import { mixedStack, typeCounts } from "./mix";
import { loadedModules } from "./modules";

const reps = Number(process.env.BENCH_REPS ?? 5);
const sizes = [1_000, 10_000];
const concurrency = 16;

interface Pack {
    label: string;
    dir: string;
}

const packs: Pack[] = [
    { label: "serverless-guard", dir: projectRoot() },
    { label: "empty pack", dir: fixturePath("empty-pack") },
];

/** Milliseconds since `start`. */
const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function timed(run: () => Promise<unknown>): Promise<number> {
    const start = process.hrtime.bigint();
    await run();
    return since(start);
}

/** Peak and current resident set size of a process, in MiB (Linux). */
function memoryOf(pid: number): { peakMiB: number; rssMiB: number } {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { peakMiB: kib("VmHWM") / 1024, rssMiB: kib("VmRSS") / 1024 };
}

async function analyzeEach(pack: PackClient, resources: EngineResource[], inFlight: number): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < resources.length) {
            await pack.analyze(resources[next++]);
        }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
}

/** The engine asks for remediations of each resource before analyzing it. */
async function remediateEach(pack: PackClient, resources: EngineResource[]): Promise<void> {
    for (const resource of resources) {
        await pack.remediate(resource);
    }
}

/** One measurement per pack per repetition. */
type Samples = Map<string, number[]>;

function record(samples: Samples, metric: string, value: number) {
    const list = samples.get(metric) ?? [];
    list.push(value);
    samples.set(metric, list);
}

const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** CPU time (user + system, all threads) the process has used so far, in ms (Linux, 100 ticks/s). */
function cpuMsOf(pid: number): number {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Metric {
    key: string;
    label: string;
    unit: string;
    target?: string;
    /** Derived from another metric's median (e.g. per 1,000 resources). */
    from?: { key: string; scale: number };
}

const count = (n: number) => n.toLocaleString("en");
const largestSize = sizes[sizes.length - 1];

const metrics: Metric[] = [
    { key: "port", label: "launch to port printed", unit: "ms" },
    { key: "ready", label: "launch to ready (port + GetAnalyzerInfo)", unit: "ms", target: "<= 1.2x" },
    { key: "cpu:ready", label: "  pack CPU until ready", unit: "ms" },
    ...sizes.flatMap((n): Metric[] => [
        { key: `analyze-${n}`, label: `Analyze ${count(n)} resources, sequential`, unit: "ms" },
        { key: `analyze-per-resource-${n}`, label: "  per resource", unit: "µs", from: { key: `analyze-${n}`, scale: 1000 / n }, target: "<= 1.2x" },
        { key: `cpu:analyze-${n}`, label: "  pack CPU", unit: "ms" },
        { key: `client-cpu:analyze-${n}`, label: "  bench client CPU", unit: "ms" },
    ]),
    { key: `analyze-c${concurrency}-${largestSize}`, label: `Analyze ${count(largestSize)}, ${concurrency} in flight`, unit: "ms" },
    { key: `cpu:analyze-c${concurrency}-${largestSize}`, label: "  pack CPU", unit: "ms" },
    { key: `remediate-${sizes[0]}`, label: `Remediate ${count(sizes[0])} resources, sequential`, unit: "ms", target: "<= 1.2x" },
    { key: `cpu:remediate-${sizes[0]}`, label: "  pack CPU", unit: "ms" },
    ...sizes.flatMap((n): Metric[] => [
        { key: `stack-${n}`, label: `AnalyzeStack ${count(n)} resources`, unit: "ms", target: n === largestSize ? "added < 1000 ms" : undefined },
        { key: `cpu:stack-${n}`, label: "  pack CPU", unit: "ms", target: n === largestSize ? "< 1000 ms" : undefined },
        { key: `client-cpu:stack-${n}`, label: "  bench client CPU", unit: "ms" },
        { key: `cpu-per-1000:stack-${n}`, label: "  pack CPU per 1,000 resources", unit: "ms", from: { key: `cpu:stack-${n}`, scale: 1000 / n }, target: "linear" },
    ]),
    { key: "rss-ready", label: "RSS when ready", unit: "MiB" },
    { key: `peak:analyze-c${concurrency}-${largestSize}`, label: "peak RSS (VmHWM) after the Analyze phases", unit: "MiB" },
    { key: "peak-rss", label: "peak RSS (VmHWM) after all phases", unit: "MiB", target: "<= 1.3x" },
];

async function main() {
    const stacks = new Map(sizes.map(n => [n, mixedStack(n)]));
    const largest = stacks.get(sizes[sizes.length - 1])!;
    const samples = new Map(packs.map(p => [p.label, new Map() as Samples]));
    const started = new Date();

    for (let rep = 0; rep < reps; rep++) {
        // Alternate who goes first, so that neither side always gets the warmer (or busier) slot.
        const order = rep % 2 === 0 ? packs : [...packs].reverse();
        const clients = new Map<string, PackClient>();
        try {
            for (const pack of order) {
                const start = process.hrtime.bigint();
                const client = await launchPack(pack.dir);
                clients.set(pack.label, client);
                await client.getAnalyzerInfo();
                record(samples.get(pack.label)!, "ready", since(start));
                record(samples.get(pack.label)!, "cpu:ready", cpuMsOf(client.pid));
                record(samples.get(pack.label)!, "port", client.launchMs);
                record(samples.get(pack.label)!, "rss-ready", memoryOf(client.pid).rssMiB);
                await client.configure({});
                await client.configureStack({ organization: "bench", project: "bench", stack: "dev", dryRun: true });
            }
            const phases: [string, (client: PackClient) => Promise<unknown>][] = [
                ...sizes.map((n): [string, (c: PackClient) => Promise<unknown>] => [`analyze-${n}`, c => analyzeEach(c, stacks.get(n)!, 1)]),
                [`analyze-c${concurrency}-${largestSize}`, c => analyzeEach(c, largest, concurrency)],
                [`remediate-${sizes[0]}`, c => remediateEach(c, stacks.get(sizes[0])!)],
                ...sizes.map((n): [string, (c: PackClient) => Promise<unknown>] => [`stack-${n}`, c => c.analyzeStack(stacks.get(n)!)]),
            ];
            for (const [key, phase] of phases) {
                for (const pack of order) {
                    const client = clients.get(pack.label)!;
                    const cpuBefore = cpuMsOf(client.pid);
                    const ownCpuBefore = process.cpuUsage();
                    record(samples.get(pack.label)!, key, await timed(() => phase(client)));
                    record(samples.get(pack.label)!, `cpu:${key}`, cpuMsOf(client.pid) - cpuBefore);
                    const ownCpu = process.cpuUsage(ownCpuBefore);
                    record(samples.get(pack.label)!, `client-cpu:${key}`, (ownCpu.user + ownCpu.system) / 1000);
                    record(samples.get(pack.label)!, `peak:${key}`, memoryOf(client.pid).peakMiB);
                }
            }
            for (const pack of order) {
                record(samples.get(pack.label)!, "peak-rss", memoryOf(clients.get(pack.label)!.pid).peakMiB);
            }
        } finally {
            await Promise.all([...clients.values()].map(c => c.close()));
        }
        process.stderr.write(`repetition ${rep + 1}/${reps} done\n`);
    }

    const modules = await Promise.all(packs.map(p => loadedModules(p.dir)));
    const [pack, empty] = packs.map(p => samples.get(p.label)!);
    const medianOf = (s: Samples, m: Metric) =>
        m.from ? median(s.get(m.from.key)!) * m.from.scale : median(s.get(m.key)!);
    const rows = metrics.map(m => {
        const a = medianOf(pack, m);
        const b = medianOf(empty, m);
        return { metric: m.label.trim(), key: m.key, unit: m.unit, pack: a, empty: b, added: a - b, ratio: a / b, target: m.target ?? "",
            samples: m.from ? undefined : { pack: pack.get(m.key), empty: empty.get(m.key) } };
    });
    const moduleRow = {
        metric: "modules loaded (require.cache)", pack: modules[0].total, empty: modules[1].total,
        providerSdkModules: modules[0].providerSdk,
    };

    const fmt = (v: number, unit: string) => (unit === "MiB" || Math.abs(v) < 100 ? v.toFixed(1) : v.toFixed(0));
    const header = ["metric", "unit", packs[0].label, packs[1].label, "added", "ratio", "target"];
    const table = [
        header,
        ...rows.map(r => [metrics.find(m => m.key === r.key)!.label, r.unit, fmt(r.pack, r.unit), fmt(r.empty, r.unit),
            fmt(r.added, r.unit), `${r.ratio.toFixed(2)}x`, r.target]),
        [moduleRow.metric, "", String(moduleRow.pack), String(moduleRow.empty), String(moduleRow.pack - moduleRow.empty),
            `${(moduleRow.pack / moduleRow.empty).toFixed(2)}x`, `provider SDK modules: ${moduleRow.providerSdkModules}`],
    ];
    const widths = header.map((_, i) => Math.max(...table.map(row => row[i].length)));
    const line = (row: string[]) => `| ${row.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ")} |`;
    const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
        `${os.type()} ${os.release()}, node ${process.version}, load average ${os.loadavg().map(l => l.toFixed(2)).join(" ")}`;
    console.log(`serverless-guard benchmark: medians of ${reps} repetitions, both packs in the same run (${machine})\n`);
    console.log(line(table[0]));
    console.log(`|${widths.map(w => "-".repeat(w + 2)).join("|")}|`);
    table.slice(1).forEach(row => console.log(line(row)));
    console.log(`\nstack mix (${largest.length.toLocaleString("en")}): ${Object.entries(typeCounts(largest)).map(([t, n]) => `${t} ${n}`).join(", ")}`);

    const results = {
        date: started.toISOString(), machine, repetitions: reps, concurrency, packs: packs.map(p => p.label),
        mix: typeCounts(largest), rows, modules: moduleRow,
    };
    const out = path.join(projectRoot(), "bench", "results.json");
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results written to ${path.relative(process.cwd(), out)}`);
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
