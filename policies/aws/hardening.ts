// Hardening of Lambda functions: advisory by default.
import { Resource, resourceRule, stackRule } from "../lib/policy";
import { UNKNOWN, isSet, num, read, record, str, strings } from "../lib/props";
import { addUnique, literalKeys } from "../lib/stackGraph";
import { lambdaLabel } from "../lib/aws/naming";
import { fsbp } from "../lib/frameworks";
import { isDeprecatedRuntime } from "../lib/aws/runtimes";
import { awsTypes } from "../lib/aws/types";

const hardening = (name: string, description: string, remediationSteps: string, severity: "low" | "medium" = "low") =>
    ({ name, description, remediationSteps, severity, enforcementLevel: "advisory" as const, tags: ["aws", "lambda", "hardening"] });

/** In the strict preset: hardening whose absence is not a defect for every workload stays advisory. */
const advisoryWhenStrict = { strict: { enforcementLevel: "advisory" as const } };

export const tracing = resourceRule({
    ...hardening(
        "aws-lambda-tracing-enabled",
        "Lambda functions have active X-Ray tracing.",
        "Set tracingConfig.mode to \"Active\" and allow xray:PutTraceSegments and xray:PutTelemetryRecords in the execution role (AWSXRayDaemonWriteAccess).",
    ),
}, [awsTypes.function], (fn, report) => {
    const mode = str(read(fn.props, "tracingConfig", "mode"));
    if (mode === UNKNOWN) {
        return report.unknown(`${lambdaLabel(fn)}: tracingConfig.mode`);
    }
    if (mode !== "Active") {
        report.violation(`${lambdaLabel(fn)} does not have active tracing (tracingConfig.mode). Fix: set tracingConfig.mode to "Active".`);
    }
});

/** Function names an event-invoke config may use for this function. */
const functionKeys = (fn: Resource) => [...literalKeys(fn, "name", "arn"), fn.name];

export const deadLetter = stackRule({
    ...hardening(
        "aws-lambda-failure-destination",
        "Asynchronously invoked Lambda functions keep failed events (dead-letter queue or on-failure destination).",
        "Set deadLetterConfig.targetArn to an SQS queue or SNS topic, or add a FunctionEventInvokeConfig with destinationConfig.onFailure.",
    ),
    ...advisoryWhenStrict, // synchronously invoked functions (APIs) need neither
}, [awsTypes.function], (fn, stack, report) => {
    const target = read(fn.props, "deadLetterConfig", "targetArn");
    if (isSet(target)) {
        return;
    }
    const configs = stack.dependentsOf(fn, "functionName", [awsTypes.eventInvokeConfig]);
    for (const key of functionKeys(fn)) {
        addUnique(configs, stack.byLiteral(fn, awsTypes.eventInvokeConfig, "functionName", c => literalKeys(c, "functionName"), key));
    }
    if (configs.some(config => isSet(read(config.props, "destinationConfig", "onFailure", "destination")))) {
        return;
    }
    report.violation(`${lambdaLabel(fn)} has no dead-letter queue (deadLetterConfig) and no on-failure destination. ` +
        "Fix: set deadLetterConfig.targetArn or add a FunctionEventInvokeConfig with destinationConfig.onFailure.");
});

export const reservedConcurrency = resourceRule({
    ...hardening(
        "aws-lambda-reserved-concurrency",
        "Lambda functions have reserved concurrency, so one function cannot exhaust the account's concurrency or run up unbounded cost.",
        "Set reservedConcurrentExecutions to the most concurrent executions the function should have.",
    ),
    ...advisoryWhenStrict, // a capacity decision per function, not a defect
}, [awsTypes.function], (fn, report) => {
    const reserved = num(read(fn.props, "reservedConcurrentExecutions"));
    if (reserved === UNKNOWN) {
        return report.unknown(`${lambdaLabel(fn)}: reservedConcurrentExecutions`);
    }
    if (reserved === undefined || reserved < 0) {
        report.violation(`${lambdaLabel(fn)} has no reserved concurrency (reservedConcurrentExecutions). Fix: set it to the most concurrent executions the function needs.`);
    }
});

