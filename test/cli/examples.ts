// The shipped examples (examples/*.json), built here so that every resource's inputs are typed
// against the provider SDKs' Args (a misspelt property fails to compile). Both are the state of one
// serverless shop on three clouds, as `pulumi stack export` writes it from a Pulumi Cloud stack:
// insecure-stack.json with each of the four threats on each cloud (and public invocation), and
// secure-stack.json, the same shop fixed, on which no policy reports anything.
//
// `npm run examples` rewrites the files; a test checks that they are current.
import * as fs from "fs";
import * as path from "path";
import type { FunctionArgs } from "@pulumi/aws/lambda/function";
import type { FunctionUrlArgs } from "@pulumi/aws/lambda/functionUrl";
import type { PermissionArgs } from "@pulumi/aws/lambda/permission";
import type { RoleArgs } from "@pulumi/aws/iam/role";
import type { SecurityGroupArgs } from "@pulumi/aws/ec2/securityGroup";
import type { WebAppArgs } from "@pulumi/azure-native/web/webApp";
import type { RoleAssignmentArgs } from "@pulumi/azure-native/authorization/roleAssignment";
import type { ServiceArgs as CloudRunArgs } from "@pulumi/gcp/cloudrunv2/service";
import type * as gcpInputs from "@pulumi/gcp/types/input";
import type { ServiceIamMemberArgs } from "@pulumi/gcp/cloudrunv2/serviceIamMember";
import type { AccountArgs } from "@pulumi/gcp/serviceaccount/account";
import type { IAMMemberArgs } from "@pulumi/gcp/projects/iammember";

import { awsTypes } from "../../policies/lib/aws/types";
import { azureTypes } from "../../policies/lib/azure/types";
import { gcpTypes } from "../../policies/lib/gcp/types";
import { lambdaTrust, policyJson } from "../fixtures/aws";

type Props = Record<string, unknown>;

const PROJECT = "serverless-shop";
const ORGANIZATION = "acme";
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const GROUP = `${SUBSCRIPTION}/resourceGroups/shop-rg`;
const GCP_PROJECT = "acme-shop";
const TENANT = "11111111-1111-1111-1111-111111111111";
const TIME = "2026-11-02T09:00:00.000Z";

