// A rule's specification as a table of cases, one `it` each, so that the first failure hides none
// of the others: `valid` stacks say nothing, each `invalid` stack is one finding at the rule's
// default level naming what to change, each `unknown` stack is one advisory note naming the value
// the rule waits for. Every case runs as the engine runs the rule (Analyze, then AnalyzeStack).
import * as assert from "node:assert/strict";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { RunOptions, TestResource, runRule } from "./args";
import { expectFindings, expectUnknownNote } from "./expect";

interface Case extends RunOptions {
    /** What the case shows, in the rule's terms ("PassThrough reports"). */
    name: string;
    /** One resource, or a stack in the order the program registers it. */
    stack: TestResource | TestResource[];
}

export interface InvalidCase extends Case {
    /** Fragments the finding's message must contain. */
    finding: string[];
}

export interface UnknownCase extends Case {
    /** A fragment of the note: the value the rule waits for. */
    unknown: string;
}

export interface Cases {
    valid: Case[];
    invalid: InvalidCase[];
    unknown?: UnknownCase[];
}

const stackOf = (c: Case) => (Array.isArray(c.stack) ? c.stack : [c.stack]);

export function ruleCases(policy: ResourceValidationPolicy | StackValidationPolicy, cases: Cases): void {
    const run = (c: Case) => runRule(policy, stackOf(c), c);
    describe(policy.name, () => {
        for (const c of cases.valid) {
            it(`valid: ${c.name}`, async () => {
                assert.deepEqual((await run(c)).map(v => v.message), []);
            });
        }
        for (const c of cases.invalid) {
            it(`invalid: ${c.name}`, async () => {
                const found = await run(c);
                expectFindings(found, 1, ...c.finding);
                assert.equal(found[0].enforcementLevel, policy.enforcementLevel);
            });
        }
        for (const c of cases.unknown ?? []) {
            it(`unknown: ${c.name}`, async () => {
                expectUnknownNote(await run(c), c.unknown);
            });
        }
    });
}
