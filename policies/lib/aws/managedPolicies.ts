// AWS managed policies, by what attaching one to a Lambda execution role means.
//
// Only AWS-owned ARNs (`arn:<partition>:iam::aws:policy/[path/]Name`) are classified, in any
// partition (aws, aws-cn, aws-us-gov, aws-iso...). Names are compared case-insensitively and
// without their path: AWS names are unique, and a wrong path only makes the attachment fail.

export type ManagedPolicyClass = "admin" | "service-wide" | "fine" | "other";

// Control of the whole account, or of IAM, which leads there in one step.
const adminPolicies = [
    "AdministratorAccess",
    "AdministratorAccess-Amplify",
    "AdministratorAccess-AWSElasticBeanstalk",
    "PowerUserAccess",
    "IAMFullAccess",
];

// What the Lambda service needs to run a function, to read its event sources and to report
// telemetry: scoped to logs, ENIs, X-Ray and stream/queue reads.
const finePolicies = [
    "AWSLambdaBasicExecutionRole",
    "AWSLambdaVPCAccessExecutionRole",
    "AWSLambdaENIManagementAccess",
    "AWSXRayDaemonWriteAccess",
    "AWSXrayWriteOnlyAccess", // the former name of AWSXRayDaemonWriteAccess
    "AWSLambdaSQSQueueExecutionRole",
    "AWSLambdaKinesisExecutionRole",
    "AWSLambdaDynamoDBExecutionRole",
    "AWSLambdaMSKExecutionRole",
    "CloudWatchLambdaInsightsExecutionRolePolicy",
    "CloudWatchLambdaApplicationSignalsExecutionRolePolicy",
    "AmazonS3ObjectLambdaExecutionRolePolicy",
];

// Broad although not named `...FullAccess`.
const serviceWidePolicies = [
    "ReadOnlyAccess", // reads the data of every service (S3 objects, DynamoDB items...)
    "AWSLambdaExecute", // s3:GetObject and s3:PutObject on every bucket, logs:* everywhere
    "SystemAdministrator", // job-function/
    "DatabaseAdministrator", // job-function/
    "NetworkAdministrator", // job-function/
    "DataScientist", // job-function/
];

// `AmazonS3FullAccess`, `AWSLambda_FullAccess` (lambda:* plus PassRole to Lambda: service-wide,
// not admin), `CloudWatchFullAccessV2`...
const fullAccessName = /FullAccess(V\d+)?$/i;

const byName = new Map<string, ManagedPolicyClass>([
    ...serviceWidePolicies.map(n => [n.toLowerCase(), "service-wide"] as const),
    ...finePolicies.map(n => [n.toLowerCase(), "fine"] as const),
    ...adminPolicies.map(n => [n.toLowerCase(), "admin"] as const),
]);

/** The class of an AWS managed policy ARN; "other" for customer policies and anything else. */
export function classifyManagedPolicyArn(arn: string): ManagedPolicyClass {
    const name = managedPolicyName(arn);
    if (name === undefined) {
        return "other";
    }
    return byName.get(name.toLowerCase()) ?? (fullAccessName.test(name) ? "service-wide" : "other");
}

/** The name of an AWS managed policy (`AWSLambdaBasicExecutionRole`), or undefined for other ARNs. */
export function managedPolicyName(arn: string): string | undefined {
    if (typeof arn !== "string") {
        return undefined;
    }
    const parts = arn.split(":");
    if (parts.length !== 6) {
        return undefined;
    }
    const [prefix, partition, service, region, account, resource] = parts;
    const awsOwned = prefix === "arn" && /^aws(-[a-z]+)*$/.test(partition) && service === "iam" && region === "" && account === "aws";
    if (!awsOwned || !resource.startsWith("policy/")) {
        return undefined;
    }
    const name = resource.slice(resource.lastIndexOf("/") + 1);
    return name === "" ? undefined : name;
}
