// The secret corpus through the launched pack, in settings and in code, on the three clouds: every
// self-identifying sample found under a neutral name with its own kind, every sample found under
// its telling name, no benign value reported, and no value in any message. And the dev-only
// cross-check: no sample that secretlint (recommended preset) finds is missed by the pack.
import * as assert from "node:assert/strict";
import type { Diagnostic, EngineResource } from "../harness/engine";
import { launchedPack } from "../harness/pack";
import { expectNoValues } from "../harness/expect";
import { aws } from "../fixtures/aws";
import { classic, native } from "../fixtures/azure";
import { gcp } from "../fixtures/gcp";
import { textArchive } from "../fixtures/common";
import { benignCode, benignValues } from "../corpus/benign";
import { CredentialSample, credentialSamples } from "../corpus/credentials";
import { secretlintFinds } from "../corpus/secretlint";
import { detectSecret, secretsInCode } from "../../policies/lib/secrets";

interface Setting {
    name: string;
    value: string;
}

interface Cloud {
    name: string;
    /** One resource holding these settings. */
    settings(id: string, settings: Setting[]): EngineResource;
    /** One resource holding this code, entry by entry. */
    code(id: string, entries: Record<string, string>): EngineResource;
    policies: string[];
}

const clouds: Cloud[] = [
    {
        name: "AWS Lambda environment",
        settings: (id, settings) => aws.function(id, { role: "arn:aws:iam::123456789012:role/r",
            environment: { variables: Object.fromEntries(settings.map(s => [s.name, s.value])) } }),
        code: (id, entries) => aws.function(id, { role: "arn:aws:iam::123456789012:role/r",
            code: textArchive(entries) }),
        policies: ["aws-lambda-env-no-plaintext-secrets", "aws-lambda-code-no-plaintext-secrets"],
    },
    {
        name: "Function App app settings",
        settings: (id, settings) => native.webApp(id, { resourceGroupName: "rg", kind: "functionapp,linux", siteConfig: { appSettings: settings } }),
        code: (id, entries) => classic.blob(id, { storageAccountName: "s", storageContainerName: "zips", type: "Block",
            source: textArchive(entries) }),
        policies: ["azure-functionapp-no-plaintext-secrets", "azure-functionapp-code-no-plaintext-secrets"],
    },
    {
        name: "Cloud Run env",
        settings: (id, settings) => gcp.runV2Service(id, { location: "europe-west1", template: { containers: [{ image: "gcr.io/acme/app:1", envs: settings }] } }),
        code: (id, entries) => gcp.bucketObject(id, { bucket: "acme-functions",
            source: textArchive(entries) }),
        policies: ["gcp-serverless-env-no-plaintext-secrets", "gcp-serverless-code-no-plaintext-secrets"],
    },
];

const samples = credentialSamples();
const benign = benignValues();
const neutral = (i: number) => `CONFIG_BLOB_${String(i).padStart(3, "0")}`;


/** Findings of the plaintext-secret policies: (resource, setting or code entry) -> kind. */
function findings(diagnostics: Diagnostic[], policies: string[]): Map<string, string> {
    const found = new Map<string, string>();
    for (const d of diagnostics.filter(d => policies.includes(d.policyName))) {
        const m = / (?:entry )?(\S+?),?(?: line \d+,)? holds a plaintext secret \(([^)]+)\)/.exec(d.message);
        if (m) {
            found.set(`${d.urn?.split("::").pop()}/${m[1]}`, m[2]);
        }
    }
    return found;
}

const jsEntry = (value: string) => `"use strict";\nconst value = ${JSON.stringify(value)};\nmodule.exports = value;\n`;

