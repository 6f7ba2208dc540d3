// Preloaded (node --require) into a pack launched by bench/modules.ts: when the pack is stopped,
// it writes the modules the pack has loaded to BENCH_MODULES_OUT.
import * as fs from "fs";

process.once("SIGTERM", () => {
    fs.writeFileSync(process.env.BENCH_MODULES_OUT!, JSON.stringify(Object.keys(require.cache)));
    process.exit(0);
});
