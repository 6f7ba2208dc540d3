// The Lambda execution-role rules, run as the engine runs them: Analyze on each resource's inputs,
// then AnalyzeStack on the planned state (preview, by default) or the final state (up).
import * as assert from "node:assert/strict";
import { createHash } from "crypto";
import {
    awsIdentityPolicies, noAdminManagedPolicy, noFullWildcard, noNotAction, noPrivilegeEscalation, noServiceWildcard, roleNotShared,
    scopedResources, trustNotPublic,
} from "../../policies/aws/identity";
import { TestResource, runPack, runRule } from "../harness/args";
import { atLevel, expectFindings, expectNoValues, expectUnknownNote } from "../harness/expect";
import { aws, awsProvider, lambdaTrust, policyJson, secureAwsStack } from "../fixtures/aws";
import { UNKNOWN_STRING } from "../fixtures/common";

const anything = { Effect: "Allow", Action: "*", Resource: "*" };
const publicTrust = policyJson({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" });

/** A role trusted by Lambda with one inline policy, and a function that runs as it (linked at preview). */
function withInlinePolicy(...statements: object[]) {
    const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "main", policy: policyJson(...statements) }] });
    return [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })];
}

/** The findings of every role rule, by policy name. */
async function byPolicy(resources: TestResource[]) {
    const found = new Map<string, number>();
    for (const v of await runPack(awsIdentityPolicies, resources)) {
        found.set(v.policyName, (found.get(v.policyName) ?? 0) + 1);
    }
    return Object.fromEntries(found);
}

