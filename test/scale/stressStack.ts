// The stress stack of issue 13, as a program registers it and at any size: functions sharing one
// role whose documents hold 50 offending statements, roles of the same physical names under 10 aws
// providers of 10 accounts (some clean, some not) with functions linked to them by literal name or
// ARN, and filler resources. Everything but the statements and the providers scales with the size.
import type { QueueArgs } from "@pulumi/aws/sqs/queue";
import type { LogGroupArgs } from "@pulumi/aws/cloudwatch/logGroup";
import type { TableArgs } from "@pulumi/aws/dynamodb/table";
import type { TestResource } from "../harness/args";
import type { EngineProvider } from "../harness/engine";
import { aws, awsProvider, lambdaTrust, policyJson } from "../fixtures/aws";
import { UNKNOWN_STRING, resourceOf } from "../fixtures/common";

const filler = {
    queue: resourceOf<QueueArgs>("aws:sqs/queue:Queue"),
    logGroup: resourceOf<LogGroupArgs>("aws:cloudwatch/logGroup:LogGroup"),
    table: resourceOf<TableArgs>("aws:dynamodb/table:Table"),
};

/** Resources no function depends on, in turn. */
const fillers: ((i: number) => TestResource)[] = [
    i => filler.queue(`queue-${i}`, { messageRetentionSeconds: 345600, sqsManagedSseEnabled: true }),
    i => filler.logGroup(`logs-${i}`, { retentionInDays: 30 }),
    i => filler.table(`table-${i}`, { hashKey: "pk", attributes: [{ name: "pk", type: "S" }], billingMode: "PAY_PER_REQUEST" }),
    i => aws.securityGroup(`sg-${i}`, { vpcId: "vpc-0abc", egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }] }),
];

/** At 10,000 resources; the counts scale with the size. */
const full = { size: 10_000, sharedFunctions: 5_000, roleNames: 10 };
const providerCount = 10;
/** Providers 0 to 4 deploy roles with an offending policy; 5 to 9 clean ones. */
const cleanFrom = 5;

const accountOf = (p: number) => `1000000000${String(p).padStart(2, "0")}`;

const providerConfig = { region: "eu-west-1", version: "7.0.0" };
/** An explicit aws provider, pinned to its own account. */
const providerOf = (p: number) => awsProvider(`acct-${p}`, { ...providerConfig, allowedAccountIds: [accountOf(p)] });
const defaultProvider = awsProvider("default_7_0_0", providerConfig);

/** 50 statements a reviewer would flag, of the shapes the rules know (full wildcard, service wildcards, escalation, NotAction). */
function offendingStatements(count = 50): object[] {
    const shapes = [
        { Action: "s3:*", Resource: "*" },
        { Action: "dynamodb:*", Resource: "*" },
        { Action: "iam:PassRole", Resource: "*" },
        { Action: "*", Resource: "*" },
        { NotAction: "iam:*", Resource: "*" },
        { Action: ["lambda:*", "sqs:*"], Resource: "*" },
        { Action: ["iam:CreatePolicyVersion", "iam:AttachRolePolicy"], Resource: "*" },
        { Action: "sts:AssumeRole", Resource: "*" },
        { Action: "kms:*", Resource: "*" },
        { Action: "ec2:*", Resource: "*" },
    ];
    return Array.from({ length: count }, (_, i) => ({ Sid: `Broad${i}`, Effect: "Allow", ...shapes[i % shapes.length] }));
}

/** A function as secure as the pack asks (VPC, concurrency, tracing, KMS), its role given as `role`. */
const secureFunction = (name: string, role: string) => aws.function(name, {
    role,
    runtime: "nodejs22.x",
    handler: "index.handler",
    reservedConcurrentExecutions: 5,
    tracingConfig: { mode: "Active" },
    kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    vpcConfig: { subnetIds: ["subnet-0aaa", "subnet-0bbb"], securityGroupIds: ["sg-0ccc"] },
});

