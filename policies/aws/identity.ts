// Wildcard IAM on the roles Lambda functions run as. Roles no function uses are out of scope.
import { stackRule } from "../lib/policy";
import { strings } from "../lib/props";
import {
    executionRolesWithPermissions, printableService, statementLabel, trustPolicyOf, wellFormed,
} from "../lib/aws/executionRole";
import { classifyManagedPolicyArn, managedPolicyName } from "../lib/aws/managedPolicies";
import { lambdaLabel } from "../lib/aws/naming";
import {
    escalationCombinations, fullWildcardGrants, isMalformed, notActionOrResourceAllows, privilegeEscalations,
    publicPrincipals, serviceWildcardGrants, unconditionedResourceWildcards,
} from "../lib/aws/policyDocument";
import { UNKNOWN } from "../lib/props";
import { indexBy } from "../lib/stackGraph";
import { awsTypes } from "../lib/aws/types";
import { executionRolesOf } from "../lib/aws/links";

const identity = ["aws", "lambda", "iam", "wildcard-iam"];
const cisIam = (reference: string, specification: string) => ({ name: "CIS AWS Foundations Benchmark", version: "3.0.0", reference, specification });

export const noFullWildcard = stackRule({
    name: "aws-lambda-role-no-full-wildcard",
    description: "A Lambda execution role's policies do not allow every action (Action \"*\").",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Replace Action \"*\" with the specific actions the function calls, on the specific resource ARNs it touches. " +
        "Policies that are not valid IAM documents are reported too: they cannot be verified.",
    tags: identity,
    framework: cisIam("1.16", "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached"),
}, [awsTypes.function], (fn, stack, report) => {
    for (const { documents } of executionRolesWithPermissions(stack, fn, report)) {
        for (const { source, parsed } of documents) {
            if (isMalformed(parsed)) {
                report.violation(`${lambdaLabel(fn)}: the policy document of ${source} is not a valid IAM policy (${parsed.malformed}), so it cannot be verified. ` +
                    "Fix: correct the document.");
                continue;
            }
            for (const grant of fullWildcardGrants(parsed)) {
                report.violation(`${lambdaLabel(fn)}: ${statementLabel(grant.index)} of ${source} allows every action` +
                    `${grant.anyResource ? " on every resource (full administrator)" : ""}. Fix: list the specific actions the function needs.`);
            }
        }
    }
});

export const noServiceWildcard = stackRule({
    name: "aws-lambda-role-no-service-wildcard",
    description: "A Lambda execution role's policies do not allow every action of a service (\"s3:*\", \"iam:*\", \"dynamodb:*\").",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Replace \"service:*\" with the specific actions the function calls (for example dynamodb:GetItem and dynamodb:Query), scoped to the resource ARNs it touches.",
    tags: identity,
    config: {
        allowedServices: {
            type: "array", items: { type: "string" }, default: [],
            description: "Service prefixes (e.g. \"xray\") whose \"service:*\" grants are accepted.",
        },
    },
}, [awsTypes.function], (fn, stack, report, config) => {
    const allowed = new Set(strings(config.allowedServices).values.map(s => s.toLowerCase()));
    for (const { documents } of executionRolesWithPermissions(stack, fn, report)) {
        for (const { source, parsed } of wellFormed(documents)) {
            for (const grant of serviceWildcardGrants(parsed)) {
                const services = grant.services.filter(s => !allowed.has(s));
                if (services.length > 0) {
                    report.violation(`${lambdaLabel(fn)}: ${statementLabel(grant.index)} of ${source} allows ${services.map(printableService).join(", ")}` +
                        `${grant.anyResource ? " on every resource" : ""}. Fix: list the specific actions the function calls.`);
                }
            }
        }
    }
});

export const noNotAction = stackRule({
    name: "aws-lambda-role-no-not-action",
    description: "A Lambda execution role's policies do not Allow with NotAction or NotResource (they grant everything not listed).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Rewrite the statement as an Allow of the specific actions on specific resources; use a Deny statement for exceptions.",
    tags: identity,
}, [awsTypes.function], (fn, stack, report) => {
    for (const { documents } of executionRolesWithPermissions(stack, fn, report)) {
        for (const { source, parsed } of wellFormed(documents)) {
            for (const grant of notActionOrResourceAllows(parsed)) {
                const element = [grant.notAction && "NotAction", grant.notResource && "NotResource"].filter(Boolean).join(" and ");
                report.violation(`${lambdaLabel(fn)}: ${statementLabel(grant.index)} of ${source} allows with ${element}, which grants everything not listed. ` +
                    "Fix: allow the specific actions and resources instead.");
            }
        }
    }
});

export const noAdminManagedPolicy = stackRule({
    name: "aws-lambda-role-no-admin-managed-policy",
    description: "No administrator or service-wide AWS managed policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, any *FullAccess) is attached to a Lambda execution role.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Detach the managed policy and grant the function a customer policy with only the actions and resources it needs. " +
        "AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole are fine.",
    tags: identity,
    framework: cisIam("1.16", "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached"),
    config: {
        acceptedManagedPolicies: {
            type: "array", items: { type: "string" }, default: [],
            description: "AWS managed policy names (e.g. \"AmazonS3ReadOnlyAccess\") accepted on execution roles even when broad.",
        },
    },
}, [awsTypes.function], (fn, stack, report, config) => {
    const accepted = new Set(strings(config.acceptedManagedPolicies).values.map(n => n.toLowerCase()));
    for (const { attachedArns } of executionRolesWithPermissions(stack, fn, report, "managed policies")) {
        for (const { arn, source } of attachedArns) {
            const kind = classifyManagedPolicyArn(arn);
            const name = managedPolicyName(arn);
            if ((kind === "admin" || kind === "service-wide") && name && !accepted.has(name.toLowerCase())) {
                report.violation(`${lambdaLabel(fn)}: ${source} attaches the AWS managed policy ${name}, which is ` +
                    `${kind === "admin" ? "administrator access" : "service-wide access"}. Fix: replace it with a policy scoped to what the function needs.`);
            }
        }
    }
});

