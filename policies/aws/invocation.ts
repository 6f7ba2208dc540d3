// Public invocation: who can call a Lambda function from outside.
import { resourceRule } from "../lib/policy";
import { UNKNOWN, isSet, read, str, strings } from "../lib/props";
import { fsbp } from "../lib/frameworks";
import { awsTypes } from "../lib/aws/types";

export const functionUrlAuth = resourceRule({
    name: "aws-lambda-url-requires-auth",
    description: "Lambda Function URLs require IAM authentication.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set authorizationType to \"AWS_IAM\" and grant lambda:InvokeFunctionUrl to the callers that need it, or put the function behind API Gateway with an authorizer.",
    tags: ["aws", "lambda", "public-invocation"],
    framework: fsbp("Lambda.1", "Lambda function policies should prohibit public access"),
}, [awsTypes.functionUrl], (url, report) => {
    const authorizationType = str(read(url.props, "authorizationType"));
    if (authorizationType === UNKNOWN) {
        return report.unknown(`Function URL '${url.name}': authorizationType`);
    }
    if (authorizationType === undefined || authorizationType.toUpperCase() === "NONE") {
        report.violation(`Function URL '${url.name}' has authorizationType NONE: anyone on the internet can invoke the function. ` +
            "Fix: set authorizationType to \"AWS_IAM\".");
    }
});

export const functionUrlCors = resourceRule({
    name: "aws-lambda-url-cors-restricted",
    description: "Lambda Function URL CORS does not allow every origin.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "List the exact origins that call the function in cors.allowOrigins instead of \"*\".",
    tags: ["aws", "lambda", "public-invocation", "hardening"],
}, [awsTypes.functionUrl], (url, report) => {
    const origins = strings(read(url.props, "cors", "allowOrigins"));
    if (origins.values.some(origin => origin.trim() === "*")) {
        report.violation(`Function URL '${url.name}': cors.allowOrigins contains "*". Fix: list the exact origins that call the function.`);
    } else if (origins.unknown) {
        report.unknown(`Function URL '${url.name}': cors.allowOrigins`);
    }
});

const restrictingKeys = ["sourceArn", "sourceAccount", "principalOrgId"];

export const permissionNotPublic = resourceRule({
    name: "aws-lambda-permission-no-public-principal",
    description: "Lambda permissions do not grant invocation to every AWS principal (\"*\").",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set principal to the account, role or service that calls the function; if it must stay \"*\", restrict it with principalOrgId, sourceAccount or sourceArn.",
    tags: ["aws", "lambda", "public-invocation"],
    framework: fsbp("Lambda.1", "Lambda function policies should prohibit public access"),
}, [awsTypes.permission], (permission, report) => {
    const principal = str(read(permission.props, "principal"));
    if (principal === UNKNOWN) {
        return report.unknown(`Lambda permission '${permission.name}': principal`);
    }
    if (principal?.trim() !== "*") {
        return;
    }
    if (restrictingKeys.some(key => isSet(read(permission.props, key)))) {
        return;
    }
    report.violation(`Lambda permission '${permission.name}' grants its action to principal` +
        " \"*\" with no principalOrgId, sourceAccount or sourceArn: any AWS account can invoke the function. " +
        "Fix: name the calling principal, or restrict with principalOrgId, sourceAccount or sourceArn.");
});

export const servicePermissionScoped = resourceRule({
    name: "aws-lambda-permission-service-source",
    description: "Lambda permissions granted to an AWS service are scoped to the calling resource or account.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Set sourceArn (for example the S3 bucket, SNS topic or API Gateway ARN) or sourceAccount on permissions for service principals, so other accounts' resources of that service cannot invoke the function (confused deputy).",
    tags: ["aws", "lambda", "public-invocation", "hardening"],
}, [awsTypes.permission], (permission, report) => {
    const principal = str(read(permission.props, "principal"));
    if (typeof principal !== "string" || !principal.trim().endsWith(".amazonaws.com")) {
        return;
    }
    if (!isSet(read(permission.props, "sourceArn")) && !isSet(read(permission.props, "sourceAccount")) && !isSet(read(permission.props, "principalOrgId"))) {
        report.violation(`Lambda permission '${permission.name}' lets an AWS service principal invoke the function from any account. ` +
            "Fix: set sourceArn or sourceAccount.");
    }
});

export const awsInvocationPolicies = [functionUrlAuth, functionUrlCors, permissionNotPublic, servicePermissionScoped];
