// Malformed IAM documents on a function's role get a clear finding on the resource that declares
// them, never an error or silence.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { policies } from "../../policies/catalog";
import { runPack } from "../harness/args";
import { assertNoRuleFailure, assertNoValues } from "./check";
import { malformedDocument, placement, stackWithDocument } from "./iamDocuments";
import { runs, seed } from "./settings";

export const INVALID = "not a valid IAM policy";

describe("robustness: malformed IAM documents on an execution role (SDK args)", function () {
    this.timeout(120_000);

    it("aws-lambda-role-no-full-wildcard reports each one as not a valid IAM policy; no rule fails; no value is printed", async () => {
        await fc.assert(fc.asyncProperty(malformedDocument, placement, async (document, where) => {
            const { holder, resources } = stackWithDocument(document, where);
            const findings = await runPack(policies, resources);
            assertNoRuleFailure(findings);
            assertNoValues(findings, resources);
            const invalid = findings.filter(f => f.policyName === "aws-lambda-role-no-full-wildcard" && f.urn === holder.urn && f.message.includes(INVALID));
            assert.equal(invalid.length, 1, findings.map(f => `${f.policyName}: ${f.message}`).join("\n"));
            assert.equal(invalid[0].enforcementLevel, "mandatory");
        }), { numRuns: runs(80), ...seed() });
    });
});
