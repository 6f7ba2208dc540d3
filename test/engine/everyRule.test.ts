// Every policy of the catalogue alone through the launched pack, at preview and at up, on the
// engine model: an insecure stack it reports on (in the phase it decides in, at its default level,
// about the resource to change) and the secure twin it says nothing of (issue 12).
import * as assert from "node:assert/strict";
import type { FunctionArgs } from "@pulumi/aws/lambda/function";
import type { FunctionUrlArgs } from "@pulumi/aws/lambda/functionUrl";
import type { PermissionArgs } from "@pulumi/aws/lambda/permission";
import type { RoleArgs } from "@pulumi/aws/iam/role";
import type { WebAppArgs } from "@pulumi/azure-native/web/webApp";
import type { ServiceArgs as RunV2ServiceArgs } from "@pulumi/gcp/cloudrunv2/service";
import type { FunctionArgs as FunctionV1Args } from "@pulumi/gcp/cloudfunctions/function";
import type * as gcpInputs from "@pulumi/gcp/types/input";
import { policies } from "../../policies/catalog";
import { Phases, ruleInfoOf } from "../../policies/lib/policy";
import { Mode, modelOf, outputsIn } from "../../testing/engineModel";
import type { TestResource } from "../harness/args";
import { Diagnostic, PolicyConfigInput, reconcilePolicyConfig } from "../harness/engine";
import { expectNoValues } from "../harness/expect";
import { Deployment, deploy, launchedPack } from "../harness/pack";
import { aws, lambdaTrust, policyJson } from "../fixtures/aws";
import { keyVaultRef, native, resourceGroup, roles } from "../fixtures/azure";
import { connector, gcp, project } from "../fixtures/gcp";
import { Links, textArchive } from "../fixtures/common";

type Phase = Exclude<Phases, "both">;

interface Scenario {
    /** The resources in the order the program registers them. */
    stack: TestResource[];
    /** The resource the finding is about, the one to change (at up, a mandatory Analyze finding stops there). */
    at: TestResource;
}

interface Entry {
    policy: string;
    /** Only for a rule that decides in both phases: the one this scenario exercises. */
    phase?: Phase;
    /** What the finding must say. */
    fragment: string;
    insecure(mode: Mode): Scenario;
    secure(mode: Mode): TestResource[];
    /** Values of the fixtures that no message may contain. */
    secrets?: string[];
}

/**
 * What the program passes on from `resource`'s output at `path`: at preview the provider's plan
 * (unknown where it computes the value), at up the value, as the engine resolves a dependency's
 * outputs before the next resource registers.
 */
function outputOf<T = string>(mode: Mode, resource: TestResource, ...path: string[]): T {
    let value: unknown = outputsIn(mode, modelOf(resource));
    for (const key of path) {
        value = (value as Record<string, unknown>)[key];
    }
    return value as T;
}

/** An entry whose stacks one builder makes, the insecure and the secure one told apart by its argument. */
function twin<Arg>(policy: string, fragment: string, build: (mode: Mode, arg: Arg) => Scenario, insecure: Arg, secure: Arg, more: Partial<Entry> = {}): Entry {
    return { policy, fragment, ...more, insecure: mode => build(mode, insecure), secure: mode => build(mode, secure).stack };
}

/** A stack of one resource, the one the finding is about. */
const alone = (at: TestResource): Scenario => ({ stack: [at], at });

/** An entry on one resource, the same at preview and at up (literal values). */
function single<Args>(policy: string, fragment: string, build: (args: Args) => TestResource, insecure: Args, secure: Args, secrets?: string[]): Entry {
    return twin(policy, fragment, (_, args) => alone(build(args)), insecure, secure, { secrets });
}

/** `resource` and what refers to it (the subject of the finding). */
const pair = (resource: TestResource, at: TestResource): Scenario => ({ stack: [resource, at], at });

const password = "Tr0ub4dor-3x-orders";
const dsn = `"postgres://orders:${password}@db.internal:5432/orders"`;

/** Handler code that connects to the database URL `source`. */
const codeWith = (source: string) => `const { Client } = require("pg");\nconst url = ${source};\nexports.handler = async () => new Client(url).connect();\n`;

// --- AWS -------------------------------------------------------------------------------------------

