import {
    codeSigning, deadLetter, envEncryptedWithCmk, layersFromTrustedAccounts, reservedConcurrency, supportedRuntime, tracing,
} from "../../policies/aws/hardening";
import { ruleCases } from "../harness/cases";
import { aws } from "../fixtures/aws";
import { UNKNOWN_NUMBER, unknownAs } from "../fixtures/common";

const role = "arn:aws:iam::123456789012:role/app";
const fn = (args: Omit<Parameters<typeof aws.function>[1], "role"> = {}) => aws.function("f", { role, ...args });

describe("AWS hardening (advisory)", () => {
    ruleCases(tracing, {
        valid: [{ name: "Active", stack: fn({ tracingConfig: { mode: "Active" } }) }],
        invalid: [
            { name: "PassThrough", stack: fn({ tracingConfig: { mode: "PassThrough" } }), finding: ["tracingConfig.mode"] },
            { name: "absent", stack: fn(), finding: ["tracingConfig.mode"] },
        ],
        unknown: [{ name: "mode unknown", stack: fn({ tracingConfig: { mode: unknownAs() } }), unknown: "tracingConfig.mode" }],
    });

    const orders = aws.function("f", { role, name: "orders" });
    ruleCases(deadLetter, {
        valid: [
            { name: "a dead-letter queue, its ARN unknown", stack: fn({ deadLetterConfig: { targetArn: unknownAs() } }) },
            {
                name: "an on-failure destination in an event-invoke config linked to the function",
                stack: [orders, aws.eventInvokeConfig("cfg", { functionName: unknownAs(), destinationConfig: { onFailure: { destination: unknownAs() } } }, { functionName: [orders] })],
            },
            {
                name: "an on-failure destination in an event-invoke config naming the function",
                stack: [orders, aws.eventInvokeConfig("cfg", { functionName: "orders", destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:dlq" } } })],
            },
        ],
        invalid: [
            { name: "neither", stack: orders, finding: ["deadLetterConfig"] },
            {
                name: "only an on-success destination",
                stack: [orders, aws.eventInvokeConfig("cfg", { functionName: "orders", destinationConfig: { onSuccess: { destination: "arn:aws:sqs:eu-west-1:123456789012:ok" } } })],
                finding: ["deadLetterConfig"],
            },
        ],
    });

    ruleCases(reservedConcurrency, {
        valid: [
            { name: "10", stack: fn({ reservedConcurrentExecutions: 10 }) },
            { name: "0 (throttled on purpose)", stack: fn({ reservedConcurrentExecutions: 0 }) },
        ],
        invalid: [
            { name: "-1 (unreserved)", stack: fn({ reservedConcurrentExecutions: -1 }), finding: ["reservedConcurrentExecutions"] },
            { name: "absent", stack: fn(), finding: ["reservedConcurrentExecutions"] },
        ],
        unknown: [{ name: "unknown", stack: fn({ reservedConcurrentExecutions: unknownAs(UNKNOWN_NUMBER) }), unknown: "reservedConcurrentExecutions" }],
    });

    ruleCases(codeSigning, {
        valid: [
            { name: "a signing config, its ARN unknown", stack: fn({ codeSigningConfigArn: unknownAs() }) },
            { name: "an image (signing applies to .zip packages)", stack: fn({ packageType: "Image", imageUri: "repo:tag" }) },
        ],
        invalid: [{ name: "a .zip function without one", stack: fn(), finding: ["codeSigningConfigArn"] }],
    });

    ruleCases(supportedRuntime, {
        valid: [
            { name: "nodejs24.x", stack: fn({ runtime: "nodejs24.x" }) },
            { name: "python3.13", stack: fn({ runtime: "python3.13" }) },
        ],
        invalid: [
            { name: "nodejs14.x", stack: fn({ runtime: "nodejs14.x" }), finding: ["nodejs14.x", "deprecated"] },
            { name: "python3.8", stack: fn({ runtime: "python3.8" }), finding: ["python3.8"] },
            { name: "a runtime the config deprecates", stack: fn({ runtime: "python3.13" }), config: { extraDeprecatedRuntimes: ["python3.13"] }, finding: ["python3.13"] },
        ],
        unknown: [{ name: "unknown", stack: fn({ runtime: unknownAs() }), unknown: "runtime" }],
    });

    const own = "arn:aws:lambda:eu-west-1:123456789012:layer:utils:3";
    const foreign = "arn:aws:lambda:eu-west-1:999999999999:layer:x:1";
    ruleCases(layersFromTrustedAccounts, {
        valid: [
            { name: "a layer of the role's account", stack: fn({ layers: [own] }) },
            { name: "a layer of a trusted account", stack: fn({ layers: [foreign] }), config: { trustedLayerAccounts: ["999999999999"] } },
            // A layer published by this stack has an unknown ARN at preview: it is the stack's own account.
            { name: "a layer whose ARN is unknown (published by the stack)", stack: fn({ layers: [unknownAs()] }) },
        ],
        invalid: [{ name: "one foreign layer among the function's", stack: fn({ layers: [own, foreign] }), finding: ["1 layer(s)"] }],
    });

    ruleCases(envEncryptedWithCmk, {
        valid: [
            { name: "variables and a key, its ARN unknown", stack: fn({ environment: { variables: { STAGE: "prod" } }, kmsKeyArn: unknownAs() }) },
            { name: "no variables", stack: fn() },
        ],
        invalid: [{ name: "variables without a key", stack: fn({ environment: { variables: { STAGE: "prod" } } }), finding: ["kmsKeyArn"] }],
    });
});
