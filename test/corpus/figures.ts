// Detection figures and per-value cost of lib/secrets on the corpus, per family:
//   node build/test/corpus/figures.js          (after `npm run pretest`)
// In-process (the engine tests check the same through the launched pack); with secretlint's
// recommended preset on the same samples for comparison.
import { detectSecret, secretsInCode } from "../../policies/lib/secrets";
import { benignCode, benignValues } from "./benign";
import { credentialSamples } from "./credentials";
import { secretlintFinds } from "./secretlint";

const NEUTRAL = "CONFIG_BLOB";
const samples = credentialSamples();
const benign = benignValues();

interface Row { neutral: [number, number]; telling: [number, number]; rightKind: [number, number] }
const rows = new Map<string, Row>();
const row = (family: string) => {
    let r = rows.get(family);
    if (!r) {
        rows.set(family, r = { neutral: [0, 0], telling: [0, 0], rightKind: [0, 0] });
    }
    return r;
};

// A type counts as found when every one of its samples is.
const byType = new Map<string, { family: string; selfIdentifying: boolean; neutral: boolean; telling: boolean; rightKind: boolean }>();
for (const { type, value } of samples) {
    const t = byType.get(type.id) ?? { family: type.family, selfIdentifying: type.kind !== undefined, neutral: true, telling: true, rightKind: true };
    const neutralKind = detectSecret(NEUTRAL, value);
    const tellingKind = detectSecret(type.name, value);
    t.neutral &&= neutralKind !== undefined;
    t.telling &&= tellingKind !== undefined;
    t.rightKind &&= type.kind === undefined || (neutralKind === type.kind && tellingKind === type.kind);
    byType.set(type.id, t);
}
for (const t of byType.values()) {
    const r = row(t.family);
    if (t.selfIdentifying) {
        r.neutral[0] += Number(t.neutral);
        r.neutral[1] += 1;
        r.rightKind[0] += Number(t.rightKind);
        r.rightKind[1] += 1;
    }
    r.telling[0] += Number(t.telling);
    r.telling[1] += 1;
}
const falsePositives = benign.filter(b => detectSecret(b.name, b.value) !== undefined || detectSecret(NEUTRAL, b.value) !== undefined);

const cell = ([found, total]: [number, number]) => (total === 0 ? "-" : `${found}/${total}`);
const sum = (pick: (r: Row) => [number, number]) => [...rows.values()].reduce<[number, number]>((a, r) => [a[0] + pick(r)[0], a[1] + pick(r)[1]], [0, 0]);
console.log("| family | neutral name (self-identifying types) | right kind | telling name (all types) |");
console.log("|---|---|---|---|");
for (const [family, r] of rows) {
    console.log(`| ${family} | ${cell(r.neutral)} | ${cell(r.rightKind)} | ${cell(r.telling)} |`);
}
console.log(`| all | ${cell(sum(r => r.neutral))} | ${cell(sum(r => r.rightKind))} | ${cell(sum(r => r.telling))} |`);
console.log(`benign values reported: ${falsePositives.length} of ${benign.length}${falsePositives.length ? ` (${falsePositives.map(b => b.name).join(", ")})` : ""}`);
if (process.env.FIGURES_VERBOSE) {
    for (const [id, t] of byType) {
        if (!t.telling || (t.selfIdentifying && (!t.neutral || !t.rightKind))) {
            console.log(`  missed or mislabelled: ${id}`);
        }
    }
}

// Per-value cost: every sample under both names and every benign value under both, in rounds; the median round.
const inputs: [string, string][] = [
    ...samples.flatMap(s => [[NEUTRAL, s.value], [s.type.name, s.value]] as [string, string][]),
    ...benign.flatMap(b => [[NEUTRAL, b.value], [b.name, b.value]] as [string, string][]),
];
const rounds: number[] = [];
for (let round = 0; round < 300; round++) {
    const start = process.hrtime.bigint();
    for (const [name, value] of inputs) {
        detectSecret(name, value);
    }
    rounds.push(Number(process.hrtime.bigint() - start) / inputs.length);
}
rounds.sort((a, b) => a - b);
console.log(`per-value cost: median ${(rounds[rounds.length >> 1] / 1000).toFixed(2)} µs over ${inputs.length} values (p10 ${(rounds[Math.floor(rounds.length * 0.1)] / 1000).toFixed(2)}, p90 ${(rounds[Math.floor(rounds.length * 0.9)] / 1000).toFixed(2)})`);

// Code (self-identifying samples in a JS entry each), and secretlint on the same samples.
void (async () => {
    const jsEntry = (value: string) => `const value = ${JSON.stringify(value)};\n`;
    const selfIdentifying = samples.filter(s => s.type.kind !== undefined);
    const inCode = selfIdentifying.filter(s => secretsInCode(jsEntry(s.value))[0]?.kind === s.type.kind).length;
    console.log(`code: ${inCode}/${selfIdentifying.length} self-identifying samples found with their kind; benign code findings: ${secretsInCode(benignCode()).length}`);
    const lint = await secretlintFinds(samples.map(s => s.value));
    const lintSelf = selfIdentifying.filter(s => lint.has(samples.indexOf(s))).length;
    const lintBenign = await secretlintFinds(benign.map(b => b.value));
    console.log(`secretlint (recommended preset): ${lintSelf}/${selfIdentifying.length} self-identifying samples, ${lint.size}/${samples.length} samples in all; benign values reported: ${lintBenign.size} of ${benign.length}`);
})();
