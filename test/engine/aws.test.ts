// Every AWS rule through the built pack, launched as the Pulumi CLI launches it.
import * as assert from "node:assert/strict";
import { secret } from "../harness/engine";
import { launchedPack, policiesAt, preview } from "../harness/pack";
import { trippedByInsecureStack } from "../harness/expect";
import { aws, lambdaTrust, policyJson, secureAwsStack } from "../fixtures/aws";
import { UNKNOWN_STRING, callbackCode, unknownAs } from "../fixtures/common";

describe("engine: AWS rules through the launched pack", () => {
    const pack = launchedPack();

    it("serves every AWS policy with its metadata", async () => {
        const info = await pack().getAnalyzerInfo();
        assert.equal(info.name, "serverless-guard");
        const awsPolicies = info.policies.filter(p => p.name.startsWith("aws-"));
        assert.ok(awsPolicies.length >= 13);
        for (const policy of awsPolicies) {
            assert.ok(policy.description && policy.remediationSteps && policy.url, policy.name);
            assert.ok(policy.severity !== "unspecified", policy.name);
        }
    });

    it("reports no mandatory violation on the seeds' secure stack", async () => {
        const diagnostics = await preview(pack(), secureAwsStack());
        assert.deepEqual(policiesAt(diagnostics, "mandatory"), []);
    });

    it("reports every rule on an insecure stack, with no value in any message", async () => {
        const password = "correct-horse-battery-staple-42";
        const group = aws.securityGroup("open", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        const role = aws.role("admin-role", {
            assumeRolePolicy: policyJson({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            inlinePolicies: [{ name: "all", policy: policyJson(
                { Effect: "Allow", Action: "*", Resource: "*" },
                { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bucket/*" },
                { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
                { Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
                { Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" },
            ) }],
        });
        const fn = aws.function("app", {
            role: "arn:aws:iam::123456789012:role/admin-role",
            runtime: "nodejs14.x",
            layers: ["arn:aws:lambda:eu-west-1:999999999999:layer:x:1"],
            environment: { variables: { DB_PASSWORD: secret(password) as unknown as string } },
            code: callbackCode(`exports.handler = __f0;\nvar __dsn = "mysql://app:${password}@10.0.0.5/app";`),
            vpcConfig: { subnetIds: [], securityGroupIds: [UNKNOWN_STRING] },
        }, { role: [role], vpcConfig: [group] });
        const twin = aws.function("twin", { role: UNKNOWN_STRING, runtime: "nodejs22.x" }, { role: [role] });
        // Action "*" implies every escalation path, so they are reported where no wildcard covers them.
        const deployer = aws.role("deployer-role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "deploy", policy: policyJson(
            { Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "arn:aws:lambda:eu-west-1:123456789012:function:x" },
        ) }] });
        const url = aws.functionUrl("url", { functionName: "app", authorizationType: "NONE", cors: { allowOrigins: ["*"] } });
        const open = aws.permission("open", { action: "lambda:InvokeFunction", function: "app", principal: "*" });
        const s3 = aws.permission("s3", { action: "lambda:InvokeFunction", function: "app", principal: "s3.amazonaws.com" });
        const diagnostics = await preview(pack(), [group, role, deployer, fn, twin, url, open, s3]);

        assert.deepEqual(policiesAt(diagnostics, "mandatory"), [
            "aws-lambda-code-no-plaintext-secrets",
            "aws-lambda-env-no-plaintext-secrets",
            "aws-lambda-permission-no-public-principal",
            "aws-lambda-role-no-admin-managed-policy",
            "aws-lambda-role-no-full-wildcard",
            "aws-lambda-role-no-not-action",
            "aws-lambda-role-no-privilege-escalation",
            "aws-lambda-role-no-service-wildcard",
            "aws-lambda-role-trust-not-public",
            "aws-lambda-sg-no-public-egress",
            "aws-lambda-url-requires-auth",
            "aws-lambda-vpc-attached",
        ], trippedByInsecureStack);
        assert.deepEqual(policiesAt(diagnostics, "advisory"), [
            "aws-lambda-code-signing",
            "aws-lambda-env-kms-key",
            "aws-lambda-failure-destination",
            "aws-lambda-layers-trusted-accounts",
            "aws-lambda-permission-service-source",
            "aws-lambda-reserved-concurrency",
            "aws-lambda-role-not-shared",
            "aws-lambda-role-scoped-resources",
            "aws-lambda-runtime-supported",
            "aws-lambda-tracing-enabled",
            "aws-lambda-url-cors-restricted",
        ], trippedByInsecureStack);
        for (const d of diagnostics) {
            assert.ok(!d.message.includes(password), d.message);
        }
    });

    it("knows which values the engine sent as Pulumi secrets (the pack's deserialization hook)", async () => {
        const fn = aws.function("app", { role: "arn:aws:iam::123456789012:role/r", environment: { variables: {
            CONFIG: secret("blue") as unknown as string, TABLE_NAME: "orders",
        } } });
        const findings = (await pack().analyze(fn)).diagnostics.filter(d => d.policyName === "aws-lambda-env-no-plaintext-secrets");
        assert.equal(findings.length, 1);
        assert.equal(findings[0].enforcementLevel, "mandatory");
        assert.match(findings[0].message, /environment variable CONFIG holds a Pulumi secret/);
        assert.ok(!findings[0].message.includes("blue"));
    });

    it("judges what is known and notes what is unknown, instead of dropping the policy", async () => {
        const fn = aws.function("app", { role: "arn:aws:iam::123456789012:role/r", vpcConfig: unknownAs(), tracingConfig: { mode: "Active" } });
        const diagnostics = (await pack().analyze(fn)).diagnostics;
        assert.ok(!diagnostics.some(d => d.message.includes("can't run policy")), "the SDK dropped a policy on an unknown");
        const vpc = diagnostics.filter(d => d.policyName === "aws-lambda-vpc-attached");
        assert.equal(vpc.length, 1);
        assert.equal(vpc[0].enforcementLevel, "advisory");
        assert.match(vpc[0].message, /vpcConfig is unknown during preview/);
    });
});
