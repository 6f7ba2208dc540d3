// The benchmark's stacks: serverless apps on the three clouds, new, as a program registers them (the
// inputs; the bench sends them through the engine model, testing/engineModel.ts). Shapes are typed against the SDKs' Args (type-only imports) and use the real type tokens, also for
// clouds whose policies are not in this pack yet, so that the mix stays the same when they land.
import type { WebAppArgs } from "@pulumi/azure-native/web/webApp";
import type { RoleAssignmentArgs } from "@pulumi/azure-native/authorization/roleAssignment";
import type { ServiceArgs as CloudRunArgs } from "@pulumi/gcp/cloudrunv2/service";
import type { FunctionArgs as CloudFunctionArgs } from "@pulumi/gcp/cloudfunctionsv2/function";
import type { IAMMemberArgs } from "@pulumi/gcp/projects/iammember";
import type { AccountArgs } from "@pulumi/gcp/serviceaccount/account";
import type { TestResource } from "../test/harness/args";
import type { EngineProvider, EngineResource } from "../test/harness/engine";
import { aws, lambdaTrust, policyJson } from "../test/fixtures/aws";
import { resourceOf, unknownAs } from "../test/fixtures/common";

const azure = {
    webApp: resourceOf<WebAppArgs>("azure-native:web:WebApp"),
    roleAssignment: resourceOf<RoleAssignmentArgs>("azure-native:authorization:RoleAssignment"),
};
const gcp = {
    cloudRun: resourceOf<CloudRunArgs>("gcp:cloudrunv2/service:Service"),
    cloudFunction: resourceOf<CloudFunctionArgs>("gcp:cloudfunctionsv2/function:Function"),
    iamMember: resourceOf<IAMMemberArgs>("gcp:projects/iAMMember:IAMMember"),
    serviceAccount: resourceOf<AccountArgs>("gcp:serviceaccount/account:Account"),
};

const account = "123456789012";
const subscription = "/subscriptions/00000000-0000-0000-0000-000000000000";

/**
 * One AWS app as a program registers it, every resource new at preview: a function in a VPC; its
 * role with a trust policy and no inline policy, its permissions beside it (a customer policy and
 * its RolePolicyAttachment, the AWS VPC-access managed policy, a RolePolicy); a security group. The
 * function gets the role's ARN and the group's id, unknown until they exist, and the attachments
 * the role's name (known: the program set it), each linked through propertyDependencies.
 */
function awsApp(i: number): TestResource[] {
    const role = aws.role(`app${i}-role`, { name: `app${i}-role`, assumeRolePolicy: lambdaTrust });
    const policy = aws.policy(`app${i}-data`, {
        name: `app${i}-data`,
        policy: policyJson(
            { Sid: "Read", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: `arn:aws:dynamodb:eu-west-1:${account}:table/app${i}` },
            { Sid: "Queue", Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:eu-west-1:${account}:app${i}-out` },
        ),
    });
    const attachment = aws.rolePolicyAttachment(`app${i}-data`, { role: `app${i}-role`, policyArn: unknownAs() }, { role: [role], policyArn: [policy] });
    const basic = aws.rolePolicyAttachment(`app${i}-basic`, {
        role: `app${i}-role`,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    }, { role: [role] });
    const rolePolicy = aws.rolePolicy(`app${i}-secrets`, {
        role: unknownAs(),
        policy: policyJson({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:eu-west-1:${account}:secret:app${i}` }),
    }, { role: [role] });
    const group = aws.securityGroup(`app${i}-sg`, {
        vpcId: "vpc-0abc",
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
    });
    const fn = aws.function(`app${i}`, {
        role: unknownAs(),
        runtime: "nodejs22.x",
        handler: "index.handler",
        memorySize: 256,
        timeout: 30,
        reservedConcurrentExecutions: 10,
        tracingConfig: { mode: "Active" },
        kmsKeyArn: `arn:aws:kms:eu-west-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        environment: {
            variables: {
                TABLE_NAME: `app${i}`,
                QUEUE_URL: `https://sqs.eu-west-1.amazonaws.com/${account}/app${i}-out`,
                DB_PASSWORD_ARN: `arn:aws:secretsmanager:eu-west-1:${account}:secret:app${i}`,
                TOKEN_TTL: "3600",
                LOG_LEVEL: "info",
            },
        },
        vpcConfig: { subnetIds: ["subnet-0aaa", "subnet-0bbb"], securityGroupIds: [unknownAs()] },
    }, { role: [role], vpcConfig: [group] });
    return [role, policy, attachment, basic, rolePolicy, group, fn];
}

