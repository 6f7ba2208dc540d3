// `npm run bench`: what serverless-guard costs on every preview, next to a pack with no policies.
//
// Each scenario is a preview of a new stack on the engine model (bench/preview.ts): both packs are
// launched as the CLI launches them (run-policy-pack), get Analyze for every resource (its checked
// inputs), then one AnalyzeStack (the planned outputs), phase by phase, alternating which pack goes
// first, for BENCH_REPS repetitions; the table shows medians and ratios, so that a busy machine
// slows both sides alike. Not a test: nothing fails.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineResource, PackClient, fixturePath, lastAnswerBytes, launchPack, projectRoot } from "../test/harness/engine";
import { stressStack } from "../test/scale/stressStack";
import { mixedStack, typeCounts } from "./mix";
import { loadedModules } from "./modules";
import { Preview, previewOf } from "./preview";

const reps = Number(process.env.BENCH_REPS ?? 5);
const concurrency = 16;

interface Pack {
    label: string;
    dir: string;
}

const packs: Pack[] = [
    { label: "serverless-guard", dir: projectRoot() },
    { label: "empty pack", dir: fixturePath("empty-pack") },
];

/** A preview of a new stack; each pack is launched for it, as every `pulumi preview` launches it. */
interface Scenario {
    key: string;
    title: string;
    size: number;
    stack: () => EngineResource[];
    /** Phases run after the preview on the same launch, past its end-of-deployment figures. */
    extras?: boolean;
}

const count = (n: number) => n.toLocaleString("en");
const largest = 10_000;
const remediated = 1_000;
const scenarios: Scenario[] = [
    { key: "mix-1000", title: "mix, 1,000 resources", size: 1_000, stack: () => mixedStack(1_000) },
    { key: `mix-${largest}`, title: `mix, ${count(largest)} resources`, size: largest, stack: () => mixedStack(largest), extras: true },
    { key: `stress-${largest}`, title: `stress stack (issue 13), ${count(largest)} resources`, size: largest, stack: () => stressStack(largest).resources },
];

/** Milliseconds since `start`. */
const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Peak and current resident set size of a process, in MiB (Linux). */
function memoryOf(pid: number): { peakMiB: number; rssMiB: number } {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { peakMiB: kib("VmHWM") / 1024, rssMiB: kib("VmRSS") / 1024 };
}

