// `serverless-guard demo`: the main job on the shipped examples, with no Pulumi CLI and no cloud
// account. Both examples (every cloud, every threat; and their secure counterpart) go through the
// pack in one launch, as a preview sends them; the output is what the preview would show.
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../engine/client/launch";
import { StackResult } from "./audit";
import { EXIT } from "./errors";
import { previewReport } from "./report/preview";
import { startAuditor, warn, writeStdout } from "./session";
import { parseStackExport } from "./stackExport";
import { displayFor, painter, wrap } from "./style";

const DEMO_EXAMPLES = ["examples/insecure-stack.json", "examples/secure-stack.json"];

export async function runDemo(): Promise<number> {
    const auditor = await startAuditor(undefined, { onWarning: warn });
    if (typeof auditor === "number") {
        return auditor;
    }
    const stacks: StackResult[] = [];
    try {
        for (const example of DEMO_EXAMPLES) {
            const text = fs.readFileSync(path.join(packageRoot(), example), "utf8");
            stacks.push(await auditor.audit(parseStackExport(text), example));
        }
    } finally {
        await auditor.close();
    }
    const { width, colors } = displayFor(true);
    const paint = painter(colors);
    const result = { pack: auditor.packInfo, policies: auditor.policies, stacks, errors: [] };
    const next = "Each example went through the Analyze and AnalyzeStack calls a preview makes. Audit your own stacks " +
        "the same way: `pulumi stack export --file stack.json`, then `serverless-guard audit stack.json`.";
    writeStdout(`${stacks.map(s => previewReport(result, s, width, paint)).join("\n")}\n${wrap(next, width).join("\n")}\n`);
    return EXIT.ok;
}
