// The stress stack of issue 13 through the launched pack at preview, at 1,000 and 10,000 resources:
// one finding per policy per resource, bounded messages, literal links that stay within a
// provider's account, findings that grow with the stack and an answer far below the engine's
// limit. Not timed (the benchmark has a phase for it).
import * as assert from "node:assert/strict";
import { Diagnostic, lastAnswerBytes } from "../harness/engine";
import { expectNoValues } from "../harness/expect";
import { Deployment, deploy, launchedPack } from "../harness/pack";
import { StressStack, stressStack } from "./stressStack";

interface Run {
    stack: StressStack;
    deployment: Deployment;
    /** The AnalyzeStack answer, serialized. */
    answerBytes: number;
}

const messageBytes = (diagnostics: Diagnostic[]) => diagnostics.reduce((sum, d) => sum + Buffer.byteLength(d.message), 0);
const quoted = (name: string) => `'${name}'`;

describe("scale: the stress stack (issue 13) through the launched pack at preview", () => {
    const pack = launchedPack();
    const runs = new Map<number, Run>();

    before(async () => {
        for (const size of [1_000, 10_000]) {
            const stack = stressStack(size);
            assert.equal(stack.resources.length, size);
            const deployment = await deploy(pack(), stack.resources, "preview");
            runs.set(size, { stack, deployment, answerBytes: lastAnswerBytes() });
        }
    });

    for (const size of [1_000, 10_000]) {
        describe(`${size.toLocaleString("en")} resources`, () => {
            const run = () => runs.get(size)!;

            it("gives at most one diagnostic per policy per resource, across Analyze and AnalyzeStack", () => {
                const seen = new Map<string, number>();
                for (const d of run().deployment.diagnostics) {
                    const key = `${d.policyName} on ${d.urn}`;
                    seen.set(key, (seen.get(key) ?? 0) + 1);
                }
                assert.deepEqual([...seen].filter(([, n]) => n > 1), []);
            });

            it("keeps every message within 1,000 characters and free of the plaintext values", () => {
                const { deployment, stack } = run();
                assert.deepEqual(deployment.diagnostics.filter(d => d.message.length > 1_000).map(d => `${d.policyName} on ${d.urn}`), []);
                expectNoValues(deployment.diagnostics, ...stack.secrets);
            });

            it("reports the shared role's documents, and the plaintext passwords on their functions", () => {
                const { deployment, stack } = run();
                const on = (name: string) => deployment.diagnostics.filter(d => d.urn.endsWith(`::${name}`) && d.enforcementLevel === "mandatory");
                for (const document of ["shared-exec", "shared-exec-more", "shared-exec-extra"]) {
                    assert.ok(on(document).some(d => d.policyName === "aws-lambda-role-no-full-wildcard"), `no full-wildcard finding on ${document}`);
                }
                const withPassword = deployment.analyze.filter(d => d.policyName === "aws-lambda-env-no-plaintext-secrets");
                assert.equal(withPassword.length, stack.secrets.length);
            });

            it("links a function's literal role name or ARN only to the role under its own provider", () => {
                const { deployment, stack } = run();
                const cleanRoles = new Set(stack.cleanRoles.map(r => r.urn));
                assert.deepEqual(deployment.diagnostics.filter(d => cleanRoles.has(d.urn)).map(d => `${d.policyName} on ${d.urn}`), []);
                // A clean function is named only in its own findings (hardening), never in one about a role.
                for (const fn of stack.cleanFunctions) {
                    const naming = deployment.diagnostics.filter(d => d.message.includes(quoted(fn.name)));
                    assert.deepEqual(naming.filter(d => d.urn !== fn.urn || d.policyName.startsWith("aws-lambda-role-")).map(d => d.message), [],
                        `a role finding names ${fn.name}, whose provider's role is clean`);
                }
                // And the links exist: each function under a provider whose role offends is named in the finding on that role's document.
                for (const fn of stack.exposedFunctions) {
                    assert.ok(deployment.analyzeStack.some(d => d.policyName === "aws-lambda-role-no-full-wildcard" && d.message.includes(quoted(fn.name))),
                        `no finding names ${fn.name}`);
                }
            });

            it("answers AnalyzeStack far below the engine's 400 MiB limit", () => {
                assert.ok(run().answerBytes > 0 && run().answerBytes < 32 * 2 ** 20, `${run().answerBytes} bytes`);
            });
        });
    }

    it("grows its findings linearly: message bytes at 10,000 resources within 2.5x of 10 times those at 1,000", () => {
        const [small, large] = [1_000, 10_000].map(n => messageBytes(runs.get(n)!.deployment.diagnostics));
        const ratio = large / (10 * small);
        assert.ok(ratio > 1 / 2.5 && ratio < 2.5, `${large} bytes at 10,000 against ${small} at 1,000 (${ratio.toFixed(2)} of linear)`);
    });
});
