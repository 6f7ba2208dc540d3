import * as assert from "node:assert/strict";
import {
    awsIdentityPolicies, noAdminManagedPolicy, noFullWildcard, noNotAction, noPrivilegeEscalation, noServiceWildcard, roleNotShared,
    scopedResources, trustNotPublic,
} from "../../policies/aws/identity";
import { runStackPolicy } from "../harness/args";
import { atLevel, expectFindings, expectUnknownNote } from "../harness/expect";
import { aws, lambdaTrust, policyJson, secureAwsStack } from "../fixtures/aws";
import { UNKNOWN_STRING, unknownAs } from "../fixtures/common";

/** A function whose role (linked at preview through propertyDependencies) has one inline policy. */
function withInlinePolicy(...statements: object[]) {
    const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "main", policy: policyJson(...statements) }] });
    return [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })];
}

describe("AWS execution-role rules", () => {
    it("pass the seeds' secure stack with no finding at all", async () => {
        for (const policy of awsIdentityPolicies) {
            assert.deepEqual(await runStackPolicy(policy, secureAwsStack()), [], policy.name);
        }
    });

    it("each note a policy document unknown at preview and report nothing else", async () => {
        const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "computed", policy: UNKNOWN_STRING }] });
        const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
        for (const policy of awsIdentityPolicies.filter(p => ![trustNotPublic, roleNotShared, noAdminManagedPolicy].includes(p))) {
            expectUnknownNote(await runStackPolicy(policy, [role, fn]), "the policy document of inline policy 'computed'");
        }
        assert.deepEqual(await runStackPolicy(noAdminManagedPolicy, [role, fn]), []);
    });

    it("ignore roles no function uses", async () => {
        const unused = aws.role("unused", { assumeRolePolicy: policyJson({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
            inlinePolicies: [{ name: "all", policy: policyJson({ Effect: "Allow", Action: "*", Resource: "*" }) }] });
        for (const policy of awsIdentityPolicies) {
            assert.deepEqual(await runStackPolicy(policy, [unused]), [], policy.name);
        }
    });

    describe("aws-lambda-role-no-full-wildcard", () => {
        it("reports Action * in an inline policy, mandatory", async () => {
            const violations = await runStackPolicy(noFullWildcard, withInlinePolicy({ Effect: "Allow", Action: "*", Resource: "*" }));
            expectFindings(violations, 1, "Lambda function 'app'", "statement 1 of inline policy 'main' of role 'role'", "every action on every resource", "Fix:");
            assert.equal(violations[0].enforcementLevel, "mandatory");
        });

        it("names an inline policy by position when its name is not an IAM name (regression: any name was printed whole)", async () => {
            const pasted = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::private-bucket-x1/*" }] });
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [
                { name: "ok", policy: policyJson({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
                { name: pasted, policy: policyJson({ Effect: "Allow", Action: "*", Resource: "*" }) },
                { name: "x".repeat(100_000), policy: policyJson({ Effect: "Allow", Action: "*", Resource: "*" }) },
            ] });
            const violations = await runStackPolicy(noFullWildcard, [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })]);
            assert.deepEqual(violations.map(v => /inline policy (\S+) of role/.exec(v.message)?.[1]), ["#2", "#3"]);
            assert.ok(violations.every(v => !v.message.includes("private-bucket-x1") && v.message.length < 1_000));
        });

        it("finds documents in RolePolicy, attached customer Policy and PolicyAttachment, linked by dependency or name", async () => {
            const role = aws.role("role", { name: "fn-role", assumeRolePolicy: lambdaTrust });
            const fn = aws.function("app", { role: "arn:aws:iam::123456789012:role/fn-role" });
            const all = policyJson({ Effect: "Allow", Action: "*", Resource: "*" });
            const rolePolicy = aws.rolePolicy("extra", { role: "fn-role", policy: all });
            const custom = aws.policy("custom", { policy: all });
            const attachment = aws.rolePolicyAttachment("attach", { role: UNKNOWN_STRING, policyArn: UNKNOWN_STRING }, { role: [role], policyArn: [custom] });
            const custom2 = aws.policy("custom2", { name: "custom2", policy: all });
            const legacy = aws.policyAttachment("legacy", { roles: ["fn-role"], policyArn: "arn:aws:iam::123456789012:policy/custom2" });
            const violations = await runStackPolicy(noFullWildcard, [role, fn, rolePolicy, custom, attachment, custom2, legacy]);
            expectFindings(violations, 3, "Lambda function 'app'");
            assert.ok(violations.some(v => v.message.includes("RolePolicy 'extra'")));
            assert.ok(violations.some(v => v.message.includes("Policy 'custom' attached by RolePolicyAttachment 'attach'")));
            assert.ok(violations.some(v => v.message.includes("Policy 'custom2' attached by PolicyAttachment 'legacy'")));
        });

        it("reports a malformed document as unverifiable, without quoting it", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "bad", policy: "{not json" }] });
            const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
            const violations = await runStackPolicy(noFullWildcard, [role, fn]);
            expectFindings(violations, 1, "not a valid IAM policy");
            assert.ok(!violations[0].message.includes("{not json"));
        });

        it("notes a document unknown at preview instead of passing it", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "computed", policy: UNKNOWN_STRING }] });
            const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
            expectUnknownNote(await runStackPolicy(noFullWildcard, [role, fn]), "the policy document of inline policy 'computed'");
        });

        it("notes a role that is unknown and not linked", async () => {
            expectUnknownNote(await runStackPolicy(noFullWildcard, [aws.function("app", { role: UNKNOWN_STRING })]), "role");
        });

        it("passes a role created outside the stack (named by a literal ARN)", async () => {
            assert.deepEqual(await runStackPolicy(noFullWildcard, [aws.function("app", { role: "arn:aws:iam::123456789012:role/elsewhere" })]), []);
        });
    });

    describe("aws-lambda-role-no-service-wildcard", () => {
        it("reports s3:* and dynamodb:*, passes single actions, honours allowedServices", async () => {
            const stack = withInlinePolicy({ Effect: "Allow", Action: ["s3:*", "dynamodb:*"], Resource: "arn:aws:s3:::bucket/*" });
            expectFindings(await runStackPolicy(noServiceWildcard, stack), 1, "s3:*, dynamodb:*");
            expectFindings(await runStackPolicy(noServiceWildcard, stack, { config: { allowedServices: ["s3"] } }), 1, "dynamodb:*");
            assert.deepEqual(await runStackPolicy(noServiceWildcard, stack, { config: { allowedServices: ["s3", "dynamodb"] } }), []);
            assert.deepEqual(await runStackPolicy(noServiceWildcard, withInlinePolicy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })), []);
        });
    });

    describe("aws-lambda-role-no-not-action", () => {
        it("reports Allow with NotAction or NotResource, not Deny", async () => {
            expectFindings(await runStackPolicy(noNotAction, withInlinePolicy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), 1, "NotAction");
            expectFindings(await runStackPolicy(noNotAction, withInlinePolicy({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::x/*" })), 1, "NotResource");
            assert.deepEqual(await runStackPolicy(noNotAction, withInlinePolicy({ Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" })), []);
        });
    });

    describe("aws-lambda-role-no-admin-managed-policy", () => {
        const withManaged = (...arns: string[]) => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, managedPolicyArns: arns });
            return [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })];
        };

        it("reports AdministratorAccess and *FullAccess, passes the Lambda execution policies", async () => {
            expectFindings(await runStackPolicy(noAdminManagedPolicy, withManaged("arn:aws:iam::aws:policy/AdministratorAccess")), 1, "AdministratorAccess", "administrator access");
            expectFindings(await runStackPolicy(noAdminManagedPolicy, withManaged("arn:aws:iam::aws:policy/AmazonS3FullAccess")), 1, "AmazonS3FullAccess", "service-wide");
            assert.deepEqual(await runStackPolicy(noAdminManagedPolicy, withManaged(
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
            )), []);
        });

        it("reports a RolePolicyAttachment of an AWS managed policy and honours acceptedManagedPolicies", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust });
            const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
            const attach = aws.rolePolicyAttachment("power", { role: UNKNOWN_STRING, policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }, { role: [role] });
            expectFindings(await runStackPolicy(noAdminManagedPolicy, [role, fn, attach]), 1, "RolePolicyAttachment 'power'", "PowerUserAccess");
            assert.deepEqual(await runStackPolicy(noAdminManagedPolicy, [role, fn, attach], { config: { acceptedManagedPolicies: ["PowerUserAccess"] } }), []);
        });

        it("notes an attachment whose policy ARN is unknown and unlinked", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust });
            const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
            const attach = aws.rolePolicyAttachment("a", { role: UNKNOWN_STRING, policyArn: UNKNOWN_STRING }, { role: [role] });
            expectUnknownNote(await runStackPolicy(noAdminManagedPolicy, [role, fn, attach]), "the policy ARN of RolePolicyAttachment 'a'");
        });
    });

    describe("aws-lambda-role-trust-not-public", () => {
        const withTrust = (assumeRolePolicy: string) => {
            const role = aws.role("role", { assumeRolePolicy });
            return [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })];
        };

        it("reports Principal * and {AWS: *}, passes the Lambda service and conditioned trust", async () => {
            expectFindings(await runStackPolicy(trustNotPublic, withTrust(policyJson({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }))), 1, "lets anyone assume it");
            expectFindings(await runStackPolicy(trustNotPublic, withTrust(policyJson({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }))), 1, "{\"AWS\": \"*\"}");
            assert.deepEqual(await runStackPolicy(trustNotPublic, withTrust(lambdaTrust)), []);
            const conditioned = policyJson({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } });
            assert.deepEqual(await runStackPolicy(trustNotPublic, withTrust(conditioned)), []);
        });

        it("notes an unknown trust policy", async () => {
            expectUnknownNote(await runStackPolicy(trustNotPublic, withTrust(UNKNOWN_STRING)), "assumeRolePolicy of role 'role'");
        });
    });

    describe("aws-lambda-role-scoped-resources (advisory)", () => {
        it("reports dynamodb:GetItem on *, accepts logs-only roles and configured actions", async () => {
            const violations = await runStackPolicy(scopedResources, withInlinePolicy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }));
            expectFindings(violations, 1, "Resource \"*\" without a condition");
            assert.deepEqual(atLevel(violations), []);
            assert.deepEqual(await runStackPolicy(scopedResources, withInlinePolicy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }), { config: { acceptedActions: ["dynamodb:GetItem"] } }), []);
            assert.deepEqual(await runStackPolicy(scopedResources, withInlinePolicy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/team": "a" } } })), []);
        });
    });

    describe("aws-lambda-role-no-privilege-escalation", () => {
        it("reports PassRole with CreateFunction and invoke, and iam:Put* across documents", async () => {
            const violations = await runStackPolicy(noPrivilegeEscalation, withInlinePolicy(
                { Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
            ));
            expectFindings(violations, 1, "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction", "privilege escalation");
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "a", policy: policyJson({ Effect: "Allow", Action: "iam:Put*", Resource: "*" }) }] });
            const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
            assert.ok((await runStackPolicy(noPrivilegeEscalation, [role, fn])).some(v => v.message.includes("iam:PutRolePolicy")));
        });

        it("passes PassRole alone", async () => {
            assert.deepEqual(await runStackPolicy(noPrivilegeEscalation, withInlinePolicy({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/worker" })), []);
        });
    });

    describe("aws-lambda-role-not-shared (advisory)", () => {
        it("reports each function that shares a role, passes own roles", async () => {
            const role = aws.role("shared", { assumeRolePolicy: lambdaTrust });
            const a = aws.function("a", { role: UNKNOWN_STRING }, { role: [role] });
            const b = aws.function("b", { role: unknownAs() }, { role: [role] });
            const violations = await runStackPolicy(roleNotShared, [role, a, b]);
            expectFindings(violations, 2, "shares its execution role 'shared' with 1 other function(s)");
            assert.deepEqual(await runStackPolicy(roleNotShared, secureAwsStack()), []);
        });
    });
});