const account = "123456789012";
const roleArn = `arn:aws:iam::${account}:role/orders-role`;
const table = `arn:aws:dynamodb:eu-west-1:${account}:table/orders`;

/** A function that runs as an existing role (a literal ARN, known in both modes). */
const lambda = (args: Partial<FunctionArgs> = {}, links?: Links) =>
    aws.function("orders", { role: roleArn, runtime: "nodejs24.x", handler: "index.handler", ...args }, links);

/** A function that runs as `role` of the stack (its ARN unknown at preview, linked). */
const runsAs = (mode: Mode, name: string, role: TestResource) =>
    aws.function(name, { role: outputOf(mode, role, "arn"), runtime: "nodejs24.x" }, { role: [role] });

/** A role trusted by Lambda, and a function that runs as it. */
function roleStack(mode: Mode, role: Partial<RoleArgs>, name = "orders") {
    const r = aws.role(`${name}-role`, { assumeRolePolicy: lambdaTrust, ...role });
    return { role: r, fn: runsAs(mode, name, r) };
}

/** A role with one inline policy of `statement`, and its function. */
function inlineStack(mode: Mode, statement: object): Scenario {
    const { role, fn } = roleStack(mode, { inlinePolicies: [{ name: "main", policy: policyJson(statement) }] });
    return { stack: [role, fn], at: role };
}

/** A role trusting `assumeRolePolicy`, and its function. */
function trustStack(mode: Mode, assumeRolePolicy: string): Scenario {
    const { role, fn } = roleStack(mode, { assumeRolePolicy });
    return { stack: [role, fn], at: role };
}

/** A RolePolicy of `statement` on a role trusted by Lambda, naming the role by its id (unknown at preview, linked). */
function rolePolicyStack(mode: Mode, role: Partial<RoleArgs>, statement: object): Scenario {
    const { role: r, fn } = roleStack(mode, role);
    const rolePolicy = aws.rolePolicy("orders-extra", { role: outputOf(mode, r, "id"), policy: policyJson(statement) }, { role: [r] });
    return { stack: [r, rolePolicy, fn], at: rolePolicy };
}

/** A role whose inline policy allows iam:PassRole, with a RolePolicy allowing `statement`: found on the role. */
function escalationStack(mode: Mode, statement: object): Scenario {
    const scenario = rolePolicyStack(mode, { inlinePolicies: [{ name: "main", policy: policyJson(allow("iam:PassRole", roleArn)) }] }, statement);
    return { ...scenario, at: scenario.stack[0] };
}

/** A managed policy attached to a role trusted by Lambda by a RolePolicyAttachment (the role's name is known at preview). */
function attachmentStack(mode: Mode, policyArn: string): Scenario {
    const { role, fn } = roleStack(mode, {});
    const attachment = aws.rolePolicyAttachment("orders-admin", { role: outputOf(mode, role, "name"), policyArn }, { role: [role] });
    return { stack: [role, attachment, fn], at: attachment };
}

/** Two functions and the roles they run as: one shared role, or one each. */
function functionsAndRoles(mode: Mode, shared: boolean): Scenario {
    const orders = roleStack(mode, {});
    const invoices = shared ? [runsAs(mode, "invoices", orders.role)] : Object.values(roleStack(mode, {}, "invoices"));
    return { stack: [orders.role, orders.fn, ...invoices], at: orders.role };
}

type Egress = { protocol: string; fromPort: number; toPort: number; cidrBlocks: string[] };

/** A function in a VPC whose security group, created with it, has `egress` (its id unknown at preview, linked). */
function securityGroupStack(mode: Mode, egress: Egress): Scenario {
    const group = aws.securityGroup("orders-sg", { vpcId: "vpc-0abc", egress: [egress] });
    const fn = lambda({ vpcConfig: { subnetIds: ["subnet-0aaa", "subnet-0bbb"], securityGroupIds: [outputOf(mode, group, "id")] } }, { vpcConfig: [group] });
    return { stack: [group, fn], at: group };
}

/** A function, with a FunctionEventInvokeConfig naming it when `onFailure` is given (the finding is about the function). */
function asyncStack(mode: Mode, onFailure?: string): Scenario {
    const fn = lambda();
    const config = onFailure && aws.eventInvokeConfig("orders-async", {
        functionName: outputOf(mode, fn, "name"), destinationConfig: { onFailure: { destination: onFailure } },
    }, { functionName: [fn] });
    return { stack: config ? [fn, config] : [fn], at: fn };
}

