// The built serverless-guard pack, driven through the engine protocol the way `pulumi preview` and
// `pulumi up` do, on the engine model (testing/engineModel.ts): Analyze gets each resource's inputs
// after Check; AnalyzeStack gets every resource's outputs, planned at preview, final at up.
import { Diagnostic, EngineResource, PackClient } from "./engine";
import { Mode, checkedInputs, modelOf, outputsIn } from "../../testing/engineModel";
import { launchServerlessGuard } from "../../testing";

export { launchServerlessGuard };

export interface Deployment {
    /** Every diagnostic, Analyze's first, in the order the engine gets them. */
    diagnostics: Diagnostic[];
    /** From Analyze: before each resource's step. */
    analyze: Diagnostic[];
    /** From AnalyzeStack: at the end (none when an up stopped). */
    analyzeStack: Diagnostic[];
    /** At up, the resource whose step a mandatory Analyze finding failed: it and what follows were never created. */
    stoppedAt?: string;
}

/**
 * A deployment of `resources` (fixtures hold what the program registered) as the engine runs it in
 * `mode`. At up a mandatory Analyze finding stops the deployment at that resource, with no AnalyzeStack.
 */
export async function deploy(pack: PackClient, resources: EngineResource[], mode: Mode): Promise<Deployment> {
    const deployment: Deployment = { diagnostics: [], analyze: [], analyzeStack: [] };
    for (const resource of resources) {
        const { diagnostics } = await pack.analyze({ ...resource, properties: checkedInputs(modelOf(resource)) });
        deployment.analyze.push(...diagnostics);
        if (mode === "up" && diagnostics.some(d => d.enforcementLevel === "mandatory")) {
            deployment.stoppedAt = modelOf(resource).urn;
            break;
        }
    }
    if (deployment.stoppedAt === undefined) {
        deployment.analyzeStack = (await pack.analyzeStack(resources.map(r => ({ ...r, properties: outputsIn(mode, modelOf(r)) })))).diagnostics;
    }
    deployment.diagnostics = [...deployment.analyze, ...deployment.analyzeStack];
    return deployment;
}

/** What `pulumi preview` reports: Analyze for each resource, then AnalyzeStack on the planned state. */
export async function preview(pack: PackClient, resources: EngineResource[]): Promise<Diagnostic[]> {
    return (await deploy(pack, resources, "preview")).diagnostics;
}

/** The names of the policies that reported at `level`. */
export const policiesAt = (diagnostics: Diagnostic[], level: string) =>
    [...new Set(diagnostics.filter(d => d.enforcementLevel === level).map(d => d.policyName))].sort();

/**
 * A pack launched for the enclosing `describe`, configured with the pack's defaults (as the CLI
 * does before any Analyze) and closed after it. Call the returned function inside the tests.
 */
export function launchedPack(): () => PackClient {
    let pack: PackClient | undefined;
    before(async () => {
        pack = await launchServerlessGuard();
        await pack.configure({});
    });
    after(() => pack?.close());
    return () => {
        if (!pack) {
            throw new Error("the pack is launched in the describe block's before hook");
        }
        return pack;
    };
}
