// The generated docs (the policy reference, the secret formats) must be current.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { policies } from "../policies/catalog";
import { referenceUrl, ruleInfoOf } from "../policies/lib/policy";

const reference = require("../../scripts/reference.js") as { renderReference(policies: unknown[], infoOf: typeof ruleInfoOf): string; docPath: string };
const { renderSecretFormats, docPath } = require("../../scripts/secretFormats.js") as { renderSecretFormats(policies: unknown[]): string; docPath: string };

describe("docs/reference.md", () => {
    const text = () => fs.readFileSync(reference.docPath, "utf8");

    it("is up to date (run `npm run generate`)", () => {
        assert.equal(reference.renderReference(policies, ruleInfoOf), text());
    });

    it("documents every policy under its own heading, which the policy's URL points at", () => {
        for (const policy of policies) {
            assert.ok(text().includes(`\n### ${policy.name}\n`), policy.name);
            assert.equal(policy.url, `${referenceUrl}#${policy.name}`);
        }
        assert.ok(referenceUrl.endsWith("/docs/reference.md"));
    });

    it("names the file and line that declare each policy", () => {
        for (const policy of policies) {
            const entry = text().split(`\n### ${policy.name}\n`)[1].split("\n### ")[0];
            const [, file, line] = /- Source: \[(policies\/[\w/]+\.ts):(\d+)\]/.exec(entry) ?? [];
            assert.ok(file, policy.name);
            const declared = fs.readFileSync(`${__dirname}/../../${file}`, "utf8").split("\n")[Number(line) - 1];
            assert.ok(declared.includes(`"${policy.name}",`), `${policy.name}: ${file}:${line}`);
        }
    });
});

describe("docs/secret-formats.md", () => {
    it("is up to date with the detection tables (run `npm run generate`)", () => {
        assert.equal(renderSecretFormats(policies), fs.readFileSync(docPath, "utf8"));
    });

    it("is linked from every plaintext-secret policy that detects formats", () => {
        const detecting = policies.filter(p => p.name.endsWith("-no-plaintext-secrets"));
        assert.equal(detecting.length, 6);
        for (const policy of detecting) {
            assert.ok(policy.remediationSteps?.includes("docs/secret-formats.md"), policy.name);
        }
    });
});
