// Pulumi programs as teams write them for AWS Lambda: the pack must block the insecure one and let
// the secure one through, on what the engine sends at preview and at up.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const lambdaTrust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") });

/** Generated secrets of the right shape: never real ones. */
export const planted = {
    slackToken: ["xoxb", "2190483726510", "4829103756281", "KfT2mQ9xLr3vNc8wZp4sYh6d"].join("-"),
    stripeKey: ["sk", "live", "51Hx9aQ2eZvKYlo2C7n3Pq8RtW5yU1iO4pA6sD9fG2hJ4kL7zX0cV3bN5mQ8"].join("_"),
};

/**
 * An orders service as first written: a CallbackFunction whose closure captures a Slack token and
 * gets CallbackFunction's default *FullAccess policies, an upload handler through
 * bucket.onObjectCreated (a mixin: the same defaults), and a hand-written function whose role may
 * do anything, with a Stripe key in its environment, a security group open to the internet and a
 * public Function URL.
 */
export function insecureAwsProgram() {
    const slackToken = planted.slackToken;
    new aws.lambda.CallbackFunction("orders-api", {
        callback: async () => ({ statusCode: 200, body: String(slackToken.length) }),
    });
    const uploads = new aws.s3.Bucket("uploads");
    uploads.onObjectCreated("thumbnails", async () => undefined);

    const role = new aws.iam.Role("billing-role", {
        assumeRolePolicy: lambdaTrust,
        inlinePolicies: [{ name: "everything", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }],
    });
    const group = new aws.ec2.SecurityGroup("billing-sg", {
        vpcId: "vpc-0abc",
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    });
    const billing = new aws.lambda.Function("billing", {
        role: role.arn,
        runtime: "nodejs22.x",
        handler: "index.handler",
        code,
        environment: { variables: { STRIPE_KEY: planted.stripeKey } },
        vpcConfig: { subnetIds: ["subnet-0aaa"], securityGroupIds: [group.id] },
    });
    new aws.lambda.FunctionUrl("billing-url", { functionName: billing.name, authorizationType: "NONE" });
}

/**
 * The same service done right: one role per function with a customer policy scoped to one table,
 * the VPC execution policy attached as a separate resource (the role itself sets no policies), a
 * security group whose egress stays in the VPC, secrets read from SSM by name, and a
 * CallbackFunction given its own narrow policies.
 */
export function secureAwsProgram() {
    const table = new aws.dynamodb.Table("orders", { attributes: [{ name: "id", type: "S" }], hashKey: "id", billingMode: "PAY_PER_REQUEST" });
    const role = new aws.iam.Role("orders-role", { assumeRolePolicy: lambdaTrust });
    new aws.iam.RolePolicyAttachment("orders-vpc", { role: role.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole });
    new aws.iam.RolePolicy("orders-table", {
        role: role.id,
        policy: table.arn.apply(arn => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: arn }] })),
    });
    const group = new aws.ec2.SecurityGroup("orders-sg", {
        vpcId: "vpc-0abc",
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
    });
    const vpcConfig = { subnetIds: ["subnet-0aaa", "subnet-0bbb"], securityGroupIds: [group.id] };
    new aws.lambda.Function("orders", {
        role: role.arn,
        runtime: "nodejs22.x",
        handler: "index.handler",
        code,
        reservedConcurrentExecutions: 10,
        tracingConfig: { mode: "Active" },
        environment: { variables: { TABLE_NAME: table.name, STRIPE_KEY_PARAMETER: "/prod/orders/stripe-key", TOKEN_TTL: "3600" } },
        vpcConfig,
    });
    new aws.lambda.CallbackFunction("orders-report", {
        callback: async () => ({ statusCode: 200 }),
        policies: [aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole],
        vpcConfig,
        reservedConcurrentExecutions: 2,
    });
}
