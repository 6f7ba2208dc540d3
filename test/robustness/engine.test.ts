// The same properties through the launched pack, as the Pulumi CLI drives it (Analyze per
// resource, then AnalyzeStack): a few calls over generated resources, about 100 in all. A gRPC
// error (a policy throwing into the SDK) fails the test.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import type { TestResource } from "../harness/args";
import { Diagnostic, secret } from "../harness/engine";
import { launchedPack, preview } from "../harness/pack";
import { plantedSecret, stackArb, universe } from "./arbitraries";
import { assertNoRuleFailure, assertNoValues, plantSetting, settingsPlaces } from "./check";
import { malformedDocument, placement, stackWithDocument } from "./iamDocuments";
import { INVALID } from "./iam.test";
import { seed } from "./settings";

const STACKS = 4;

/** Generated stacks, from fast-check's seed (printed on failure, replayed with ROBUSTNESS_SEED). */
function sample<T>(arb: fc.Arbitrary<T>, count: number): { values: T[]; seed: number } {
    const s = seed().seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    return { values: fc.sample(arb, { numRuns: count, seed: s }), seed: s };
}

describe("robustness: hostile input through the launched pack (engine protocol)", function () {
    this.timeout(120_000);
    const pack = launchedPack();

    it("no gRPC error, no internal error, no preview drop, no value or planted secret in any diagnostic", async () => {
        const plants = fc.array(fc.record({ resource: fc.nat(), place: fc.nat(), secret: plantedSecret, wrap: fc.boolean() }), { minLength: 1, maxLength: 8 });
        const { values, seed: used } = sample(fc.tuple(stackArb(), stackArb(), stackArb(), plants), STACKS);
        let count = 0;
        for (const [a, b, c, planted] of values) {
            // three generated stacks side by side (unique names), secrets planted in their settings
            const resources: TestResource[] = structuredClone([...a, ...b.map(r => rename(r, "b")), ...c.map(r => rename(r, "c"))]);
            const cores: string[] = [];
            for (const p of planted) {
                const resource = resources[p.resource % resources.length];
                const places = settingsPlaces(universe.shapes.get(resource.type) ?? { kind: "any" });
                if (places.length > 0) {
                    plantSetting(resource.properties, places[p.place % places.length], "DB_PASSWORD", p.wrap ? secret(p.secret.value) : p.secret.value);
                    cores.push(p.secret.core);
                }
            }
            count += resources.length;
            let diagnostics: Diagnostic[];
            try {
                diagnostics = await preview(pack(), resources);
            } catch (e) {
                assert.fail(`the engine got an error (fast-check seed ${used}): ${(e as Error).message}`);
            }
            try {
                assertNoRuleFailure(diagnostics);
                assertNoValues(diagnostics, resources, cores);
            } catch (e) {
                (e as Error).message += `\n(fast-check seed ${used}; replay with ROBUSTNESS_SEED=${used})`;
                throw e;
            }
        }
        assert.ok(count >= 20, `only ${count} resources generated`);
    });

    it("malformed IAM documents are reported as not valid IAM policies", async () => {
        const { values, seed: used } = sample(fc.tuple(malformedDocument, placement), 12);
        const stacks = values.map(([document, where], i) => stackWithDocument(document, where, `-${i}`));
        const diagnostics = await preview(pack(), stacks.flatMap(s => s.resources));
        assertNoRuleFailure(diagnostics);
        for (const { holder, resources } of stacks) {
            assertNoValues(diagnostics, resources);
            const invalid = diagnostics.filter(d => d.policyName === "aws-lambda-role-no-full-wildcard" && d.urn === holder.urn && d.message.includes(INVALID));
            assert.equal(invalid.length, 1, `${holder.name} (fast-check seed ${used})`);
            assert.equal(invalid[0].enforcementLevel, "mandatory");
        }
    });
});

/** The same resource under another name, its dependencies renamed along. */
function rename(resource: TestResource, suffix: string): TestResource {
    const urn = (u: string) => u.replace(/::([^:]*)$/, `::$1-${suffix}`);
    return {
        ...resource,
        name: `${resource.name}-${suffix}`,
        urn: urn(resource.urn),
        propertyDependencies: Object.fromEntries(Object.entries(resource.propertyDependencies ?? {}).map(([k, urns]) => [k, urns.map(urn)])),
    };
}