const azureRole = (guid: string) => `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const keyVaultRef = (name: string) => `@Microsoft.KeyVault(SecretUri=https://shop-kv.vault.azure.net/secrets/${name})`;
const subnet = `${GROUP}/providers/Microsoft.Network/virtualNetworks/shop-vnet/subnets/functions`;

interface State {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs?: Props;
    outputs: Props;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    created: string;
    modified: string;
}

/** One stack's state, built resource by resource in dependency order. */
class Stack {
    readonly resources: State[] = [];
    readonly root: string;
    private readonly providers = new Map<string, string>();

    constructor(readonly name: string) {
        this.root = this.urn("pulumi:pulumi:Stack", `${PROJECT}-${name}`);
        this.resources.push({ urn: this.root, custom: false, type: "pulumi:pulumi:Stack", outputs: {}, created: TIME, modified: TIME });
        for (const [cloud, inputs] of [["aws", { region: REGION }], ["azure-native", { location: "westeurope" }], ["gcp", { project: GCP_PROJECT, region: "europe-west1" }]] as const) {
            const urn = this.urn(`pulumi:providers:${cloud}`, "default");
            const id = `0b5a1d9e-8f8c-4c27-9e63-00000000000${this.providers.size + 1}`;
            this.providers.set(cloud, `${urn}::${id}`);
            this.resources.push({ urn, custom: true, id, type: `pulumi:providers:${cloud}`, inputs, outputs: inputs, created: TIME, modified: TIME });
        }
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.name}::${PROJECT}::${type}::${name}`;
    }

    /** A typed resource builder: its inputs, what the provider adds to its outputs, and where its inputs came from. */
    of<Args>(type: string) {
        return (name: string, inputs: Args, outputs: Props = {}, links: Record<string, string[]> = {}): string => {
            const urn = this.urn(type, name);
            this.resources.push({
                urn,
                custom: true,
                id: String(outputs.id ?? `${name}-id`),
                type,
                inputs: inputs as Props,
                outputs: { ...(inputs as Props), ...outputs },
                parent: this.root,
                provider: this.providers.get(type.split(":")[0]),
                dependencies: [...new Set(Object.values(links).flat())],
                propertyDependencies: links,
                created: TIME,
                modified: TIME,
            });
            return urn;
        };
    }

    export() {
        return {
            version: 3,
            deployment: {
                manifest: { time: TIME, magic: "", version: "v3.200.0" },
                secrets_providers: { type: "service", state: { url: "https://api.pulumi.com", owner: ORGANIZATION, project: PROJECT, stack: this.name } },
                resources: this.resources,
            },
        };
    }
}

function builders(stack: Stack) {
    return {
        role: stack.of<RoleArgs>(awsTypes.role),
        securityGroup: stack.of<SecurityGroupArgs>(awsTypes.securityGroup),
        function: stack.of<FunctionArgs>(awsTypes.function),
        functionUrl: stack.of<FunctionUrlArgs>(awsTypes.functionUrl),
        permission: stack.of<PermissionArgs>(awsTypes.permission),
        webApp: stack.of<WebAppArgs>(azureTypes.webApp),
        roleAssignment: stack.of<RoleAssignmentArgs>(azureTypes.roleAssignment),
        serviceAccount: stack.of<AccountArgs>(gcpTypes.serviceAccount),
        projectIamMember: stack.of<IAMMemberArgs>(gcpTypes.projectIamMember),
        cloudRun: stack.of<CloudRunArgs>(gcpTypes.runV2Service),
        cloudRunInvoker: stack.of<ServiceIamMemberArgs>(gcpTypes.runV2ServiceIamMember),
    };
}

/** What every example function has, so that the examples' findings are the threats, not the hardening. */
const hardened = (name: string): Partial<FunctionArgs> => ({
    runtime: "nodejs22.x",
    handler: "index.handler",
    reservedConcurrentExecutions: 20,
    kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    tracingConfig: { mode: "Active" },
    deadLetterConfig: { targetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}-dlq` },
    codeSigningConfigArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`,
});

type Builders = ReturnType<typeof builders>;

/** A Linux function app with the hardening settings, and a managed identity, VNet integration and settings as asked. */
function functionApp(r: Builders, name: string, app: { principalId?: string; vnet?: boolean; settings?: { name: string; value: string }[] }) {
    const urn = r.webApp(name, {
        resourceGroupName: "shop-rg",
        kind: "functionapp,linux",
        httpsOnly: true,
        publicNetworkAccess: "Disabled",
        ...(app.principalId ? { identity: { type: "SystemAssigned" } } : {}),
        ...(app.vnet ? { virtualNetworkSubnetId: subnet, outboundVnetRouting: { allTraffic: true } } : {}),
        siteConfig: {
            minTlsVersion: "1.2",
            scmMinTlsVersion: "1.2",
            ftpsState: "Disabled",
            http20Enabled: true,
            remoteDebuggingEnabled: false,
            appSettings: [
                { name: "FUNCTIONS_EXTENSION_VERSION", value: "~4" },
                { name: "FUNCTIONS_WORKER_RUNTIME", value: "node" },
                { name: "AzureWebJobsStorage__accountName", value: "shopfuncstore" },
                ...app.settings ?? [],
            ],
        },
    }, {
        id: siteId(name),
        ...(app.principalId ? { identity: { type: "SystemAssigned", principalId: app.principalId, tenantId: TENANT } } : {}),
    });
    return { urn, principalId: app.principalId };
}

/** An Azure role for the app's identity (its principal ID linked to the app) at `scope`. */
function grant(r: Builders, name: string, app: { urn: string; principalId?: string }, roleGuid: string, scope: string): void {
    r.roleAssignment(name, { principalId: app.principalId!, principalType: "ServicePrincipal", roleDefinitionId: azureRole(roleGuid), scope },
        {}, { principalId: [app.urn] });
}

/** A service account granted `role` on the project. */
function serviceAccount(r: Builders, name: string, accountId: string, role: string): { urn: string; email: string } {
    const email = `${accountId}@${GCP_PROJECT}.iam.gserviceaccount.com`;
    const urn = r.serviceAccount(name, { accountId, project: GCP_PROJECT, displayName: `${accountId} Cloud Run runtime` },
        { email, member: `serviceAccount:${email}` });
    r.projectIamMember(`${name.replace(/-sa$/, "")}-${role.split("/")[1].split(".")[0]}`, { project: GCP_PROJECT, role, member: `serviceAccount:${email}` }, {}, { member: [urn] });
    return { urn, email };
}

/** A Cloud Run service of the shop, running as `account`, or else as the default the provider reports. */
function cloudRun(r: Builders, name: string, ingress: string, template: gcpInputs.cloudrunv2.ServiceTemplate, account?: { urn: string }): string {
    const deployed = { ...template, serviceAccount: template.serviceAccount ?? "123456789012-compute@developer.gserviceaccount.com" };
    return r.cloudRun(name, { name, location: "europe-west1", project: GCP_PROJECT, ingress, template },
        { uri: `https://${name}-abc123-ew.a.run.app`, template: deployed }, account ? { template: [account.urn] } : {});
}

