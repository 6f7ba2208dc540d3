// Preloaded (node --require) into a pack launched by bench/modules.ts or bench/profile.ts. When the
// pack is stopped, it writes the modules it has loaded to BENCH_MODULES_OUT and its CPU profile
// (recorded from start-up, or from the last SIGUSR2) to BENCH_CPU_PROFILE, whichever is set.
import * as fs from "fs";
import * as inspector from "inspector";

const profileOut = process.env.BENCH_CPU_PROFILE;
const session = new inspector.Session();
if (profileOut) {
    session.connect();
    session.post("Profiler.setSamplingInterval", { interval: 200 });
    session.post("Profiler.enable", () => session.post("Profiler.start"));
}

// SIGUSR2 starts the profile afresh, so that it holds only what the pack does after it.
process.on("SIGUSR2", () => {
    if (profileOut) {
        session.post("Profiler.stop", () => session.post("Profiler.start"));
    }
});

process.once("SIGTERM", () => {
    if (process.env.BENCH_MODULES_OUT) {
        fs.writeFileSync(process.env.BENCH_MODULES_OUT, JSON.stringify(Object.keys(require.cache)));
    }
    if (!profileOut) {
        process.exit(0);
    }
    session.post("Profiler.stop", (error, result) => {
        if (!error) {
            fs.writeFileSync(profileOut, JSON.stringify(result.profile));
        }
        process.exit(0);
    });
});
