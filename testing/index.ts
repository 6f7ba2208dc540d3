// serverless-guard/testing: what `pulumi preview` or `pulumi up` with the pack would report on a
// Pulumi program, in a unit test, without a Pulumi CLI or cloud credentials. The program runs under
// @pulumi/pulumi's mocks; the pack is launched as the CLI launches it and gets what the engine
// would send it (docs/testing.md).
import type { PackClient, PolicyConfigInput } from "../engine/client/types";
import { launchPack, packageRoot } from "../engine/client/launch";
import { PhaseDiagnostic, ProgramCheck, ProgramOptions, deployProgram } from "./program";

export type { CloudContext, Mode } from "./engineModel";
export type { PhaseDiagnostic, ProgramCheck, ProgramOptions, RegisteredResource } from "./program";
export type { PackClient } from "../engine/client/types";

export interface CheckOptions extends ProgramOptions {
    /** Policy config as in a policy-pack config file: `{ "all": { "enforcementLevel": "advisory" }, "<policy>": { ... } }`. */
    policyConfig?: Record<string, PolicyConfigInput>;
    /** A pack launched with launchServerlessGuard, to share between tests (launching takes about a second); else one is launched for this call. */
    pack?: PackClient;
}

export interface ProgramReport extends ProgramCheck {
    /** `pulumi preview` fails, or `pulumi up` stops: some finding is mandatory. */
    blocked: boolean;
    mandatory: PhaseDiagnostic[];
    advisory: PhaseDiagnostic[];
}

/** serverless-guard, launched as the Pulumi CLI launches a policy pack. Close it when done. */
export const launchServerlessGuard = (): Promise<PackClient> => launchPack(packageRoot());

/** What the pack reports on `program` in a preview (default) or an up of a new stack. */
export async function checkProgram(program: () => unknown, options: CheckOptions = {}): Promise<ProgramReport> {
    const pack = options.pack ?? await launchServerlessGuard();
    try {
        await pack.configure(options.policyConfig ?? {});
        const check = await deployProgram(program, pack, options);
        const mandatory = check.diagnostics.filter(d => d.enforcementLevel === "mandatory");
        return { ...check, blocked: mandatory.length > 0, mandatory, advisory: check.diagnostics.filter(d => d.enforcementLevel === "advisory") };
    } finally {
        if (!options.pack) {
            await pack.close();
        }
    }
}
