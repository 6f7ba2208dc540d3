// How hard the robustness properties search. The defaults keep the suite within about a minute on
// a busy 2-core machine; ROBUSTNESS_RUNS=10 searches ten times harder, ROBUSTNESS_SEED=<n> replays
// the seed fast-check printed for a failure.
export const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.ROBUSTNESS_RUNS ?? 1)));
export const seed = () => (process.env.ROBUSTNESS_SEED ? { seed: Number(process.env.ROBUSTNESS_SEED) } : {});
