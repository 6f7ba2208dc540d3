// Every policy of the catalogue on hostile input, through the arguments @pulumi/policy builds
// (protobuf Struct, the SDK's deserializer, its unknown-checking proxy). Types, property names,
// seeds and policies are discovered, so rules and clouds added later are covered too.
//
// Secret safety is tested on VALUES: secrets and markers are planted as values anywhere (env
// values, app settings, policy documents, tags, deep in random shapes). Keys and `name` fields
// (names of settings, inline policies, containers) are reported by name by design, so secrets
// planted there would be printed; they are not planted there. Action patterns and service
// prefixes of IAM documents are printed by design too (they are kinds of grants, not data), and
// so are operator-written exemption reasons (a `...reason` tag, sanitised). Values that are also
// the pack's own words (`SystemAssigned` in a fix text) are not counted as leaks.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { policies } from "../../policies/catalog";
import { TestResource, runPack } from "../harness/args";
import { secret } from "../harness/engine";
import { hugeSizes, marker, plantedSecret, PlantedSecret, randomStackArb, replaceSomeString, stackArb, universe } from "./arbitraries";
import { runs, seed } from "./settings";
import { assertNoRuleFailure, assertNoValues, plantSetting, settingsPlaces } from "./check";


describe("robustness: every policy on hostile input (SDK args)", function () {
    this.timeout(120_000);

    it("discovers the types, shapes, vocabulary and seeds it generates from", () => {
        assert.ok(universe.tokens.length >= 12, universe.tokens.join(", "));
        assert.ok(universe.tokens.includes("aws:lambda/function:Function"));
        const fn = universe.shapes.get("aws:lambda/function:Function");
        assert.ok(fn?.kind === "object" && "environment" in fn.fields && "vpcConfig" in fn.fields, "the SDK shape of a Lambda function");
        assert.ok(universe.vocabulary.includes("variables") && universe.vocabulary.includes("Statement"));
        assert.ok(universe.seeds.length >= 1);
        assert.ok(policies.length >= 20);
    });

    it("no policy throws, reports an internal error or trips the unknown proxy, and no value reaches a message", async () => {
        await fc.assert(fc.asyncProperty(stackArb(), async resources => {
            const findings = await runPack(policies, resources);
            assertNoRuleFailure(findings);
            assertNoValues(findings, resources);
        }), { numRuns: runs(300), ...seed() });
    });

    it("the same with huge values: 100,000-character strings, nesting 200 deep, arrays of 5,000", async () => {
        await fc.assert(fc.asyncProperty(randomStackArb(3, hugeSizes), async resources => {
            const findings = await runPack(policies, resources);
            assertNoRuleFailure(findings);
            assertNoValues(findings, resources);
        }), { numRuns: runs(20), ...seed() });
    });

    it("secrets planted in any setting of any type (plain or as Pulumi secrets) never appear in a message", async () => {
        let reported = 0;
        const plants = fc.array(fc.record({
            resource: fc.nat(), place: fc.nat(), secret: plantedSecret, wrap: fc.boolean(),
            name: fc.constantFrom("DB_PASSWORD", "API_KEY", "token", "clientSecret", "CONFIG", "x", "GITHUB_TOKEN", "AzureWebJobsStorage"),
        }), { minLength: 1, maxLength: 6 });
        await fc.assert(fc.asyncProperty(stackArb(), plants, async (resources, planted) => {
            const cores: string[] = [];
            const stack: TestResource[] = structuredClone(resources);
            for (const p of planted) {
                const resource = stack[p.resource % stack.length];
                const places = settingsPlaces(universe.shapes.get(resource.type) ?? { kind: "any" });
                if (places.length > 0) {
                    plantSetting(resource.properties, places[p.place % places.length], p.name, p.wrap ? secret(p.secret.value) : p.secret.value);
                    cores.push(p.secret.core);
                }
            }
            const findings = await runPack(policies, stack);
            assertNoRuleFailure(findings);
            assertNoValues(findings, stack, cores);
            reported += findings.filter(f => f.message.includes("plaintext secret")).length;
        }), { numRuns: runs(200), ...seed() });
        assert.ok(reported > 0, "no planted secret was ever reported: the property tested nothing");
    });

    it("secrets and markers planted at random paths of the secure stacks never appear in a message", async () => {
        const values = fc.array(fc.oneof(plantedSecret, marker.map((m): PlantedSecret => ({ value: m, core: m }))), { minLength: 1, maxLength: 5 });
        await fc.assert(fc.asyncProperty(fc.constantFrom(...universe.seeds), values, fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), async (seedStack, planted, picks) => {
            const stack: TestResource[] = structuredClone(seedStack.resources);
            planted.forEach((p, i) => replaceSomeString(stack[picks[i] % stack.length].properties, picks.slice(i), i % 2 ? secret(p.value) : p.value));
            const findings = await runPack(policies, stack);
            assertNoRuleFailure(findings);
            assertNoValues(findings, stack, planted.map(p => p.core));
        }), { numRuns: runs(100), ...seed() });
    });
});