describe("engine: the secret corpus through the launched pack", function () {
    this.timeout(120_000);
    const pack = launchedPack();

    // (benign values are no secrets, and some are the pack's own words: SystemAssigned)
    const noValueIn = (diagnostics: Diagnostic[]) => expectNoValues(diagnostics, ...samples.map(s => s.value));

    /** Analyze of each resource (a few at a time, as the engine runs steps in parallel). */
    async function analyzeAll(resources: EngineResource[]): Promise<Diagnostic[]> {
        const diagnostics: Diagnostic[] = [];
        for (let i = 0; i < resources.length; i += 16) {
            const answers = await Promise.all(resources.slice(i, i + 16).map(r => pack().analyze(r)));
            diagnostics.push(...answers.flatMap(a => a.diagnostics));
        }
        return diagnostics;
    }

    const expectKinds = (found: Map<string, string>, expected: { key: string; sample: CredentialSample }[], what: string) => {
        const missed = expected.filter(e => found.get(e.key) === undefined).map(e => e.sample.type.id);
        assert.deepEqual([...new Set(missed)], [], `${what}: missed`);
        const wrong = expected.filter(e => e.sample.type.kind !== undefined && found.get(e.key) !== e.sample.type.kind)
            .map(e => `${e.sample.type.id}: ${found.get(e.key)}`);
        assert.deepEqual([...new Set(wrong)], [], `${what}: wrong kind`);
    };

    for (const cloud of clouds) {
        describe(cloud.name, () => {
            // One setting or code entry per resource: what a rule says of one resource is one finding.
            it("finds every self-identifying sample under a neutral name, with its own kind", async () => {
                const selfIdentifying = samples.filter(s => s.type.kind !== undefined);
                const diagnostics = await analyzeAll(selfIdentifying.map((s, i) => cloud.settings(`neutral-${i}`, [{ name: neutral(i), value: s.value }])));
                expectKinds(findings(diagnostics, cloud.policies), selfIdentifying.map((sample, i) => ({ key: `neutral-${i}/${neutral(i)}`, sample })), "neutral names");
                noValueIn(diagnostics);
            });

            it("finds every sample under its telling name", async () => {
                const diagnostics = await analyzeAll(samples.map((s, i) => cloud.settings(`telling-${i}`, [{ name: s.type.name, value: s.value }])));
                expectKinds(findings(diagnostics, cloud.policies), samples.map((sample, i) => ({ key: `telling-${i}/${sample.type.name}`, sample })), "telling names");
                noValueIn(diagnostics);
            });

            it("reports no benign value, under its own name or a neutral one", async () => {
                const resources = benign.flatMap((b, i) => [cloud.settings(`benign-${i}`, [b]), cloud.settings(`benign-neutral-${i}`, [{ name: neutral(i), value: b.value }])]);
                const found = findings(await analyzeAll(resources), cloud.policies);
                assert.deepEqual([...found.keys()], []);
            });

            it("finds every self-identifying sample in code, and nothing in benign code", async () => {
                const selfIdentifying = samples.filter(s => s.type.kind !== undefined);
                const entry = (i: number) => `s${String(i).padStart(3, "0")}.js`;
                const diagnostics = await analyzeAll([
                    ...selfIdentifying.map((s, i) => cloud.code(`code-${i}`, { [entry(i)]: jsEntry(s.value) })),
                    // the entry name of aws.lambda.CallbackFunction's closure
                    cloud.code("closure", { "__index.js": jsEntry(selfIdentifying[0].value) }),
                    cloud.code("benign", { "index.js": benignCode() }),
                ]);
                const found = findings(diagnostics, cloud.policies);
                expectKinds(found, [...selfIdentifying.map((sample, i) => ({ key: `code-${i}/${entry(i)}`, sample })),
                    { key: "closure/__index.js", sample: selfIdentifying[0] }], "code");
                assert.deepEqual([...found.keys()].filter(k => k.startsWith("benign/")), [], "benign code");
                noValueIn(diagnostics);
            });
        });
    }

    it("cross-check: every sample secretlint (recommended preset) finds, the pack finds too, in settings and in code", async () => {
        const byLint = await secretlintFinds(samples.map(s => s.value));
        assert.ok(byLint.size > 30, `secretlint found ${byLint.size} samples: is it running?`);
        const missed = [...byLint].map(i => samples[i])
            .filter(s => detectSecret("CONFIG_BLOB", s.value) === undefined || secretsInCode(jsEntry(s.value)).length === 0)
            .map(s => s.type.id);
        assert.deepEqual(missed, []);
    });
});
