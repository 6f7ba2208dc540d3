// The README's policy reference is generated from the policies' metadata; it must be current.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../policies/catalog";
import { ruleInfoOf } from "../policies/lib/policy";

const { withReference } = require("../../scripts/reference.js") as { withReference(readme: string, policies: unknown[], infoOf: typeof ruleInfoOf): string };

describe("README policy reference", () => {
    it("is up to date (run `npm run docs`)", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
        assert.equal(withReference(readme, policies, ruleInfoOf), readme);
    });

    it("documents every policy under its own heading", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
        for (const policy of policies) {
            assert.ok(readme.includes(`#### ${policy.name}\n`), policy.name);
        }
    });
});
