import assert from "node:assert/strict";

import { classifyManagedPolicyArn, managedPolicyName } from "../../policies/lib/aws/managedPolicies";

const aws = (path: string, partition = "aws"): string => `arn:${partition}:iam::aws:policy/${path}`;

describe("lib/aws/managedPolicies", () => {
    describe("classifyManagedPolicyArn", () => {
        const cases: [string, string][] = [
            [aws("AdministratorAccess"), "admin"],
            [aws("PowerUserAccess"), "admin"],
            [aws("IAMFullAccess"), "admin"],
            [aws("AdministratorAccess-Amplify"), "admin"],
            [aws("AmazonS3FullAccess"), "service-wide"],
            [aws("AmazonDynamoDBFullAccess"), "service-wide"],
            [aws("AWSLambda_FullAccess"), "service-wide"],
            [aws("AWSLambdaFullAccess"), "service-wide"],
            [aws("CloudWatchFullAccessV2"), "service-wide"],
            [aws("ReadOnlyAccess"), "service-wide"],
            [aws("AWSLambdaExecute"), "service-wide"],
            [aws("job-function/SystemAdministrator"), "service-wide"],
            [aws("service-role/AWSLambdaBasicExecutionRole"), "fine"],
            [aws("service-role/AWSLambdaVPCAccessExecutionRole"), "fine"],
            [aws("AWSXRayDaemonWriteAccess"), "fine"],
            [aws("service-role/AWSLambdaSQSQueueExecutionRole"), "fine"],
            [aws("service-role/AWSLambdaKinesisExecutionRole"), "fine"],
            [aws("service-role/AWSLambdaDynamoDBExecutionRole"), "fine"],
            [aws("service-role/AWSLambdaMSKExecutionRole"), "fine"],
            [aws("CloudWatchLambdaInsightsExecutionRolePolicy"), "fine"],
            [aws("AmazonS3ReadOnlyAccess"), "other"],
            [aws("service-role/AWSLambdaRole"), "other"],
        ];
        for (const [arn, expected] of cases) {
            it(`${arn.slice("arn:aws:iam::aws:policy/".length)} is ${expected}`, () => {
                assert.equal(classifyManagedPolicyArn(arn), expected);
            });
        }

        it("is partition-aware", () => {
            for (const partition of ["aws", "aws-cn", "aws-us-gov", "aws-iso-b"]) {
                assert.equal(classifyManagedPolicyArn(aws("AdministratorAccess", partition)), "admin", partition);
                assert.equal(classifyManagedPolicyArn(aws("service-role/AWSLambdaBasicExecutionRole", partition)), "fine", partition);
            }
            assert.equal(classifyManagedPolicyArn(aws("AdministratorAccess", "gcp")), "other");
            assert.equal(classifyManagedPolicyArn(aws("AdministratorAccess", "AWS")), "other");
        });

        it("classifies by name, whatever the path or casing", () => {
            assert.equal(classifyManagedPolicyArn(aws("AWSLambdaBasicExecutionRole")), "fine");
            assert.equal(classifyManagedPolicyArn(aws("administratoraccess")), "admin");
            assert.equal(classifyManagedPolicyArn(aws("amazons3fullaccess")), "service-wide");
        });

        it("customer-managed policies and non-policy ARNs are other", () => {
            assert.equal(classifyManagedPolicyArn("arn:aws:iam::123456789012:policy/AdministratorAccess"), "other");
            assert.equal(classifyManagedPolicyArn("arn:aws:iam::123456789012:policy/team/MyFullAccess"), "other");
            assert.equal(classifyManagedPolicyArn("arn:aws:iam::aws:role/AdministratorAccess"), "other");
            assert.equal(classifyManagedPolicyArn("arn:aws:s3:::aws:policy/AdministratorAccess"), "other");
            assert.equal(classifyManagedPolicyArn("arn:aws:iam:eu-west-1:aws:policy/AdministratorAccess"), "other");
            assert.equal(classifyManagedPolicyArn("AdministratorAccess"), "other");
        });

        it("never throws, and an unknown ARN is other", () => {
            for (const junk of [undefined, null, 42, {}, "", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", aws(""), aws("service-role/"), "a:".repeat(50_000)]) {
                assert.equal(classifyManagedPolicyArn(junk as string), "other");
            }
        });
    });

    describe("managedPolicyName", () => {
        it("names AWS managed policies only", () => {
            assert.equal(managedPolicyName(aws("service-role/AWSLambdaBasicExecutionRole")), "AWSLambdaBasicExecutionRole");
            assert.equal(managedPolicyName(aws("AdministratorAccess", "aws-us-gov")), "AdministratorAccess");
            assert.equal(managedPolicyName("arn:aws:iam::123456789012:policy/secret-project-policy"), undefined);
            assert.equal(managedPolicyName(aws("")), undefined);
            assert.equal(managedPolicyName(42 as unknown as string), undefined);
        });
    });
});