describe("AWS execution-role rules", () => {
    it("pass the seeds' secure stack with no finding and no note at preview and at up", async () => {
        for (const mode of ["preview", "up"] as const) {
            assert.deepEqual(await runPack(awsIdentityPolicies, secureAwsStack(), {}, mode), [], mode);
        }
    });

    it("say nothing of a role that sets no inline or managed policies (the provider computes both lists at preview)", async () => {
        const role = aws.role("role", { assumeRolePolicy: lambdaTrust });
        const attach = aws.rolePolicyAttachment("basic", { role: UNKNOWN_STRING, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }, { role: [role] });
        const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
        assert.deepEqual(await runPack(awsIdentityPolicies, [role, attach, fn]), []);
    });

    it("ignore roles that neither trust Lambda nor run a function of the stack", async () => {
        const unused = aws.role("unused", { assumeRolePolicy: publicTrust, inlinePolicies: [{ name: "all", policy: policyJson(anything) }] });
        assert.deepEqual(await runPack(awsIdentityPolicies, [unused]), []);
    });

    it("decide in Analyze what a role trusted by Lambda declares itself: preview blocks, up stops before the role exists", async () => {
        const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "main", policy: policyJson(anything) }] });
        for (const mode of ["preview", "up"] as const) {
            const violations = await runPack([noFullWildcard], [role], {}, mode);
            expectFindings(violations, 1, "Role 'role' (trusted by Lambda): statement 1 of inline policy 'main' allows every action on every resource", "Fix:");
            assert.equal(violations[0].phase, "analyze");
            assert.equal(violations[0].enforcementLevel, "mandatory");
            assert.equal(violations[0].urn, role.urn);
        }
    });

    it("judge in AnalyzeStack the inline policies of a role that only a function makes an execution role", async () => {
        const role = aws.role("role", { assumeRolePolicy: publicTrust, inlinePolicies: [{ name: "main", policy: policyJson(anything) }] });
        const violations = await runRule(noFullWildcard, [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })]);
        expectFindings(violations, 1, "Role 'role' (execution role of Lambda function 'app'): statement 1 of inline policy 'main'");
        assert.equal(violations[0].phase, "analyzeStack");
    });

    it("note a policy document unknown at preview once, for every rule that waits for it", async () => {
        const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "computed", policy: UNKNOWN_STRING }] });
        const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
        for (const policy of [noFullWildcard, noServiceWildcard, noNotAction, scopedResources]) {
            expectUnknownNote(await runRule(policy, [role, fn]), "Role 'role' (trusted by Lambda): inline policy 'computed'");
        }
        assert.deepEqual(await runRule(noAdminManagedPolicy, [role, fn]), []);
    });

    it("note a function whose role is unknown and comes from no role of the stack", async () => {
        expectUnknownNote(await runRule(noFullWildcard, [aws.function("app", { role: UNKNOWN_STRING })]), "Lambda function 'app': role");
    });

    it("pass a role created outside the stack (named by a literal ARN)", async () => {
        assert.deepEqual(await runPack(awsIdentityPolicies, [aws.function("app", { role: "arn:aws:iam::123456789012:role/elsewhere" })]), []);
    });

    describe("aws-lambda-role-no-full-wildcard", () => {
        it("names an inline policy by position when its name is not an IAM name, never printing the name", async () => {
            const pasted = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::private-bucket-x1/*" }] });
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [
                { name: "ok", policy: policyJson({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
                { name: pasted, policy: policyJson(anything) },
                { name: "x".repeat(100_000), policy: policyJson(anything) },
            ] });
            const violations = await runRule(noFullWildcard, [role]);
            expectFindings(violations, 1, "inline policy #2", "inline policy #3");
            expectNoValues(violations, "private-bucket-x1");
            assert.ok(violations[0].message.length <= 1_000);
        });

        it("reports each RolePolicy, attached customer Policy and PolicyAttachment on the resource that declares it, linked by dependency or name", async () => {
            const role = aws.role("role", { name: "fn-role", assumeRolePolicy: lambdaTrust });
            const fn = aws.function("app", { role: "arn:aws:iam::123456789012:role/fn-role" });
            const all = policyJson(anything);
            const rolePolicy = aws.rolePolicy("extra", { role: "fn-role", policy: all });
            const custom = aws.policy("custom", { policy: all });
            const attachment = aws.rolePolicyAttachment("attach", { role: UNKNOWN_STRING, policyArn: UNKNOWN_STRING }, { role: [role], policyArn: [custom] });
            const custom2 = aws.policy("custom2", { name: "custom2", policy: all });
            const legacy = aws.policyAttachment("legacy", { roles: ["fn-role"], policyArn: "arn:aws:iam::123456789012:policy/custom2" });
            const violations = await runRule(noFullWildcard, [role, fn, rolePolicy, custom, attachment, custom2, legacy]);
            assert.deepEqual(violations.map(v => v.urn), [rolePolicy.urn, custom.urn, custom2.urn]);
            expectFindings(violations, 3, "(on role 'role', execution role of Lambda function 'app'): statement 1 of its policy allows every action");
            assert.ok(violations.every(v => v.phase === "analyzeStack" && v.enforcementLevel === "mandatory"));
        });

        it("reports a malformed document as unverifiable, without quoting it", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "bad", policy: "{not json" }] });
            const violations = await runRule(noFullWildcard, [role]);
            expectFindings(violations, 1, "inline policy 'bad' is not a valid IAM policy");
            expectNoValues(violations, "{not json");
        });

        it("reports twenty offending statements as one finding that names the first ones and counts the rest", async () => {
            const statements = Array.from({ length: 20 }, () => anything);
            const violations = await runRule(noFullWildcard, withInlinePolicy(...statements));
            expectFindings(violations, 1, "statement 1 of inline policy 'main'", "statement 3", "and 17 more");
            assert.ok(violations[0].message.length <= 1_000);
        });

        it("reports a document shared by many functions once, on the role, naming a few functions", async () => {
            const role = aws.role("shared", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "all", policy: policyJson(anything) }] });
            const functions = Array.from({ length: 50 }, (_, i) => aws.function(`fn-${i}`, { role: UNKNOWN_STRING }, { role: [role] }));
            const violations = await runRule(noFullWildcard, [role, ...functions]);
            expectFindings(violations, 1, "Role 'shared' (trusted by Lambda)");
            const stackNote = await runRule(roleNotShared, [role, ...functions]);
            expectFindings(stackNote, 1, "Role 'shared' (execution role of Lambda functions 'fn-0', 'fn-1', 'fn-2' and 47 more): is shared by 50 functions");
        });
    });

    describe("a broader finding covers the narrower ones of the same statement", () => {
        it("Action \"*\" is one full-wildcard finding, not also a service wildcard, unscoped resources or escalation paths", async () => {
            assert.deepEqual(await byPolicy(withInlinePolicy(anything)), { "aws-lambda-role-no-full-wildcard": 1 });
            assert.deepEqual(await byPolicy(withInlinePolicy({ Effect: "Allow", Action: ["*", "s3:*"], Resource: "*" })), { "aws-lambda-role-no-full-wildcard": 1 });
        });

        it("iam:* is a service-wildcard finding without its own escalation paths; a path that needs another statement stays", async () => {
            assert.deepEqual(await byPolicy(withInlinePolicy({ Effect: "Allow", Action: "iam:*", Resource: "*" })), { "aws-lambda-role-no-service-wildcard": 1 });
            const combined = await byPolicy(withInlinePolicy(
                { Effect: "Allow", Action: "iam:*", Resource: "*" },
                { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "arn:aws:lambda:eu-west-1:123456789012:function:x" },
            ));
            assert.deepEqual(combined, { "aws-lambda-role-no-service-wildcard": 1, "aws-lambda-role-no-privilege-escalation": 1 });
        });

        it("a statement with s3:* and a restrictable action on * reports the wildcard, and the other action as unscoped", async () => {
            const found = await runPack([noServiceWildcard, scopedResources], withInlinePolicy({ Effect: "Allow", Action: ["s3:*", "dynamodb:GetItem"], Resource: "*" }));
            assert.deepEqual(found.map(v => v.policyName), ["aws-lambda-role-no-service-wildcard", "aws-lambda-role-scoped-resources"]);
            assert.match(found[1].message, /allows 1 action pattern\(s\) on Resource "\*"/);
        });
    });

    describe("aws-lambda-role-no-service-wildcard", () => {
        it("reports s3:* and dynamodb:*, passes single actions, honours allowedServices", async () => {
            const stack = withInlinePolicy({ Effect: "Allow", Action: ["s3:*", "dynamodb:*"], Resource: "arn:aws:s3:::bucket/*" });
            expectFindings(await runRule(noServiceWildcard, stack), 1, "s3:*, dynamodb:*");
            expectFindings(await runRule(noServiceWildcard, stack, { config: { allowedServices: ["s3"] } }), 1, "dynamodb:*");
            assert.deepEqual(await runRule(noServiceWildcard, stack, { config: { allowedServices: ["s3", "dynamodb"] } }), []);
            assert.deepEqual(await runRule(noServiceWildcard, withInlinePolicy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })), []);
        });
    });

    describe("aws-lambda-role-no-not-action", () => {
        it("reports Allow with NotAction or NotResource, not Deny", async () => {
            expectFindings(await runRule(noNotAction, withInlinePolicy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), 1, "NotAction");
            expectFindings(await runRule(noNotAction, withInlinePolicy({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::x/*" })), 1, "NotResource");
            assert.deepEqual(await runRule(noNotAction, withInlinePolicy({ Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" })), []);
        });
    });

    describe("aws-lambda-role-no-admin-managed-policy", () => {
        const withManaged = (...arns: string[]) => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, managedPolicyArns: arns });
            return [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })];
        };

        it("reports AdministratorAccess and *FullAccess on the role in Analyze, passes the Lambda execution policies", async () => {
            const admin = await runRule(noAdminManagedPolicy, withManaged("arn:aws:iam::aws:policy/AdministratorAccess"));
            expectFindings(admin, 1, "Role 'role' (trusted by Lambda): attaches the AWS managed policy AdministratorAccess", "administrator access");
            assert.equal(admin[0].phase, "analyze");
            expectFindings(await runRule(noAdminManagedPolicy, withManaged("arn:aws:iam::aws:policy/AmazonS3FullAccess")), 1, "AmazonS3FullAccess", "service-wide");
            assert.deepEqual(await runRule(noAdminManagedPolicy, withManaged(
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
            )), []);
        });

        it("reports a RolePolicyAttachment on the attachment and honours acceptedManagedPolicies", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust });
            const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
            const attach = aws.rolePolicyAttachment("power", { role: UNKNOWN_STRING, policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }, { role: [role] });
            const violations = await runRule(noAdminManagedPolicy, [role, fn, attach]);
            expectFindings(violations, 1, "RolePolicyAttachment 'power' (on role 'role', execution role of Lambda function 'app'): attaches the AWS managed policy PowerUserAccess");
            assert.equal(violations[0].urn, attach.urn);
            assert.deepEqual(await runRule(noAdminManagedPolicy, [role, fn, attach], { config: { acceptedManagedPolicies: ["PowerUserAccess"] } }), []);
        });

        it("notes an attachment whose policy ARN is unknown and unlinked, on the attachment", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust });
            const fn = aws.function("app", { role: UNKNOWN_STRING }, { role: [role] });
            const attach = aws.rolePolicyAttachment("a", { role: UNKNOWN_STRING, policyArn: UNKNOWN_STRING }, { role: [role] });
            const notes = await runRule(noAdminManagedPolicy, [role, fn, attach]);
            expectUnknownNote(notes, "RolePolicyAttachment 'a' (on role 'role', execution role of Lambda function 'app'): policyArn");
            assert.equal(notes[0].urn, attach.urn);
        });

        it("says which component attached a policy the program never wrote, and what to pass it", async () => {
            const sha = (arn: string) => createHash("sha1").update(arn).digest("hex").slice(0, 8);
            const fullAccess = "arn:aws:iam::aws:policy/AWSLambda_FullAccess";
            // What aws.lambda.CallbackFunction("orders", { callback }) registers: a role, its attachments and the function, all named after it.
            const role = aws.role("orders", { assumeRolePolicy: lambdaTrust });
            const attach = aws.rolePolicyAttachment(`orders-${sha(fullAccess)}`, { role: UNKNOWN_STRING, policyArn: fullAccess }, { role: [role] });
            const fn = aws.function("orders", { role: UNKNOWN_STRING, runtime: "nodejs22.x" }, { role: [role] });
            const cloudWatch = "arn:aws:iam::aws:policy/CloudWatchFullAccessV2";
            const attach2 = aws.rolePolicyAttachment(`orders-${sha(cloudWatch)}`, { role: UNKNOWN_STRING, policyArn: cloudWatch }, { role: [role] });
            const direct = await runRule(noAdminManagedPolicy, [role, attach, attach2, fn]);
            expectFindings(direct, 1, "Role 'orders' (execution role of Lambda function 'orders'): aws.lambda.CallbackFunction 'orders' attached the broad AWS managed policies " +
                "AWSLambda_FullAccess and CloudWatchFullAccessV2, not the program", "pass the CallbackFunction `policies`", "or a `role`");
            assert.equal(direct[0].urn, role.urn, "one finding for the component, on the role it created");

            // The same inside bucket.onObjectCreated: the mixin's component is the parent of all three.
            const subscription = { type: "aws:s3:BucketEventSubscription", name: "uploads", urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket$aws:s3:BucketEventSubscription::uploads", properties: {} };
            const child = <T extends TestResource>(r: T): T => ({ ...r, parent: subscription.urn, urn: r.urn.replace("::aws:", "::aws:s3/bucket:Bucket$aws:s3:BucketEventSubscription$aws:") });
            const [mixinRole, mixinAttach, mixinFn] = [role, attach, fn].map(child);
            mixinAttach.propertyDependencies = { role: [mixinRole.urn] };
            mixinFn.propertyDependencies = { role: [mixinRole.urn] };
            const viaMixin = await runRule(noAdminManagedPolicy, [subscription, mixinRole, mixinAttach, mixinFn]);
            expectFindings(viaMixin, 1, "bucket.onObjectCreated / onObjectRemoved / onEvent (aws:s3:BucketEventSubscription 'uploads') attached the broad AWS managed policy AWSLambda_FullAccess",
                "pass that call an aws.lambda.CallbackFunction with `policies`");
        });
    });

    describe("aws-lambda-role-trust-not-public", () => {
        it("reports a role trusted by Lambda and by anyone in Analyze, and one that only a function uses in AnalyzeStack", async () => {
            const both = aws.role("both", { assumeRolePolicy: policyJson(
                { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
                { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
            ) });
            const early = await runRule(trustNotPublic, [both]);
            expectFindings(early, 1, "lets anyone assume it", "{\"AWS\": \"*\"}");
            assert.equal(early[0].phase, "analyze");
            const role = aws.role("role", { assumeRolePolicy: publicTrust });
            const late = await runRule(trustNotPublic, [role, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })]);
            expectFindings(late, 1, "Role 'role' (execution role of Lambda function 'app'): its trust policy (assumeRolePolicy) lets anyone assume it (Principal \"*\"");
            assert.equal(late[0].phase, "analyzeStack");
        });

        it("passes the Lambda service and conditioned trust; notes an unknown trust policy of a role a function uses", async () => {
            assert.deepEqual(await runRule(trustNotPublic, withInlinePolicy()), []);
            const conditioned = aws.role("role", { assumeRolePolicy: policyJson({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }) });
            assert.deepEqual(await runRule(trustNotPublic, [conditioned, aws.function("app", { role: UNKNOWN_STRING }, { role: [conditioned] })]), []);
            const unknown = aws.role("role", { assumeRolePolicy: UNKNOWN_STRING });
            expectUnknownNote(await runRule(trustNotPublic, [unknown, aws.function("app", { role: UNKNOWN_STRING }, { role: [unknown] })]), "assumeRolePolicy");
        });
    });

    describe("aws-lambda-role-scoped-resources (advisory)", () => {
        it("reports dynamodb:GetItem on *, accepts logs-only roles and configured actions", async () => {
            const violations = await runRule(scopedResources, withInlinePolicy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }));
            expectFindings(violations, 1, "Resource \"*\" without a condition");
            assert.deepEqual(atLevel(violations), []);
            assert.deepEqual(await runRule(scopedResources, withInlinePolicy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }), { config: { acceptedActions: ["dynamodb:GetItem"] } }), []);
            assert.deepEqual(await runRule(scopedResources, withInlinePolicy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/team": "a" } } })), []);
        });
    });

    describe("aws-lambda-role-no-privilege-escalation", () => {
        it("reports PassRole with CreateFunction and invoke in one document in Analyze", async () => {
            const violations = await runRule(noPrivilegeEscalation, withInlinePolicy(
                { Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
            ));
            expectFindings(violations, 1, "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction (inline policy 'main')", "privilege escalation");
            assert.equal(violations[0].phase, "analyze");
        });

        it("reports what documents of several resources allow together, on the role, naming them", async () => {
            const role = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "pass", policy: policyJson({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) }] });
            const rolePolicy = aws.rolePolicy("deploy", { role: UNKNOWN_STRING, policy: policyJson({ Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" }) }, { role: [role] });
            const violations = await runRule(noPrivilegeEscalation, [role, rolePolicy, aws.function("app", { role: UNKNOWN_STRING }, { role: [role] })]);
            expectFindings(violations, 1, "Role 'role' (execution role of Lambda function 'app'): allows iam:PassRole", "(inline policy 'pass', RolePolicy 'deploy')");
            assert.equal(violations[0].phase, "analyzeStack");
        });

        it("passes PassRole alone", async () => {
            assert.deepEqual(await runRule(noPrivilegeEscalation, withInlinePolicy({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/worker" })), []);
        });
    });

    describe("aws-lambda-role-not-shared (advisory)", () => {
        it("reports a role that several functions run as, once, on the role; passes own roles", async () => {
            const role = aws.role("shared", { assumeRolePolicy: lambdaTrust });
            const a = aws.function("a", { role: UNKNOWN_STRING }, { role: [role] });
            const b = aws.function("b", { role: UNKNOWN_STRING }, { role: [role] });
            const violations = await runRule(roleNotShared, [role, a, b]);
            expectFindings(violations, 1, "Role 'shared' (execution role of Lambda functions 'a' and 'b'): is shared by 2 functions");
            assert.equal(violations[0].urn, role.urn);
            assert.deepEqual(await runRule(roleNotShared, secureAwsStack()), []);
        });
    });

    describe("links by literal name within a provider's account", () => {
        const provider = (account: string | undefined, name: string) => awsProvider(name, account ? { allowedAccountIds: [account] } : {});
        const named = (name: string, of: ReturnType<typeof provider>, policy: object) =>
            ({ ...aws.role(`${name}-${of.name}`, { name, assumeRolePolicy: publicTrust, inlinePolicies: [{ name: "p", policy: policyJson(policy) }] }), provider: of });
        const fnUnder = (of: ReturnType<typeof provider>, roleArn: string) => ({ ...aws.function(`fn-${of.name}`, { role: roleArn }), provider: of });
        const scoped = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };

        it("links a function only to the same-named role of its own provider", async () => {
            const [prod, dev] = [provider("111111111111", "prod"), provider("222222222222", "dev")];
            const resources = [named("app", prod, scoped), named("app", dev, anything), fnUnder(prod, "arn:aws:iam::111111111111:role/app"), fnUnder(dev, "arn:aws:iam::222222222222:role/app")];
            const violations = await runRule(noFullWildcard, resources);
            expectFindings(violations, 1, "Role 'app-dev' (execution role of Lambda function 'fn-dev')");
        });

        it("does not link an ARN to a role of another known account; links a lone candidate of another provider; links none among several", async () => {
            const [a, b, c] = [provider("111111111111", "a"), provider(undefined, "b"), provider(undefined, "c")];
            assert.deepEqual(await runRule(noFullWildcard, [named("app", a, anything), fnUnder(b, "arn:aws:iam::999999999999:role/app")]), []);
            expectFindings(await runRule(noFullWildcard, [named("app", b, anything), fnUnder(c, "app")]), 1, "execution role of Lambda function 'fn-c'");
            assert.deepEqual(await runRule(noFullWildcard, [named("app", b, anything), named("app", c, anything), fnUnder(a, "app")]), [],
                "two providers of unknown accounts: which role is meant cannot be told");
        });
    });
});
