// What the engine sends a pack in a preview of a new stack, from resources as a program registers
// them, on the engine model (testing/engineModel.ts): Analyze gets each resource's checked inputs,
// in registration order; AnalyzeStack then gets the planned outputs of them all, with their links.
// Built before any timing: the engine has them at no cost to the pack.
import type { EngineResource } from "../test/harness/engine";
import { checkedInputs, modelOf, plannedOutputs } from "../testing/engineModel";

export interface Preview {
    analyze: EngineResource[];
    stack: EngineResource[];
}

export function previewOf(resources: EngineResource[]): Preview {
    return {
        // Analyze requests carry no dependencies (docs/engine.md), whatever the resource holds.
        analyze: resources.map(r => ({ ...r, properties: checkedInputs(modelOf(r)) })),
        stack: resources.map(r => ({ ...r, properties: plannedOutputs(modelOf(r)) })),
    };
}
