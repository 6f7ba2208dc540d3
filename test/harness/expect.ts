import * as assert from "node:assert/strict";
import type { Violation } from "./args";

/** The violations at `level` ("mandatory" by default). */
export const atLevel = (violations: Violation[], level = "mandatory") => violations.filter(v => v.enforcementLevel === level);

/** Exactly `count` violations, each mentioning every fragment. */
export function expectFindings(violations: Violation[], count: number, ...fragments: string[]) {
    assert.equal(violations.length, count, `expected ${count} finding(s), got:\n${violations.map(v => v.message).join("\n---\n")}`);
    for (const violation of violations) {
        for (const fragment of fragments) {
            assert.ok(violation.message.includes(fragment), `"${fragment}" missing from:\n${violation.message}`);
        }
    }
}

/** One advisory note that the verdict waits for an unknown value, and nothing else. */
export function expectUnknownNote(violations: Violation[], fragment: string) {
    assert.equal(violations.length, 1, violations.map(v => v.message).join("\n"));
    assert.equal(violations[0].enforcementLevel, "advisory");
    assert.match(violations[0].message, /unknown during preview/);
    assert.ok(violations[0].message.includes(fragment), violations[0].message);
}

/** No message contains any of the given values (a failure names the policy, not the message, which holds the value). */
export function expectNoValues(violations: Violation[], ...values: string[]) {
    for (const violation of violations) {
        for (const value of values) {
            assert.ok(!violation.message.includes(value), `a value reached a message of ${violation.policyName} on ${violation.urn ?? "the stack"}`);
        }
    }
}

/** The message of the engine tests' insecure-stack lists, for when a new rule changes what they trip. */
export const trippedByInsecureStack = "every rule the insecure stack trips, at its level (CONTRIBUTING.md, Add a rule, step 5)";
