import * as assert from "node:assert/strict";
import { functionUrlAuth, functionUrlCors, permissionNotPublic, servicePermissionScoped } from "../../policies/aws/invocation";
import { runResourcePolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { aws } from "../fixtures/aws";
import { UNKNOWN_ARRAY, unknownAs } from "../fixtures/common";

describe("aws-lambda-url-requires-auth", () => {
    it("passes AWS_IAM and reports NONE", async () => {
        assert.deepEqual(await runResourcePolicy(functionUrlAuth, aws.functionUrl("url", { functionName: "app", authorizationType: "AWS_IAM" })), []);
        const violations = await runResourcePolicy(functionUrlAuth, aws.functionUrl("url", { functionName: "app", authorizationType: "NONE" }));
        expectFindings(violations, 1, "Function URL 'url'", "authorizationType NONE", "Fix:");
        assert.equal(violations[0].enforcementLevel, "mandatory");
    });

    it("notes an unknown authorizationType", async () => {
        expectUnknownNote(await runResourcePolicy(functionUrlAuth, aws.functionUrl("url", { functionName: "app", authorizationType: unknownAs() })), "authorizationType");
    });
});

describe("aws-lambda-url-cors-restricted", () => {
    it("reports a wildcard origin, passes exact origins, notes unknown ones", async () => {
        const open = aws.functionUrl("url", { functionName: "app", authorizationType: "AWS_IAM", cors: { allowOrigins: ["*"] } });
        const exact = aws.functionUrl("url", { functionName: "app", authorizationType: "AWS_IAM", cors: { allowOrigins: ["https://app.example.com"] } });
        const unknown = aws.functionUrl("url", { functionName: "app", authorizationType: "AWS_IAM", cors: { allowOrigins: unknownAs(UNKNOWN_ARRAY) } });
        const violations = await runResourcePolicy(functionUrlCors, open);
        expectFindings(violations, 1, "cors.allowOrigins");
        assert.equal(violations[0].enforcementLevel, "advisory");
        assert.deepEqual(await runResourcePolicy(functionUrlCors, exact), []);
        expectUnknownNote(await runResourcePolicy(functionUrlCors, unknown), "cors.allowOrigins");
    });
});

describe("aws-lambda-permission-no-public-principal", () => {
    const base = { action: "lambda:InvokeFunction", function: "app" };

    it("reports principal * without restrictions", async () => {
        const violations = await runResourcePolicy(permissionNotPublic, aws.permission("public", { ...base, principal: "*" }));
        expectFindings(violations, 1, "Lambda permission 'public'", "principal \"*\"", "Fix:");
    });

    it("passes named principals and * restricted by organisation, account or source", async () => {
        for (const args of [
            { ...base, principal: "123456789012" },
            { ...base, principal: "*", principalOrgId: "o-abc123" },
            { ...base, principal: "*", sourceAccount: "123456789012" },
        ]) {
            assert.deepEqual(await runResourcePolicy(permissionNotPublic, aws.permission("p", args)), []);
        }
    });

    it("notes an unknown principal", async () => {
        expectUnknownNote(await runResourcePolicy(permissionNotPublic, aws.permission("p", { ...base, principal: unknownAs() })), "principal");
    });
});

describe("aws-lambda-permission-service-source", () => {
    const base = { action: "lambda:InvokeFunction", function: "app" };

    it("reports a service principal without source conditions, advisory", async () => {
        const violations = await runResourcePolicy(servicePermissionScoped, aws.permission("s3", { ...base, principal: "s3.amazonaws.com" }));
        expectFindings(violations, 1, "Lambda permission 's3'", "sourceArn");
        assert.equal(violations[0].enforcementLevel, "advisory");
    });

    it("passes a service principal with sourceArn (even unknown at preview) and account principals", async () => {
        assert.deepEqual(await runResourcePolicy(servicePermissionScoped, aws.permission("s3", { ...base, principal: "s3.amazonaws.com", sourceArn: unknownAs() })), []);
        assert.deepEqual(await runResourcePolicy(servicePermissionScoped, aws.permission("acct", { ...base, principal: "123456789012" })), []);
    });
});
