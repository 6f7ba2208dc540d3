// What the engine sends a pack in a preview of a new stack, from resources as a program registers
// them, on the engine model (testing/engineModel.ts): Analyze gets each resource's checked inputs,
// in registration order; AnalyzeStack then gets the planned outputs of them all, with their links.
// Built before any timing: the engine has them at no cost to the pack.
import type { EngineResource } from "../test/harness/engine";
import { urnOf } from "../test/harness/engine";
import { checkedInputs, plannedOutputs } from "../testing/engineModel";

export interface Preview {
    analyze: EngineResource[];
    stack: EngineResource[];
}

export function previewOf(resources: EngineResource[]): Preview {
    const model = (r: EngineResource) => ({ type: r.type, name: r.name, urn: r.urn ?? urnOf(r.type, r.name), inputs: r.properties });
    return {
        // Analyze carries no dependencies (docs/engine.md).
        analyze: resources.map(r => ({ ...r, properties: checkedInputs(model(r)), dependencies: undefined, propertyDependencies: undefined })),
        stack: resources.map(r => ({ ...r, properties: plannedOutputs(model(r)) })),
    };
}