/** Analyze of each resource, `inFlight` at a time; the number of diagnostics. */
async function analyzeEach(pack: PackClient, resources: EngineResource[], inFlight: number): Promise<number> {
    let next = 0;
    let diagnostics = 0;
    const worker = async () => {
        while (next < resources.length) {
            diagnostics += (await pack.analyze(resources[next++])).diagnostics.length;
        }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return diagnostics;
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
    /** Derived from another metric's median (e.g. per resource). */
    from?: { key: string; scale: number };
    /** A heading row: no figures. */
    heading?: true;
}

/** The rows of one scenario; keys are `<scenario>:<measure>`. */
function scenarioMetrics({ key: s, title, size, extras }: Scenario): Metric[] {
    const perResource = (measure: string) => ({ key: `${s}:${measure}`, scale: 1000 / size });
    const big = size === largest;
    return [
        { key: s, label: title, unit: "", heading: true },
        { key: `${s}:port`, label: "launch to port printed", unit: "ms" },
        { key: `${s}:ready`, label: "launch to ready (port + GetAnalyzerInfo)", unit: "ms", target: "<= 1.2x" },
        { key: `${s}:cpu:ready`, label: "  pack CPU until ready", unit: "ms" },
        { key: `${s}:analyze`, label: `Analyze ${count(size)} resources, sequential`, unit: "ms" },
        { key: `${s}:per-resource:analyze`, label: "  per resource", unit: "µs", from: perResource("analyze"), target: "<= 1.2x" },
        { key: `${s}:cpu-per-resource:analyze`, label: "  pack CPU per resource", unit: "µs", from: perResource("cpu:analyze"), target: "<= 1.2x" },
        { key: `${s}:client-per-resource:analyze`, label: "  bench client CPU per resource", unit: "µs", from: perResource("client-cpu:analyze") },
        { key: `${s}:diagnostics:analyze`, label: "  diagnostics", unit: "count" },
        { key: `${s}:stack`, label: "AnalyzeStack (planned outputs)", unit: "ms", target: big ? "added < 1000 ms" : undefined },
        { key: `${s}:cpu:stack`, label: "  pack CPU", unit: "ms", target: big ? "< 1000 ms" : undefined },
        { key: `${s}:cpu-per-1000:stack`, label: "  pack CPU per 1,000 resources", unit: "ms", from: perResource("cpu:stack"), target: "linear" },
        { key: `${s}:client-cpu:stack`, label: "  bench client CPU", unit: "ms" },
        { key: `${s}:bytes:stack`, label: "  answer size (serialized)", unit: "bytes" },
        { key: `${s}:diagnostics:stack`, label: "  diagnostics", unit: "count" },
        { key: `${s}:rss-ready`, label: "RSS when ready", unit: "MiB" },
        { key: `${s}:peak:analyze`, label: "peak RSS (VmHWM) after Analyze", unit: "MiB", target: "<= 1.3x" },
        { key: `${s}:peak:stack`, label: "peak RSS (VmHWM) at the end (after AnalyzeStack)", unit: "MiB", target: "<= 1.3x" },
        ...(extras ? [
            { key: `${s}:analyze-c${concurrency}`, label: `then Analyze ${count(size)} again, ${concurrency} in flight`, unit: "ms" },
            { key: `${s}:cpu:analyze-c${concurrency}`, label: "  pack CPU", unit: "ms" },
            { key: `${s}:remediate`, label: `then Remediate ${count(remediated)} resources, sequential`, unit: "ms", target: "<= 1.2x" },
            { key: `${s}:cpu:remediate`, label: "  pack CPU", unit: "ms" },
        ] : []),
    ];
}

const metrics: Metric[] = scenarios.flatMap(scenarioMetrics);

/** What one phase does with a pack's client; it may return figures of the answers to record. */
type Phase = [string, (client: PackClient) => Promise<Record<string, number> | void>];

function phasesOf(scenario: Scenario, preview: Preview): Phase[] {
    return [
        ["analyze", async c => ({ diagnostics: await analyzeEach(c, preview.analyze, 1) })],
        ["stack", async c => ({ diagnostics: (await c.analyzeStack(preview.stack)).diagnostics.length, bytes: lastAnswerBytes() })],
        ...(scenario.extras ? [
            [`analyze-c${concurrency}`, async c => void await analyzeEach(c, preview.analyze, concurrency)],
            // Remediate gets the checked inputs, as Analyze does.
            ["remediate", c => remediateEach(c, preview.analyze.slice(0, remediated))],
        ] as Phase[] : []),
    ];
}

/** One preview of `scenario` on both packs, each launched for it, in `order`. */
async function runScenario(scenario: Scenario, preview: Preview, order: Pack[], samples: Map<string, Samples>) {
    const clients = new Map<string, PackClient>();
    const at = (pack: Pack, measure: string, value: number) => record(samples.get(pack.label)!, `${scenario.key}:${measure}`, value);
    try {
        for (const pack of order) {
            const start = process.hrtime.bigint();
            const client = await launchPack(pack.dir);
            clients.set(pack.label, client);
            await client.getAnalyzerInfo();
            at(pack, "ready", since(start));
            at(pack, "cpu:ready", cpuMsOf(client.pid));
            at(pack, "port", client.launchMs);
            at(pack, "rss-ready", memoryOf(client.pid).rssMiB);
            await client.configure({});
            await client.configureStack({ organization: "bench", project: "bench", stack: "dev", dryRun: true });
        }
        for (const [measure, phase] of phasesOf(scenario, preview)) {
            for (const pack of order) {
                const client = clients.get(pack.label)!;
                const cpuBefore = cpuMsOf(client.pid);
                const ownCpuBefore = process.cpuUsage();
                const start = process.hrtime.bigint();
                const figures = await phase(client);
                at(pack, measure, since(start));
                at(pack, `cpu:${measure}`, cpuMsOf(client.pid) - cpuBefore);
                const ownCpu = process.cpuUsage(ownCpuBefore);
                at(pack, `client-cpu:${measure}`, (ownCpu.user + ownCpu.system) / 1000);
                at(pack, `peak:${measure}`, memoryOf(client.pid).peakMiB);
                for (const [name, value] of Object.entries(figures ?? {})) {
                    at(pack, `${name}:${measure}`, value);
                }
            }
        }
    } finally {
        await Promise.all([...clients.values()].map(c => c.close()));
    }
}

async function main() {
    const previews = new Map(scenarios.map(s => [s.key, previewOf(s.stack())]));
    const samples = new Map(packs.map(p => [p.label, new Map() as Samples]));
    const started = new Date();

    for (let rep = 0; rep < reps; rep++) {
        for (const [i, scenario] of scenarios.entries()) {
            // Alternate who goes first, so that neither side always gets the warmer (or busier) slot.
            await runScenario(scenario, previews.get(scenario.key)!, (rep + i) % 2 === 0 ? packs : [...packs].reverse(), samples);
        }
        process.stderr.write(`repetition ${rep + 1}/${reps} done\n`);
    }

    const modules = await Promise.all(packs.map(p => loadedModules(p.dir)));
    const [pack, empty] = packs.map(p => samples.get(p.label)!);
    const medianOf = (s: Samples, m: Metric) =>
        m.from ? median(s.get(m.from.key)!) * m.from.scale : median(s.get(m.key)!);
    const rows = metrics.filter(m => !m.heading).map(m => {
        const a = medianOf(pack, m);
        const b = medianOf(empty, m);
        return { metric: m.label.trim(), key: m.key, unit: m.unit, pack: a, empty: b, added: a - b, ratio: a / b, target: m.target ?? "",
            samples: m.from ? undefined : { pack: pack.get(m.key), empty: empty.get(m.key) } };
    });
    const moduleRow = {
        metric: "modules loaded (require.cache)", pack: modules[0].total, empty: modules[1].total,
        providerSdkModules: modules[0].providerSdk,
    };

    const fmt = (v: number, unit: string) =>
        unit === "bytes" || unit === "count" ? Math.round(v).toLocaleString("en") : unit === "MiB" || Math.abs(v) < 100 ? v.toFixed(1) : v.toFixed(0);
    const ratio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : "—");
    const header = ["metric", "unit", packs[0].label, packs[1].label, "added", "ratio", "target"];
    const table = [
        header,
        ...metrics.map(m => {
            if (m.heading) {
                return [`**${m.label}**`, "", "", "", "", "", ""];
            }
            const r = rows.find(row => row.key === m.key)!;
            return [m.label, r.unit, fmt(r.pack, r.unit), fmt(r.empty, r.unit), fmt(r.added, r.unit), ratio(r.ratio), r.target];
        }),
        [moduleRow.metric, "", String(moduleRow.pack), String(moduleRow.empty), String(moduleRow.pack - moduleRow.empty),
            ratio(moduleRow.pack / moduleRow.empty), `provider SDK modules: ${moduleRow.providerSdkModules}`],
    ];
    const widths = header.map((_, i) => Math.max(...table.map(row => row[i].length)));
    const line = (row: string[]) => `| ${row.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ")} |`;
    const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
        `${os.type()} ${os.release()}, node ${process.version}, load average ${os.loadavg().map(l => l.toFixed(2)).join(" ")}`;
    console.log(`serverless-guard benchmark: previews of new stacks on the engine model, medians of ${reps} repetitions, both packs in the same run (${machine})\n`);
    console.log(line(table[0]));
    console.log(`|${widths.map(w => "-".repeat(w + 2)).join("|")}|`);
    table.slice(1).forEach(row => console.log(line(row)));
    const mixes = Object.fromEntries(scenarios.filter(s => s.size === largest).map(s => [s.key, typeCounts(previews.get(s.key)!.analyze)]));
    for (const [key, counts] of Object.entries(mixes)) {
        console.log(`\n${key}: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")}`);
    }

    const results = {
        date: started.toISOString(), machine, repetitions: reps, concurrency, packs: packs.map(p => p.label),
        mixes, rows, modules: moduleRow,
    };
    const out = path.join(projectRoot(), "bench", "results.json");
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results written to ${path.relative(process.cwd(), out)}`);
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
