// The remediate hook of resourceRule, run as the SDK's Remediate runs it (proxied props, secrets
// kept wrapped), and aws-lambda-tracing-enabled's fix.
import * as assert from "node:assert/strict";
import { policies } from "../../policies/catalog";
import { tracing } from "../../policies/aws/hardening";
import { runRemediation } from "../harness/args";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../harness/engine";
import { aws } from "../fixtures/aws";
import { secretAs, unknownAs } from "../fixtures/common";

const role = "arn:aws:iam::123456789012:role/app";
const wrapped = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("remediation: aws-lambda-tracing-enabled", () => {
    it("sets tracingConfig.mode to Active when absent or PassThrough, and keeps every other property", async () => {
        const fn = aws.function("api", { role, runtime: "nodejs22.x", memorySize: 256, environment: { variables: { STAGE: "prod" } } });
        assert.deepEqual(await runRemediation(tracing, fn), { ...fn.properties, tracingConfig: { mode: "Active" } });
        const passThrough = aws.function("api", { role, tracingConfig: { mode: "PassThrough" } });
        assert.deepEqual(await runRemediation(tracing, passThrough), { role, tracingConfig: { mode: "Active" } });
    });

    it("keeps secrets in other properties secret (and values unknown at preview unknown)", async () => {
        const fn = aws.function("api", {
            role: unknownAs(),
            environment: { variables: { DB_PASSWORD: secretAs("hunter2"), STAGE: "prod" } },
            kmsKeyArn: secretAs("arn:aws:kms:eu-west-1:123456789012:key/k"),
        });
        const result = await runRemediation(tracing, fn);
        assert.deepEqual(result, {
            role: UNKNOWN,
            environment: { variables: { DB_PASSWORD: wrapped("hunter2"), STAGE: "prod" } },
            kmsKeyArn: wrapped("arn:aws:kms:eu-west-1:123456789012:key/k"),
            tracingConfig: { mode: "Active" },
        });
    });

    it("keeps a secret object secret when the fix is inside it", async () => {
        const fn = aws.function("api", { role, tracingConfig: secretAs({ mode: "PassThrough" }) });
        assert.deepEqual(await runRemediation(tracing, fn), { role, tracingConfig: wrapped({ mode: "Active" }) });
    });

    it("changes nothing when tracing is Active or unknown", async () => {
        assert.equal(await runRemediation(tracing, aws.function("api", { role, tracingConfig: { mode: "Active" } })), undefined);
        assert.equal(await runRemediation(tracing, aws.function("api", { role, tracingConfig: { mode: unknownAs() } })), undefined);
        assert.equal(await runRemediation(tracing, aws.function("api", { role, tracingConfig: unknownAs() })), undefined);
    });

    it("leaves exempted functions as they are, until the exemption expires", async () => {
        const tagged = (expires: string) => aws.function("api", { role, tags: { "sg-exempt-aws-lambda-tracing-enabled": expires, "sg-exempt-reason": "cost" } });
        assert.equal(await runRemediation(tracing, tagged("2999-12-31")), undefined);
        assert.equal(await runRemediation(tracing, aws.function("api", { role }), { config: { exemptions: [{ resource: "api", reason: "cost" }] } }), undefined);
        const expired = await runRemediation(tracing, tagged("2000-01-01"));
        assert.deepEqual(read(expired, "tracingConfig"), { mode: "Active" });
    });

    it("only tracing remediates; every other policy keeps reporting", () => {
        const remediating = policies.filter(p => "remediateResource" in p && p.remediateResource).map(p => p.name);
        assert.deepEqual(remediating, ["aws-lambda-tracing-enabled"]);
    });
});

function read(value: unknown, key: string): unknown {
    return (value as Record<string, unknown> | undefined)?.[key];
}
