// A preview gated by serverless-guard from the Automation API: what `pulumi preview --policy-pack`
// does, from your own deployment tooling. Needs the Pulumi CLI, the stack's backend and its cloud
// credentials, like any preview.
import * as path from "path";
import { CommandError, LocalWorkspace, PolicyEvent } from "@pulumi/pulumi/automation";

export interface GatedPreview {
    passed: boolean;
    /** Every violation the pack reported: policy, level and resource (messages name no values). */
    violations: PolicyEvent[];
}

/** Previews `stackName` of the Pulumi program in `workDir` with the pack, and its config file if given. */
export async function previewWithServerlessGuard(workDir: string, stackName: string, configFile?: string): Promise<GatedPreview> {
    const stack = await LocalWorkspace.selectStack({ stackName, workDir });
    // The pack's folder: the installed package (from git, a tarball or a path; see the README).
    const pack = path.dirname(require.resolve("@serverless-guard/policy-pack/package.json", { paths: [workDir] }));
    const violations: PolicyEvent[] = [];
    try {
        await stack.preview({
            policyPacks: [pack],
            policyPackConfigs: configFile ? [configFile] : undefined,
            onEvent: event => {
                if (event.policyEvent) {
                    violations.push(event.policyEvent);
                }
            },
        });
        return { passed: true, violations };
    } catch (e) {
        // A mandatory violation fails the preview: the CLI exits non-zero and preview() rejects.
        if (e instanceof CommandError && violations.some(v => v.enforcementLevel === "mandatory")) {
            return { passed: false, violations };
        }
        throw e;
    }
}

if (require.main === module) {
    const [workDir = ".", stackName = "dev", configFile] = process.argv.slice(2);
    previewWithServerlessGuard(workDir, stackName, configFile).then(({ passed, violations }) => {
        for (const v of violations) {
            console.log(`[${v.enforcementLevel}] ${v.policyName} ${v.resourceUrn ?? "(stack)"}`);
        }
        console.log(passed ? "the preview passed" : "the preview was blocked by serverless-guard");
        process.exitCode = passed ? 0 : 1;
    }, (e: Error) => {
        console.error(`the preview could not run: ${e.message}`);
        process.exitCode = 2;
    });
}
