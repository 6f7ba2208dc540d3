// The secret corpus through the launched pack, in settings and in code, on the three clouds: every
// self-identifying sample found under a neutral name with its own kind, every sample found under
// its telling name, no benign value reported, and no value in any message. And the dev-only
// cross-check: no sample that secretlint (recommended preset) finds is missed by the pack.
import * as assert from "node:assert/strict";
import type { Diagnostic, EngineResource } from "../harness/engine";
import { launchedPack } from "../harness/pack";
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

/** Settings in as few resources as names allow (a name once per resource). */
function buckets(settings: Setting[]): Setting[][] {
    const out: Setting[][] = [];
    for (const setting of settings) {
        let bucket = out.find(b => !b.some(s => s.name === setting.name));
        if (!bucket) {
            out.push(bucket = []);
        }
        bucket.push(setting);
    }
    return out;
}

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
    const noValueIn = (diagnostics: Diagnostic[]) => {
        for (const d of diagnostics) {
            for (const { value } of samples) {
                assert.ok(!d.message.includes(value), `a value reached a message of ${d.policyName}`);
            }
        }
    };

    async function analyzeAll(resources: EngineResource[]): Promise<Diagnostic[]> {
        const diagnostics: Diagnostic[] = [];
        for (const resource of resources) {
            diagnostics.push(...(await pack().analyze(resource)).diagnostics);
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
            it("finds every self-identifying sample under a neutral name, with its own kind", async () => {
                const selfIdentifying = samples.filter(s => s.type.kind !== undefined);
                const settings = selfIdentifying.map((s, i) => ({ name: neutral(i), value: s.value }));
                const diagnostics = await analyzeAll([cloud.settings("neutral", settings)]);
                expectKinds(findings(diagnostics, cloud.policies), selfIdentifying.map((sample, i) => ({ key: `neutral/${neutral(i)}`, sample })), "neutral names");
                noValueIn(diagnostics);
            });

            it("finds every sample under its telling name", async () => {
                const groups = buckets(samples.map(s => ({ name: s.type.name, value: s.value })));
                const diagnostics = await analyzeAll(groups.map((settings, g) => cloud.settings(`telling-${g}`, settings)));
                const found = findings(diagnostics, cloud.policies);
                const expected = groups.flatMap((settings, g) => settings.map(s => ({
                    key: `telling-${g}/${s.name}`, sample: samples.find(x => x.value === s.value)!,
                })));
                expectKinds(found, expected, "telling names");
                noValueIn(diagnostics);
            });

            it("reports no benign value, under its own name or a neutral one", async () => {
                const own = buckets(benign);
                const resources = [...own.map((settings, g) => cloud.settings(`benign-${g}`, settings)),
                    cloud.settings("benign-neutral", benign.map((b, i) => ({ name: neutral(i), value: b.value })))];
                const found = findings(await analyzeAll(resources), cloud.policies);
                assert.deepEqual([...found.keys()], []);
            });

            it("finds every self-identifying sample in code, and nothing in benign code", async () => {
                const selfIdentifying = samples.filter(s => s.type.kind !== undefined);
                const entries = Object.fromEntries(selfIdentifying.map((s, i) => [`s${String(i).padStart(3, "0")}.js`, jsEntry(s.value)]));
                entries["__index.js"] = jsEntry(selfIdentifying[0].value); // the entry name of aws.lambda.CallbackFunction's closure
                const diagnostics = await analyzeAll([cloud.code("code", entries), cloud.code("benign", { "index.js": benignCode() })]);
                const found = findings(diagnostics, cloud.policies);
                expectKinds(found, [...selfIdentifying.map((sample, i) => ({ key: `code/s${String(i).padStart(3, "0")}.js`, sample })),
                    { key: "code/__index.js", sample: selfIdentifying[0] }], "code");
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