/** One Azure Function App with a managed identity, VNet integration, Key Vault references and a role assignment. */
function azureApp(i: number): TestResource[] {
    const app = azure.webApp(`func${i}`, {
        resourceGroupName: "rg-functions",
        kind: "functionapp,linux",
        identity: { type: "SystemAssigned" },
        httpsOnly: true,
        virtualNetworkSubnetId: `${subscription}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/functions`,
        siteConfig: {
            linuxFxVersion: "NODE|22",
            minTlsVersion: "1.2",
            ftpsState: "Disabled",
            vnetRouteAllEnabled: true,
            appSettings: [
                { name: "FUNCTIONS_WORKER_RUNTIME", value: "node" },
                { name: "FUNCTIONS_EXTENSION_VERSION", value: "~4" },
                { name: "AzureWebJobsStorage__accountName", value: `stfunc${i}` },
                { name: "DB_PASSWORD", value: `@Microsoft.KeyVault(SecretUri=https://kv-func.vault.azure.net/secrets/db${i}/)` },
            ],
        },
    });
    const assignment = azure.roleAssignment(`func${i}-blob-reader`, {
        principalId: unknownAs(),
        principalType: "ServicePrincipal",
        roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`,
        scope: `${subscription}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdata${i}`,
    }, { principalId: [app] });
    return [app, assignment];
}

/**
 * A Cloud Run service and a Cloud Function, each with a dedicated service account (its email
 * unknown until it exists, linked through propertyDependencies) and a project role granted to it.
 */
function gcpApps(i: number): TestResource[] {
    const runAccount = gcp.serviceAccount(`run${i}-sa`, { accountId: `run${i}`, project: "my-project" });
    const run = gcp.cloudRun(`run${i}`, {
        location: "europe-west1",
        ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
        template: {
            serviceAccount: unknownAs(),
            vpcAccess: { egress: "ALL_TRAFFIC", networkInterfaces: [{ network: "default", subnetwork: "run" }] },
            containers: [{
                image: `europe-docker.pkg.dev/my-project/apps/run${i}:1.0.0`,
                envs: [
                    { name: "BUCKET", value: `data-${i}` },
                    { name: "API_KEY", valueSource: { secretKeyRef: { secret: `api-key-${i}`, version: "latest" } } },
                ],
                resources: { limits: { cpu: "1", memory: "512Mi" } },
            }],
        },
    }, { template: [runAccount] });
    const runMember = gcp.iamMember(`run${i}-reader`, {
        project: "my-project",
        role: "roles/storage.objectViewer",
        member: unknownAs(),
    }, { member: [runAccount] });
    const fnAccount = gcp.serviceAccount(`fn${i}-sa`, { accountId: `fn${i}`, project: "my-project" });
    const fn = gcp.cloudFunction(`fn${i}`, {
        location: "europe-west1",
        buildConfig: { runtime: "nodejs22", entryPoint: "handler", source: { storageSource: { bucket: "src", object: `fn${i}.zip` } } },
        serviceConfig: {
            serviceAccountEmail: unknownAs(),
            vpcConnector: "projects/my-project/locations/europe-west1/connectors/fn",
            vpcConnectorEgressSettings: "ALL_TRAFFIC",
            ingressSettings: "ALLOW_INTERNAL_ONLY",
            environmentVariables: { BUCKET: `data-${i}`, TOKEN_TTL: "3600" },
            secretEnvironmentVariables: [{ key: "DB_PASSWORD", projectId: "my-project", secret: `db-${i}`, version: "latest" }],
        },
    }, { serviceConfig: [fnAccount] });
    const fnMember = gcp.iamMember(`fn${i}-invoker`, {
        project: "my-project",
        role: "roles/pubsub.publisher",
        member: unknownAs(),
    }, { member: [fnAccount] });
    return [runAccount, run, runMember, fnAccount, fn, fnMember];
}

/** Each resource comes with its provider and the provider's inputs (the protocol's `provider` field). */
const defaultProviders: Record<string, EngineProvider> = {
    aws: { type: "pulumi:providers:aws", name: "default_7_0_0", properties: { region: "eu-west-1", version: "7.0.0" } },
    "azure-native": { type: "pulumi:providers:azure-native", name: "default_3_0_0", properties: { location: "westeurope", version: "3.0.0" } },
    gcp: { type: "pulumi:providers:gcp", name: "default_9_0_0", properties: { project: "my-project", region: "europe-west1", version: "9.0.0" } },
};

/**
 * `count` resources: the default providers (the engine registers them before their first resource
 * and sends them too), then AWS, Azure and GCP apps in turn (15 resources per round).
 * Deterministic, so that both packs get the same stack.
 */
export function mixedStack(count: number): EngineResource[] {
    const providers: EngineResource[] = Object.values(defaultProviders).map(p => ({ type: p.type, name: p.name, properties: p.properties ?? {} }));
    const resources: EngineResource[] = [];
    for (let i = 0; providers.length + resources.length < count; i++) {
        resources.push(...[...awsApp(i), ...azureApp(i), ...gcpApps(i)].map(r => ({ ...r, provider: defaultProviders[r.type.split(":")[0]] })));
    }
    return [...providers, ...resources].slice(0, count);
}

/** How many resources of each type, for the report. */
export function typeCounts(resources: EngineResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}