/** Who may invoke a Cloud Run service. */
function invoker(r: Builders, name: string, service: string, member: string): void {
    r.cloudRunInvoker(name, { name: service.split("::").pop()!, location: "europe-west1", project: GCP_PROJECT, role: "roles/run.invoker", member }, {}, { name: [service] });
}

const roleOutputs = (name: string) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, id: name, uniqueId: `AROA${name.toUpperCase().replace(/-/g, "")}` });
/** A Lambda execution role that Lambda may assume, with one inline policy. */
const executionRole = (r: Builders, name: string, policyName: string, ...statements: object[]) =>
    r.role(name, { name, assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: policyName, policy: policyJson(...statements) }] }, roleOutputs(name));
const functionOutputs = (name: string) => ({ arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`, id: name });
const siteId = (name: string) => `${GROUP}/providers/Microsoft.Web/sites/${name}`;

/** Every threat on every cloud: wildcard IAM, plaintext secrets, public egress, missing identity. */
function insecureExample() {
    const stack = new Stack("insecure");
    const r = builders(stack);

    // AWS: a role that may do anything, shared by two functions outside any VPC, a database password in
    // the environment, and a Function URL anyone can call.
    const role = executionRole(r, "orders-role", "app", { Effect: "Allow", Action: ["dynamodb:*", "s3:*"], Resource: "*" });
    const orders = r.function("orders", {
        ...hardened("orders"),
        name: "orders",
        role: roleOutputs("orders-role").arn,
        environment: { variables: { TABLE_NAME: "orders", DB_PASSWORD: "Sup3r-S3cret-Passw0rd!" } },
    }, functionOutputs("orders"), { role: [role] });
    r.function("reports", {
        ...hardened("reports"),
        name: "reports",
        role: roleOutputs("orders-role").arn,
    }, functionOutputs("reports"), { role: [role] });
    r.functionUrl("orders-url", { functionName: "orders", authorizationType: "NONE" }, { functionUrl: "https://orders.lambda-url.eu-west-1.on.aws/" },
        { functionName: [orders] });

    // Azure: a function app with no managed identity, a plaintext password in its settings and no VNet
    // integration; another whose identity is Owner of the subscription.
    functionApp(r, "checkout", { settings: [{ name: "PAYMENTS_PASSWORD", value: "Sup3r-S3cret-Passw0rd!" }] });
    const billing = functionApp(r, "billing", { principalId: "22222222-2222-2222-2222-222222222222", vnet: true });
    grant(r, "billing-owner", billing, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", SUBSCRIPTION);

    // Google Cloud: a Cloud Run service on the default compute account, with an API key in its
    // environment, no VPC and open to allUsers; another whose own account is a project editor.
    const web = cloudRun(r, "storefront", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", {
        containers: [{
            image: "europe-west1-docker.pkg.dev/acme-shop/shop/storefront:2.1.0",
            envs: [{ name: "STRIPE_API_KEY", value: "sk_live_51Hx0000000000000000000000" }],
        }],
    });
    invoker(r, "storefront-public", web, "allUsers");
    const inventory = serviceAccount(r, "inventory-sa", "inventory-run", "roles/editor");
    cloudRun(r, "inventory", "INGRESS_TRAFFIC_INTERNAL_ONLY", {
        serviceAccount: inventory.email,
        vpcAccess: { connector: `projects/${GCP_PROJECT}/locations/europe-west1/connectors/shop`, egress: "ALL_TRAFFIC" },
        containers: [{ image: "europe-west1-docker.pkg.dev/acme-shop/shop/inventory:1.0.3" }],
    }, inventory);
    return stack.export();
}

/** The same shop with every finding fixed. */
function secureExample() {
    const stack = new Stack("secure");
    const r = builders(stack);

    const role = executionRole(r, "orders-role", "orders-table",
        { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders` },
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:orders-db-AbCdEf` },
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/orders:*` });
    const group = r.securityGroup("orders-sg", {
        vpcId: "vpc-0abc1234",
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
    }, { id: "sg-0orders" });
    const orders = r.function("orders", {
        ...hardened("orders"),
        name: "orders",
        role: roleOutputs("orders-role").arn,
        environment: { variables: { TABLE_NAME: "orders", DB_PASSWORD_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:orders-db-AbCdEf` } },
        vpcConfig: { subnetIds: ["subnet-0aaa", "subnet-0bbb"], securityGroupIds: ["sg-0orders"] },
    }, functionOutputs("orders"), { role: [role], vpcConfig: [group] });
    r.permission("orders-from-events", {
        action: "lambda:InvokeFunction",
        function: "orders",
        principal: "events.amazonaws.com",
        sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-nightly`,
    }, {}, { function: [orders] });

    const app = functionApp(r, "checkout", {
        principalId: "33333333-3333-3333-3333-333333333333",
        vnet: true,
        settings: [{ name: "PAYMENTS_PASSWORD", value: keyVaultRef("payments-password") }],
    });
    grant(r, "checkout-kv-secrets", app, "4633458b-17de-408a-b874-0445c86b69e6", `${GROUP}/providers/Microsoft.KeyVault/vaults/shop-kv`);
    grant(r, "checkout-host-storage", app, "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", `${GROUP}/providers/Microsoft.Storage/storageAccounts/shopfuncstore`);

    const storefront = serviceAccount(r, "storefront-sa", "storefront-run", "roles/datastore.user");
    const web = cloudRun(r, "storefront", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", {
        serviceAccount: storefront.email,
        vpcAccess: { connector: `projects/${GCP_PROJECT}/locations/europe-west1/connectors/shop`, egress: "ALL_TRAFFIC" },
        containers: [{
            image: "europe-west1-docker.pkg.dev/acme-shop/shop/storefront:2.1.0",
            envs: [{ name: "STRIPE_API_KEY", valueSource: { secretKeyRef: { secret: "stripe-api-key", version: "latest" } } }],
        }],
    }, storefront);
    invoker(r, "storefront-from-frontend", web, `serviceAccount:frontend@${GCP_PROJECT}.iam.gserviceaccount.com`);
    return stack.export();
}

export const EXAMPLES: Record<string, () => object> = {
    "insecure-stack.json": insecureExample,
    "secure-stack.json": secureExample,
};

/** The file's text, as `pulumi stack export` formats it (four-space indentation). */
export const exampleText = (build: () => object) => `${JSON.stringify(build(), null, 4)}\n`;

if (require.main === module) {
    const dir = path.join(__dirname, "..", "..", "..", "examples");
    for (const [file, build] of Object.entries(EXAMPLES)) {
        fs.writeFileSync(path.join(dir, file), exampleText(build));
        console.log(`wrote examples/${file}`);
    }
}