/** A function, and a Function URL on it. */
const urlStack = (mode: Mode, args: Omit<FunctionUrlArgs, "functionName">) => {
    const fn = lambda();
    return pair(fn, aws.functionUrl("orders-url", { functionName: outputOf(mode, fn, "name"), ...args }, { functionName: [fn] }));
};

/** A function, and a permission to invoke it. */
const permissionStack = (mode: Mode, args: Omit<PermissionArgs, "action" | "function">) => {
    const fn = lambda();
    return pair(fn, aws.permission("orders-invoke", { action: "lambda:InvokeFunction", function: outputOf(mode, fn, "name"), ...args }, { function: [fn] }));
};

const allow = (Action: string | string[], Resource: string | string[] = table) => ({ Effect: "Allow", Action, Resource });
const readTable = allow("dynamodb:GetItem");
const lambdaStatement = JSON.parse(lambdaTrust).Statement[0];
const inVpc = { subnetIds: ["subnet-0aaa", "subnet-0bbb"], securityGroupIds: ["sg-0ccc"] };
const variables = { TABLE_NAME: "orders" };

const awsEntries: Entry[] = [
    twin("aws-lambda-role-no-full-wildcard", "Role 'orders-role' (trusted by Lambda): statement 1 of inline policy 'main' allows every action on every resource",
        inlineStack, allow("*", "*"), readTable, { phase: "analyze" }),
    // A RolePolicy is another resource: decided in AnalyzeStack, where its link to the role is known.
    twin("aws-lambda-role-no-service-wildcard", "RolePolicy 'orders-extra' (on role 'orders-role', execution role of Lambda function 'orders'): statement 1 of its policy allows s3:*",
        (mode, action: string) => rolePolicyStack(mode, {}, allow(action, "arn:aws:s3:::orders-uploads/*")), "s3:*", "s3:GetObject", { phase: "analyzeStack" }),
    twin("aws-lambda-role-no-not-action", "Role 'orders-role' (trusted by Lambda): statement 1 of inline policy 'main' allows with NotAction, which grants everything not listed",
        inlineStack, { Effect: "Allow", NotAction: "iam:*", Resource: "*" }, readTable, { phase: "analyze" }),
    // An attachment resource: decided in AnalyzeStack.
    twin("aws-lambda-role-no-admin-managed-policy",
        "RolePolicyAttachment 'orders-admin' (on role 'orders-role', execution role of Lambda function 'orders'): attaches the AWS managed policy AdministratorAccess",
        attachmentStack, "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", { phase: "analyzeStack" }),
    twin("aws-lambda-role-trust-not-public", "Role 'orders-role' (trusted by Lambda): its trust policy (assumeRolePolicy) lets anyone assume it (Principal {\"AWS\": \"*\"}, statement 2)",
        trustStack, policyJson(lambdaStatement, { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }), lambdaTrust, { phase: "analyze" }),
    twin("aws-lambda-role-scoped-resources", "Role 'orders-role' (trusted by Lambda): statement 1 of inline policy 'main' allows 1 action pattern(s) on Resource \"*\" without a condition",
        inlineStack, allow("dynamodb:GetItem", "*"), readTable, { phase: "analyze" }),
    // PassRole inline, CreateFunction and InvokeFunction in a RolePolicy: only the documents together escalate.
    twin("aws-lambda-role-no-privilege-escalation",
        "Role 'orders-role' (execution role of Lambda function 'orders'): allows iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction (inline policy 'main', RolePolicy 'orders-extra'), which lets it create a function with a privileged role",
        escalationStack, allow(["lambda:CreateFunction", "lambda:InvokeFunction"], "*"), readTable, { phase: "analyzeStack" }),
    twin("aws-lambda-role-not-shared", "Role 'orders-role' (execution role of Lambda functions 'orders' and 'invoices'): is shared by 2 functions",
        functionsAndRoles, true, false),
    single("aws-lambda-env-no-plaintext-secrets", "Lambda function 'orders': environment variable DB_PASSWORD holds a plaintext secret", lambda,
        { environment: { variables: { ...variables, DB_PASSWORD: password } } },
        { environment: { variables: { ...variables, DB_PASSWORD_PARAMETER: "/orders/db-password" } } }, [password]),
    single("aws-lambda-code-no-plaintext-secrets", "Lambda function 'orders': code entry index.js, line 2, holds a plaintext secret (password in a URL)",
        (url: string) => lambda({ code: textArchive({ "index.js": codeWith(url) }) }), dsn, "process.env.DB_URL", [password]),
    single("aws-lambda-vpc-attached", "Lambda function 'orders' is not attached to a VPC (vpcConfig.subnetIds and vpcConfig.securityGroupIds empty or absent)",
        lambda, {}, { vpcConfig: inVpc }),
    // The egress is the security group's, another resource: decided in AnalyzeStack.
    twin("aws-lambda-sg-no-public-egress", "Security group 'orders-sg' (used by Lambda function 'orders'): egress #1 allows egress to 0.0.0.0/0",
        securityGroupStack, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }),
    twin("aws-lambda-url-requires-auth", "Function URL 'orders-url' has authorizationType NONE: anyone on the internet can invoke the function",
        urlStack, { authorizationType: "NONE" }, { authorizationType: "AWS_IAM" }),
    twin("aws-lambda-url-cors-restricted", "Function URL 'orders-url': cors.allowOrigins contains \"*\"", urlStack,
        { authorizationType: "AWS_IAM", cors: { allowOrigins: ["*"] } }, { authorizationType: "AWS_IAM", cors: { allowOrigins: ["https://shop.example.com"] } }),
    twin("aws-lambda-permission-no-public-principal",
        "Lambda permission 'orders-invoke' grants its action to principal \"*\" with no principalOrgId, sourceAccount or sourceArn", permissionStack,
        { principal: "*" }, { principal: "*", principalOrgId: "o-a1b2c3d4e5" }),
    twin("aws-lambda-permission-service-source", "Lambda permission 'orders-invoke' lets an AWS service principal invoke the function from any account", permissionStack,
        { principal: "s3.amazonaws.com" }, { principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::orders-uploads" }),
    single("aws-lambda-tracing-enabled", "Lambda function 'orders' does not have active tracing (tracingConfig.mode)", lambda, {}, { tracingConfig: { mode: "Active" } }),
    // The on-failure destination may be another resource's (a FunctionEventInvokeConfig): decided in AnalyzeStack.
    twin("aws-lambda-failure-destination", "Lambda function 'orders' has no dead-letter queue (deadLetterConfig) and no on-failure destination",
        asyncStack, undefined, `arn:aws:sqs:eu-west-1:${account}:orders-failed`),
    single("aws-lambda-reserved-concurrency", "Lambda function 'orders' has no reserved concurrency (reservedConcurrentExecutions)", lambda,
        {}, { reservedConcurrentExecutions: 10 }),
    single("aws-lambda-code-signing", "Lambda function 'orders' does not verify code signatures (codeSigningConfigArn)", lambda,
        {}, { codeSigningConfigArn: `arn:aws:lambda:eu-west-1:${account}:code-signing-config:csc-0a1b2c3d4e5f67890` }),
    single("aws-lambda-runtime-supported", "Lambda function 'orders' uses runtime nodejs14.x, which is deprecated", lambda,
        { runtime: "nodejs14.x" }, { runtime: "nodejs24.x" }),
    single("aws-lambda-layers-trusted-accounts", "Lambda function 'orders' uses 1 layer(s) published by another account", lambda,
        { layers: ["arn:aws:lambda:eu-west-1:999999999999:layer:shared-utils:3"] }, { layers: [`arn:aws:lambda:eu-west-1:${account}:layer:shared-utils:3`] }),
    single("aws-lambda-env-kms-key", "Lambda function 'orders' has environment variables but no customer-managed key (kmsKeyArn)", lambda,
        { environment: { variables } }, { environment: { variables }, kmsKeyArn: `arn:aws:kms:eu-west-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }),
];

// --- Azure -----------------------------------------------------------------------------------------

const accountKey = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkwYWJjZGVmZ2hpams=";

/** An azure-native function app with `args`. */
const webApp = (args: Partial<WebAppArgs> = {}, links?: Links) =>
    native.webApp("orders", { resourceGroupName: "orders-rg", kind: "functionapp,linux", ...args }, links);

/** A function app with `siteConfig`. */
const site = (siteConfig: NonNullable<WebAppArgs["siteConfig"]>) => webApp({ siteConfig });

/** A function app with one app setting. */
const setting = ([name, value]: [string, string]) => webApp({ siteConfig: { appSettings: [{ name, value }] } });

const vault = () => native.vault("orders-kv", {
    resourceGroupName: "orders-rg",
    properties: { tenantId: "11111111-1111-1111-1111-111111111111", sku: { family: "A", name: "standard" }, enableRbacAuthorization: true },
});

/**
 * A function app with a system-assigned identity and a role assignment to it (its principal ID
 * unknown at preview, linked): Owner on the resource group, or Key Vault Secrets User on a vault of the stack.
 */
function assignmentStack(mode: Mode, admin: boolean): Scenario {
    const app = webApp({ identity: { type: "SystemAssigned" } });
    const kv = admin ? undefined : vault();
    const assignment = native.roleAssignment("orders-role", {
        principalId: outputOf(mode, app, "identity", "principalId"), principalType: "ServicePrincipal",
        roleDefinitionId: kv ? roles.keyVaultSecretsUser : roles.owner, scope: kv ? outputOf(mode, kv, "id") : resourceGroup,
    }, { principalId: [app], ...(kv ? { scope: [kv] } : {}) });
    return { stack: kv ? [app, kv, assignment] : [app, assignment], at: assignment };
}

/** A function app with `args`, integrated with a delegated subnet of the stack by its own virtualNetworkSubnetId (unknown at preview, linked), or not. */
function appStack(mode: Mode, { integrated, args = {} }: { integrated: boolean; args?: Partial<WebAppArgs> }): Scenario {
    if (!integrated) {
        return alone(webApp(args));
    }
    const subnet = native.subnet("functions", {
        resourceGroupName: "orders-rg", virtualNetworkName: "orders-vnet", addressPrefix: "10.0.1.0/24",
        delegations: [{ name: "web", serviceName: "Microsoft.Web/serverFarms" }],
    });
    return pair(subnet, webApp({ virtualNetworkSubnetId: outputOf(mode, subnet, "id"), ...args }, { virtualNetworkSubnetId: [subnet] }));
}

/** A deployment package in a storage blob, with `code` in it. */
const packageBlob = (code: string) => native.blob("orders-package", {
    accountName: "ordersfuncstore", containerName: "deployments", resourceGroupName: "orders-rg", source: textArchive({ "orders/index.js": code }),
});

const azureEntries: Entry[] = [
    single("azure-functionapp-managed-identity", "Function App 'orders' has no managed identity (identity.type absent or None)", webApp,
        {}, { identity: { type: "SystemAssigned" } }),
    // The assignment is another resource, linked to the app's principal ID: decided in AnalyzeStack.
    twin("azure-functionapp-identity-no-admin-role", "RoleAssignment 'orders-role' grants Owner to the managed identity of Function App 'orders' at resource group scope",
        assignmentStack, true, false),
    single("azure-functionapp-no-plaintext-secrets", "Function App 'orders': siteConfig.appSettings DB_PASSWORD holds a plaintext secret", setting,
        ["DB_PASSWORD", password], ["DB_PASSWORD", keyVaultRef("db-password")], [password]),
    single("azure-functionapp-code-no-plaintext-secrets", "Storage blob 'orders-package': source entry orders/index.js, line 2, holds a plaintext secret (password in a URL)",
        packageBlob, codeWith(dsn), codeWith("process.env.DB_URL"), [password]),
    single("azure-functionapp-host-storage-identity",
        "Function App 'orders': siteConfig.appSettings 'AzureWebJobsStorage' connects the Functions host with the storage account key (AccountKey=)", setting,
        ["AzureWebJobsStorage", `DefaultEndpointsProtocol=https;AccountName=ordersfuncstore;AccountKey=${accountKey};EndpointSuffix=core.windows.net`],
        ["AzureWebJobsStorage__accountName", "ordersfuncstore"], [accountKey]),
    // Integration may come from another resource (a swift connection): decided in AnalyzeStack.
    twin("azure-functionapp-vnet-integration", "Function App 'orders' has no regional VNet integration (virtualNetworkSubnetId)",
        appStack, { integrated: false }, { integrated: true }),
    twin("azure-functionapp-vnet-route-all",
        "Function App 'orders' routes only private-address traffic through its VNet (outboundVnetRouting.allTraffic and siteConfig.vnetRouteAllEnabled not true)",
        appStack, { integrated: true }, { integrated: true, args: { outboundVnetRouting: { allTraffic: true } } }, { phase: "analyze" }),
    single("azure-functionapp-public-access-restricted",
        "Function App 'orders' accepts requests from the whole internet: public network access is enabled and it has no access restriction",
        webApp, {}, { publicNetworkAccess: "Disabled" }),
    single("azure-functionapp-https-only", "Function App 'orders' accepts plain HTTP (httpsOnly)", webApp, { httpsOnly: false }, { httpsOnly: true }),
    single("azure-functionapp-min-tls-1-2", "Function App 'orders' accepts TLS versions older than 1.2 (siteConfig.minTlsVersion)", site,
        { minTlsVersion: "1.0" }, { minTlsVersion: "1.2" }),
    single("azure-functionapp-ftp-disabled", "Function App 'orders' allows plain FTP deployment (siteConfig.ftpsState)", site,
        { ftpsState: "AllAllowed" }, { ftpsState: "Disabled" }),
    single("azure-functionapp-remote-debugging-off", "Function App 'orders' has remote debugging enabled (siteConfig.remoteDebuggingEnabled)", site,
        { remoteDebuggingEnabled: true }, { remoteDebuggingEnabled: false }),
    single("azure-functionapp-cors-restricted", "Function App 'orders': siteConfig.cors.allowedOrigins contains \"*\"", site,
        { cors: { allowedOrigins: ["*"] } }, { cors: { allowedOrigins: ["https://shop.example.com"] } }),
    single("azure-functionapp-http2", "Function App 'orders' does not serve HTTP/2 (siteConfig.http20Enabled)", site,
        { http20Enabled: false }, { http20Enabled: true }),
    single("azure-functionapp-runtime-v4", "Function App 'orders' runs an unsupported Functions runtime (siteConfig.appSettings 'FUNCTIONS_EXTENSION_VERSION')", setting,
        ["FUNCTIONS_EXTENSION_VERSION", "~3"], ["FUNCTIONS_EXTENSION_VERSION", "~4"]),
];

// --- Google Cloud ----------------------------------------------------------------------------------

const location = "europe-west1";
const image = "europe-west1-docker.pkg.dev/acme-prod/orders/api:1.4.2";

/** A Cloud Run service with `template` (by default one container) and `args`. */
const runService = (args: Partial<RunV2ServiceArgs> = {}, links?: Links) =>
    gcp.runV2Service("orders", { location, ...args, template: { containers: [{ image }], ...(args.template as object) } }, links);

/** A Cloud Run service whose container has `envs`. */
const withEnvs = (envs: gcpInputs.cloudrunv2.ServiceTemplateContainerEnv[]) => runService({ template: { containers: [{ image, envs }] } });

/** A service that runs as a dedicated service account of the stack (its email unknown at preview, linked), or names none. */
function serviceStack(mode: Mode, dedicated: boolean): Scenario {
    if (!dedicated) {
        return alone(runService());
    }
    const sa = gcp.serviceAccount("orders-sa", { accountId: "orders-run", project });
    return pair(sa, runService({ template: { serviceAccount: outputOf(mode, sa, "email") } }, { template: [sa] }));
}

/** The same, the account granted `role` on the project (its member unknown at preview, linked). */
function grantStack(mode: Mode, role: string): Scenario {
    const [sa, service] = serviceStack(mode, true).stack;
    const grant = gcp.projectIamMember("orders-grant", { project, role, member: outputOf(mode, sa, "member") }, { member: [sa] });
    return { stack: [sa, grant, service], at: grant };
}

/** A service, and an invoker grant on it to `member` (the service's name is known at preview). */
function invokerStack(mode: Mode, member: string): Scenario {
    const service = runService();
    return pair(service, gcp.runV2ServiceIamMember("orders-invoker", {
        name: outputOf(mode, service, "name"), location, role: "roles/run.invoker", member,
    }, { name: [service] }));
}

const httpFunction = (args: Partial<FunctionV1Args>) => gcp.functionV1("hook", { runtime: "nodejs22", triggerHttp: true, ...args });
const vpcAccess = (egress: string) => ({ template: { vpcAccess: { connector, egress } } });

const gcpEntries: Entry[] = [
    twin("gcp-serverless-dedicated-service-account", "Cloud Run service 'orders' sets no service account (template.serviceAccount)",
        serviceStack, false, true, { phase: "analyze" }),
    // A grant is another resource: decided in AnalyzeStack.
    twin("gcp-serverless-sa-no-privileged-roles",
        "IAMMember 'orders-grant' (project level): member grants roles/editor (basic role) to service account 'orders-sa', which Cloud Run service 'orders' runs as",
        grantStack, "roles/editor", "roles/datastore.user"),
    single("gcp-serverless-env-no-plaintext-secrets", "Cloud Run service 'orders': template.containers[0].envs variable DB_PASSWORD holds a plaintext secret", withEnvs,
        [{ name: "DB_PASSWORD", value: password }],
        [{ name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "orders-db-password", version: "latest" } } }], [password]),
    single("gcp-serverless-code-no-plaintext-secrets", "Bucket object 'hook-source': source entry index.js, line 2, holds a plaintext secret (password in a URL)",
        (code: string) => gcp.bucketObject("hook-source", { bucket: "acme-functions", source: textArchive({ "index.js": code }) }),
        codeWith(dsn), codeWith("process.env.DB_URL"), [password]),
    single("gcp-serverless-vpc-egress", "Cloud Run service 'orders' is not attached to a VPC", runService, {}, vpcAccess("ALL_TRAFFIC")),
    single("gcp-serverless-vpc-all-traffic", "Cloud Run service 'orders' sends only private ranges through its VPC (template.vpcAccess.egress is not ALL_TRAFFIC)",
        runService, vpcAccess("PRIVATE_RANGES_ONLY"), vpcAccess("ALL_TRAFFIC")),
    twin("gcp-serverless-no-public-invoker", "ServiceIamMember 'orders-invoker' grants roles/run.invoker on a Cloud Run service to allUsers (member)", invokerStack,
        "allUsers", "serviceAccount:frontend@acme-prod.iam.gserviceaccount.com"),
    single("gcp-serverless-ingress-restricted", "Cloud Run service 'orders' accepts requests from the whole internet (ingress allows all)", runService,
        { ingress: "INGRESS_TRAFFIC_ALL" }, { ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" }),
    single("gcp-cloudfunctions-https-only", "Cloud Function (1st gen) 'hook' accepts plain HTTP (httpsTriggerSecurityLevel is not SECURE_ALWAYS)", httpFunction,
        {}, { httpsTriggerSecurityLevel: "SECURE_ALWAYS" }),
];

const entries = [...awsEntries, ...azureEntries, ...gcpEntries];

// --- The test --------------------------------------------------------------------------------------

const catalogued = new Map(policies.map(p => [p.name, ruleInfoOf(p)!]));
const defaultLevel = (name: string) => catalogued.get(name)!.enforcementLevel;

/** The config under which only `name` runs, at its own default level. */
const only = (name: string): Record<string, PolicyConfigInput> => ({ all: { enforcementLevel: "disabled" }, [name]: { enforcementLevel: defaultLevel(name) } });

/** The phase an entry's finding must come in: the rule's own, or for a rule of both phases the one the entry exercises. */
function phaseOf(entry: Entry): Phase {
    const phases = catalogued.get(entry.policy)!.phases;
    return phases === "both" ? entry.phase! : phases;
}

const messages = (diagnostics: Diagnostic[]) => diagnostics.map(d => `${d.enforcementLevel} ${d.policyName}: ${d.message}`).join("\n---\n") || "(none)";

/** The one diagnostic: the entry's finding about `at`, at the policy's default level, in `phase`, holding no secret of the fixtures. */
function expectFinding(deployment: Deployment, entry: Entry, at: TestResource, phase: Phase) {
    const { diagnostics } = deployment;
    expectNoValues(diagnostics, ...(entry.secrets ?? []));
    assert.equal(diagnostics.length, 1, `expected one finding of ${entry.policy}, got:\n${messages(diagnostics)}`);
    const [finding] = diagnostics;
    assert.equal(finding.policyName, entry.policy);
    assert.equal(finding.enforcementLevel, defaultLevel(entry.policy));
    assert.ok(deployment[phase].includes(finding), `reported outside ${phase}:\n${messages(diagnostics)}`);
    assert.equal(finding.urn, at.urn);
    assert.ok(finding.message.includes(entry.fragment), `"${entry.fragment}" missing from:\n${finding.message}`);
    assert.doesNotMatch(finding.message, /unknown during preview/);
}

describe("engine: every rule alone through the launched pack, at preview and at up", () => {
    const pack = launchedPack();

    it("has one entry per policy of the catalogue, and names no other", () => {
        const names = entries.map(e => e.policy);
        assert.deepEqual(names.filter((name, i) => names.indexOf(name) !== i), [], "policies with two entries");
        assert.deepEqual(names.filter(name => !catalogued.has(name)), [], "entries that name no policy of the catalogue");
        assert.deepEqual([...catalogued.keys()].filter(name => !names.includes(name)), [], "policies without an entry (CONTRIBUTING.md, Add a rule, step 4)");
    });

    it("says which phase it exercises exactly for the rules that decide in both", () => {
        for (const entry of entries) {
            assert.equal(entry.phase !== undefined, catalogued.get(entry.policy)?.phases === "both", entry.policy);
        }
    });

    it("configures like the CLI: the entry's policy at its default level, every other disabled", async () => {
        const info = await pack().getAnalyzerInfo();
        for (const { name } of info.policies) {
            for (const [policy, { enforcementLevel }] of Object.entries(reconcilePolicyConfig(info, only(name)))) {
                assert.equal(enforcementLevel, policy === name ? defaultLevel(name) : "disabled", `${name}: ${policy}`);
            }
        }
    });

    for (const entry of entries) {
        describe(entry.policy, () => {
            before(() => pack().configure(only(entry.policy)));
            const phase = phaseOf(entry);
            const stops = defaultLevel(entry.policy) === "mandatory" && phase === "analyze";

            it(`preview: reports "${entry.fragment}" in ${phase}`, async () => {
                const { stack, at } = entry.insecure("preview");
                const deployment = await deploy(pack(), stack, "preview");
                expectFinding(deployment, entry, at, phase);
            });

            it(stops ? "up: stops before the resource is created, and AnalyzeStack never runs" : `up: reports in ${phase}, and the deployment goes on`, async () => {
                const { stack, at } = entry.insecure("up");
                const deployment = await deploy(pack(), stack, "up");
                expectFinding(deployment, entry, at, phase);
                assert.equal(deployment.stoppedAt, stops ? at.urn : undefined);
            });

            it("secure: no diagnostic at preview nor at up", async () => {
                for (const mode of ["preview", "up"] as const) {
                    const deployment = await deploy(pack(), entry.secure(mode), mode);
                    assert.deepEqual(deployment.diagnostics, [], `${mode}:\n${messages(deployment.diagnostics)}`);
                }
            });
        });
    }

    describe("aws-lambda-layers-trusted-accounts when the role comes from the stack", () => {
        // The function's own account comes from its role's ARN: unknown at preview, so the rule waits, and decides at up.
        it("waits for the role's ARN at preview and reports the foreign layer at up", async () => {
            await pack().configure(only("aws-lambda-layers-trusted-accounts"));
            for (const mode of ["preview", "up"] as const) {
                const { role } = roleStack(mode, {});
                const fn = aws.function("orders", { role: outputOf(mode, role, "arn"), layers: ["arn:aws:lambda:eu-west-1:999999999999:layer:shared-utils:3"] }, { role: [role] });
                const { diagnostics } = await deploy(pack(), [role, fn], mode);
                assert.deepEqual(diagnostics.map(d => [d.policyName, d.urn]), [["aws-lambda-layers-trusted-accounts", fn.urn]], messages(diagnostics));
                assert.equal(/unknown during preview/.test(diagnostics[0].message), mode === "preview", messages(diagnostics));
            }
        });
    });
});