export const trustNotPublic = stackRule({
    name: "aws-lambda-role-trust-not-public",
    description: "A Lambda execution role cannot be assumed by anyone (Principal \"*\" or {\"AWS\": \"*\"} in its trust policy).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Trust only the Lambda service: Principal {\"Service\": \"lambda.amazonaws.com\"}, optionally with an aws:SourceAccount condition.",
    tags: identity,
}, [awsTypes.function], (fn, stack, report) => {
    const roles = executionRolesOf(stack, fn);
    for (const role of roles === UNKNOWN ? [] : roles) {
        const trust = trustPolicyOf(role);
        if (trust === UNKNOWN) {
            report.unknown(`${lambdaLabel(fn)}: assumeRolePolicy of role '${role.name}'`);
            continue;
        }
        for (const grant of publicPrincipals(trust)) {
            report.violation(`${lambdaLabel(fn)}: the trust policy (assumeRolePolicy) of role '${role.name}' lets anyone assume it ` +
                `(${grant.principal === "NotPrincipal" ? "Allow with NotPrincipal" : `Principal ${grant.principal === "*" ? "\"*\"" : "{\"AWS\": \"*\"}"}`}, ${statementLabel(grant.index)}). ` +
                "Fix: trust only lambda.amazonaws.com.");
        }
    }
});

export const scopedResources = stackRule({
    name: "aws-lambda-role-scoped-resources",
    description: "A Lambda execution role's actions are scoped to resources: no action on Resource \"*\" without a condition (logs, X-Ray and the VPC network-interface actions are accepted).",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Replace Resource \"*\" with the ARNs the function touches, or add a Condition that narrows it.",
    tags: identity,
    config: {
        acceptedActions: {
            type: "array", items: { type: "string" }, default: [],
            description: "Action patterns accepted on Resource \"*\" besides the defaults (e.g. \"ssm:DescribeParameters\").",
        },
    },
}, [awsTypes.function], (fn, stack, report, config) => {
    const accepted = strings(config.acceptedActions).values;
    for (const { documents } of executionRolesWithPermissions(stack, fn, report)) {
        for (const { source, parsed } of wellFormed(documents)) {
            for (const grant of unconditionedResourceWildcards(parsed, accepted)) {
                report.violation(`${lambdaLabel(fn)}: ${statementLabel(grant.index)} of ${source} allows ${grant.actions.length} action pattern(s) on Resource "*" without a condition. ` +
                    "Fix: scope them to the ARNs the function touches.");
            }
        }
    }
});

const escalationDescriptions = new Map(escalationCombinations.map(c => [c.name, c.description]));

export const noPrivilegeEscalation = stackRule({
    name: "aws-lambda-role-no-privilege-escalation",
    description: "A Lambda execution role does not hold a combination of permissions that lets it grant itself more (iam:PassRole with lambda:CreateFunction, iam:Put*Policy, iam:CreatePolicyVersion...).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the IAM-writing and PassRole permissions from the function's role; if the function must pass a role, scope iam:PassRole to that role's ARN with an iam:PassedToService condition.",
    tags: identity,
}, [awsTypes.function], (fn, stack, report) => {
    for (const { role, documents } of executionRolesWithPermissions(stack, fn, report)) {
        for (const escalation of privilegeEscalations(wellFormed(documents).map(d => d.parsed))) {
            report.violation(`${lambdaLabel(fn)}: role '${role.name}' allows ${escalation.actions.join(" + ")}, ` +
                `which lets it ${escalationDescriptions.get(escalation.name)} (privilege escalation). Fix: remove these permissions from the execution role.`);
        }
    }
});

export const roleNotShared = stackRule({
    name: "aws-lambda-role-not-shared",
    description: "Each Lambda function has its own execution role, so one function's permissions do not leak to others.",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Create one execution role per function, with only the permissions that function needs.",
    tags: identity,
}, [awsTypes.function], (fn, stack, report) => {
    const functionsByRole = stack.memo("aws.functionsByRole", () => indexBy(stack.ofType(awsTypes.function), other => {
        const roles = executionRolesOf(stack, other);
        return roles === UNKNOWN ? [] : roles.map(role => role.urn);
    }));
    const roles = executionRolesOf(stack, fn);
    for (const role of roles === UNKNOWN ? [] : roles) {
        const others = (functionsByRole.get(role.urn) ?? []).length - 1;
        if (others > 0) {
            report.violation(`${lambdaLabel(fn)} shares its execution role '${role.name}' with ${others} other function(s). Fix: give each function its own role.`);
        }
    }
});

export const awsIdentityPolicies = [
    noFullWildcard, noServiceWildcard, noNotAction, noAdminManagedPolicy, trustNotPublic, scopedResources, noPrivilegeEscalation, roleNotShared,
];
