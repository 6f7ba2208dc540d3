// Which modules a launched pack has loaded once it serves requests: the pack must not load any
// provider SDK (@pulumi/aws, azure, azure-native, gcp) at run time; they cost seconds per preview.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { launchPack } from "../test/harness/engine";

const providerSdk = /[\\/]node_modules[\\/]@pulumi[\\/](aws|azure|azure-native|gcp)[\\/]/;

export async function loadedModules(packDir: string): Promise<{ total: number; providerSdk: number }> {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-modules-")), "modules.json");
    const pack = await launchPack(packDir, {
        env: { NODE_OPTIONS: `--require ${path.join(__dirname, "probe.js")}`, BENCH_MODULES_OUT: out },
    });
    try {
        await pack.getAnalyzerInfo();
    } finally {
        await pack.close();
    }
    const modules = JSON.parse(fs.readFileSync(out, "utf8")) as string[];
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    return { total: modules.length, providerSdk: modules.filter(m => providerSdk.test(m)).length };
}
