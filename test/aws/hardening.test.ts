import * as assert from "node:assert/strict";
import {
    codeSigning, deadLetter, envEncryptedWithCmk, layersFromTrustedAccounts, reservedConcurrency, supportedRuntime, tracing,
} from "../../policies/aws/hardening";
import { runResourcePolicy, runStackPolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { aws } from "../fixtures/aws";
import { UNKNOWN_NUMBER, unknownAs } from "../fixtures/common";

const role = "arn:aws:iam::123456789012:role/app";
const advisoryOnly = (violations: { enforcementLevel: string }[]) => violations.forEach(v => assert.equal(v.enforcementLevel, "advisory"));

describe("AWS hardening (advisory)", () => {
    it("aws-lambda-tracing-enabled: Active passes, PassThrough and absent report, unknown is noted", async () => {
        assert.deepEqual(await runResourcePolicy(tracing, aws.function("f", { role, tracingConfig: { mode: "Active" } })), []);
        const violations = await runResourcePolicy(tracing, aws.function("f", { role, tracingConfig: { mode: "PassThrough" } }));
        expectFindings(violations, 1, "tracingConfig.mode");
        advisoryOnly(violations);
        expectFindings(await runResourcePolicy(tracing, aws.function("f", { role })), 1);
        expectUnknownNote(await runResourcePolicy(tracing, aws.function("f", { role, tracingConfig: { mode: unknownAs() } })), "tracingConfig.mode");
    });

    it("aws-lambda-failure-destination: DLQ or on-failure destination passes", async () => {
        const fn = aws.function("f", { role, name: "orders" });
        expectFindings(await runStackPolicy(deadLetter, [fn]), 1, "deadLetterConfig");
        const withDlq = aws.function("f", { role, deadLetterConfig: { targetArn: unknownAs() } });
        assert.deepEqual(await runStackPolicy(deadLetter, [withDlq]), []);
        const byLink = aws.eventInvokeConfig("cfg", { functionName: unknownAs(), destinationConfig: { onFailure: { destination: unknownAs() } } }, { functionName: [fn] });
        assert.deepEqual(await runStackPolicy(deadLetter, [fn, byLink]), []);
        const byName = aws.eventInvokeConfig("cfg", { functionName: "orders", destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:dlq" } } });
        assert.deepEqual(await runStackPolicy(deadLetter, [fn, byName]), []);
        const onlySuccess = aws.eventInvokeConfig("cfg", { functionName: "orders", destinationConfig: { onSuccess: { destination: "arn:aws:sqs:eu-west-1:123456789012:ok" } } });
        expectFindings(await runStackPolicy(deadLetter, [fn, onlySuccess]), 1);
    });

    it("aws-lambda-reserved-concurrency: 0 and above pass, -1 and absent report", async () => {
        assert.deepEqual(await runResourcePolicy(reservedConcurrency, aws.function("f", { role, reservedConcurrentExecutions: 10 })), []);
        expectFindings(await runResourcePolicy(reservedConcurrency, aws.function("f", { role, reservedConcurrentExecutions: -1 })), 1, "reservedConcurrentExecutions");
        expectFindings(await runResourcePolicy(reservedConcurrency, aws.function("f", { role })), 1);
        expectUnknownNote(await runResourcePolicy(reservedConcurrency, aws.function("f", { role, reservedConcurrentExecutions: unknownAs(UNKNOWN_NUMBER) })), "reservedConcurrentExecutions");
    });

    it("aws-lambda-code-signing: zip functions need a signing config, images are exempt", async () => {
        expectFindings(await runResourcePolicy(codeSigning, aws.function("f", { role })), 1, "codeSigningConfigArn");
        assert.deepEqual(await runResourcePolicy(codeSigning, aws.function("f", { role, codeSigningConfigArn: unknownAs() })), []);
        assert.deepEqual(await runResourcePolicy(codeSigning, aws.function("f", { role, packageType: "Image", imageUri: "repo:tag" })), []);
    });

    it("aws-lambda-runtime-supported: deprecated runtimes and configured ones report", async () => {
        expectFindings(await runResourcePolicy(supportedRuntime, aws.function("f", { role, runtime: "nodejs14.x" })), 1, "nodejs14.x", "deprecated");
        expectFindings(await runResourcePolicy(supportedRuntime, aws.function("f", { role, runtime: "python3.8" })), 1);
        assert.deepEqual(await runResourcePolicy(supportedRuntime, aws.function("f", { role, runtime: "nodejs24.x" })), []);
        assert.deepEqual(await runResourcePolicy(supportedRuntime, aws.function("f", { role, runtime: "python3.13" })), []);
        expectFindings(await runResourcePolicy(supportedRuntime, aws.function("f", { role, runtime: "python3.13" }), { config: { extraDeprecatedRuntimes: ["python3.13"] } }), 1);
        expectUnknownNote(await runResourcePolicy(supportedRuntime, aws.function("f", { role, runtime: unknownAs() })), "runtime");
    });

    it("aws-lambda-layers-trusted-accounts: layers from the role's account or trusted accounts pass", async () => {
        const own = "arn:aws:lambda:eu-west-1:123456789012:layer:utils:3";
        const foreign = "arn:aws:lambda:eu-west-1:999999999999:layer:x:1";
        assert.deepEqual(await runResourcePolicy(layersFromTrustedAccounts, aws.function("f", { role, layers: [own] })), []);
        expectFindings(await runResourcePolicy(layersFromTrustedAccounts, aws.function("f", { role, layers: [own, foreign] })), 1, "1 layer(s)");
        assert.deepEqual(await runResourcePolicy(layersFromTrustedAccounts, aws.function("f", { role, layers: [foreign] }), { config: { trustedLayerAccounts: ["999999999999"] } }), []);
        // A layer published by this stack has an unknown ARN at preview: it is the stack's own account.
        assert.deepEqual(await runResourcePolicy(layersFromTrustedAccounts, aws.function("f", { role, layers: [unknownAs()] })), []);
    });

    it("aws-lambda-env-kms-key: variables without kmsKeyArn report", async () => {
        expectFindings(await runResourcePolicy(envEncryptedWithCmk, aws.function("f", { role, environment: { variables: { STAGE: "prod" } } })), 1, "kmsKeyArn");
        assert.deepEqual(await runResourcePolicy(envEncryptedWithCmk, aws.function("f", { role, environment: { variables: { STAGE: "prod" } }, kmsKeyArn: unknownAs() })), []);
        assert.deepEqual(await runResourcePolicy(envEncryptedWithCmk, aws.function("f", { role })), []);
    });
});