export const codeSigning = resourceRule({
    ...hardening(
        "aws-lambda-code-signing",
        "Lambda functions deployed from .zip packages verify code signatures.",
        "Create an aws.lambda.CodeSigningConfig with your signing profiles and set codeSigningConfigArn on the function.",
    ),
    ...advisoryWhenStrict, // needs a signing pipeline first
}, [awsTypes.function], (fn, report) => {
    const packageType = str(read(fn.props, "packageType"));
    if (packageType === "Image" || isSet(read(fn.props, "codeSigningConfigArn"))) {
        return;
    }
    report.violation(`${lambdaLabel(fn)} does not verify code signatures (codeSigningConfigArn). Fix: attach a code signing configuration.`);
});

export const supportedRuntime = resourceRule({
    ...hardening(
        "aws-lambda-runtime-supported",
        "Lambda functions use a runtime that AWS still supports with security patches.",
        "Move the function to a supported runtime (for example nodejs22.x or later, python3.12 or later, java21, dotnet10).",
        "medium",
    ),
    framework: fsbp("Lambda.2", "Lambda functions should use supported runtimes"),
    config: {
        extraDeprecatedRuntimes: {
            type: "array", items: { type: "string" }, default: [],
            description: "Runtime identifiers your organisation no longer accepts, in addition to those AWS has deprecated.",
        },
    },
}, [awsTypes.function], (fn, report, config) => {
    const runtime = str(read(fn.props, "runtime"));
    if (runtime === UNKNOWN) {
        return report.unknown(`${lambdaLabel(fn)}: runtime`);
    }
    if (runtime === undefined) {
        return;
    }
    const today = new Date().toISOString().slice(0, 10);
    if (isDeprecatedRuntime(runtime, today) || strings(config.extraDeprecatedRuntimes).values.includes(runtime)) {
        report.violation(`${lambdaLabel(fn)} uses runtime ${runtime}, which is deprecated. Fix: move to a supported runtime.`);
    }
});

const accountOf = (arn: string) => arn.split(":")[4] ?? "";

export const layersFromTrustedAccounts = resourceRule({
    ...hardening(
        "aws-lambda-layers-trusted-accounts",
        "Lambda layers come from the function's own account or from accounts you trust.",
        "Publish the layer in your own account, or add the publishing account to trustedLayerAccounts after reviewing it.",
        "medium",
    ),
    config: {
        trustedLayerAccounts: {
            type: "array", items: { type: "string", pattern: "^[0-9]{12}$" }, default: [],
            description: "AWS account IDs whose layers are accepted besides the function's own account.",
        },
    },
}, [awsTypes.function], (fn, report, config) => {
    const configured = new Set(strings(config.trustedLayerAccounts).values);
    const notConfigured = strings(read(fn.props, "layers")).values.filter(arn => arn.startsWith("arn:") && !configured.has(accountOf(arn)));
    if (notConfigured.length === 0) {
        return;
    }
    // The function's own account comes from its role's ARN, unknown at preview when the role is in the stack.
    const role = str(read(fn.props, "role"));
    if (role === UNKNOWN) {
        return report.unknown(`${lambdaLabel(fn)}: role (its ARN tells the function's own account, whose layers are trusted)`);
    }
    const own = typeof role === "string" && role.startsWith("arn:") ? accountOf(role) : undefined;
    const foreign = notConfigured.filter(arn => accountOf(arn) !== own);
    if (foreign.length > 0 && (own !== undefined || configured.size > 0)) {
        report.violation(`${lambdaLabel(fn)} uses ${foreign.length} layer(s) published by another account. ` +
            "Fix: publish the layer in your own account, or add the account to trustedLayerAccounts after review.");
    }
});

export const envEncryptedWithCmk = resourceRule({
    ...hardening(
        "aws-lambda-env-kms-key",
        "Lambda environment variables are encrypted with a customer-managed KMS key.",
        "Set kmsKeyArn to a customer-managed KMS key whose policy limits who can decrypt.",
    ),
}, [awsTypes.function], (fn, report) => {
    const variables = record(read(fn.props, "environment", "variables"));
    const hasVariables = variables === UNKNOWN || (variables !== undefined && Object.keys(variables).length > 0);
    if (hasVariables && !isSet(read(fn.props, "kmsKeyArn"))) {
        report.violation(`${lambdaLabel(fn)} has environment variables but no customer-managed key (kmsKeyArn). Fix: set kmsKeyArn.`);
    }
});

export const awsHardeningPolicies = [
    tracing, deadLetter, reservedConcurrency, codeSigning, supportedRuntime, layersFromTrustedAccounts, envEncryptedWithCmk,
];
