// The built serverless-guard pack, driven through the engine protocol the way `pulumi preview` does:
// Analyze for each resource, then AnalyzeStack for them all.
import { Diagnostic, EngineResource, PackClient, launchPack, projectRoot } from "./engine";

export const launchServerlessGuard = (): Promise<PackClient> => launchPack(projectRoot());

export async function preview(pack: PackClient, resources: EngineResource[]): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    for (const resource of resources) {
        diagnostics.push(...(await pack.analyze(resource)).diagnostics);
    }
    diagnostics.push(...(await pack.analyzeStack(resources)).diagnostics);
    return diagnostics;
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