/** The resources of the stress stack and what the assertions need to know about them. */
export interface StressStack {
    resources: TestResource[];
    /** The functions under providers whose roles are clean: no role finding may name them. */
    cleanFunctions: TestResource[];
    /** Their roles and the roles' documents. */
    cleanRoles: TestResource[];
    /** The functions under the other providers (linked to an offending role of their own account). */
    exposedFunctions: TestResource[];
    /** Plaintext values that no message may contain. */
    secrets: string[];
}

/**
 * `size` resources: at 10,000, 5,000 functions on one role (50 offending statements in its inline
 * policy, a RolePolicy and an attached customer policy), 100 roles with a RolePolicy each (10
 * physical names, each under all 10 providers: IAM names are unique per account), a function on
 * each role (by name or by ARN), one in ten shared-role functions with a plaintext password, and
 * filler to `size`.
 */
export function stressStack(size: number): StressStack {
    const scale = size / full.size;
    const resources: TestResource[] = [defaultProvider];
    const under = (r: TestResource, p: EngineProvider) => ({ ...r, provider: p });
    const onDefault = (r: TestResource) => under(r, defaultProvider);

    const statements = offendingStatements();
    const role = onDefault(aws.role("shared-exec", {
        name: "shared-exec",
        assumeRolePolicy: lambdaTrust,
        inlinePolicies: [{ name: "broad", policy: policyJson(...statements.slice(0, 20)) }],
    }));
    const rolePolicy = onDefault(aws.rolePolicy("shared-exec-more", { role: "shared-exec", policy: policyJson(...statements.slice(20, 40)) }, { role: [role] }));
    const policy = onDefault(aws.policy("shared-exec-extra", { name: "shared-exec-extra", policy: policyJson(...statements.slice(40)) }));
    const attachment = onDefault(aws.rolePolicyAttachment("shared-exec-extra", { role: "shared-exec", policyArn: UNKNOWN_STRING }, { role: [role], policyArn: [policy] }));
    resources.push(role, rolePolicy, policy, attachment);

    const secrets: string[] = [];
    for (let i = 0; i < Math.round(full.sharedFunctions * scale); i++) {
        const fn = aws.function(`shared-fn-${i}`, {
            role: UNKNOWN_STRING,
            runtime: "nodejs22.x",
            handler: "index.handler",
            environment: { variables: { TABLE_NAME: `table-${i}`, LOG_LEVEL: "info" } },
        }, { role: [role] });
        if (i % 10 === 0) {
            const password = `Pw-${i}-q8Zr!x2Lm`;
            secrets.push(password);
            (fn.properties.environment as { variables: Record<string, string> }).variables.DB_PASSWORD = password;
        }
        resources.push(onDefault(fn));
    }

    const stack: StressStack = { resources, cleanFunctions: [], cleanRoles: [], exposedFunctions: [], secrets };
    const roleNames = Math.max(1, Math.round(full.roleNames * scale));
    for (let p = 0; p < providerCount; p++) {
        const provider = providerOf(p);
        resources.push(provider);
        const clean = p >= cleanFrom;
        const document = clean
            ? policyJson({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: `arn:aws:dynamodb:eu-west-1:${accountOf(p)}:table/orders` })
            : policyJson({ Effect: "Allow", Action: "*", Resource: "*" });
        for (let j = 0; j < roleNames; j++) {
            const name = `svc-${j}`;
            const namedRole = under(aws.role(`${name}-acct-${p}`, { name, assumeRolePolicy: lambdaTrust }), provider);
            // A document of its own, so that the finding on it names the functions the role serves: the links show.
            const main = under(aws.rolePolicy(`${name}-acct-${p}-main`, { role: name, policy: document }, { role: [namedRole] }), provider);
            // Its function names it by the literal name or ARN, in turn (a name links within its provider, an ARN within its account).
            const byName = (p + j) % 2 === 0;
            const fn = under(secureFunction(`${name}-acct-${p}-fn`, byName ? name : `arn:aws:iam::${accountOf(p)}:role/${name}`), provider);
            resources.push(namedRole, main, fn);
            (clean ? stack.cleanFunctions : stack.exposedFunctions).push(fn);
            if (clean) {
                stack.cleanRoles.push(namedRole, main);
            }
        }
    }

    for (let i = 0; resources.length < size; i++) {
        resources.push(onDefault(fillers[i % fillers.length](i)));
    }
    return stack;
}
