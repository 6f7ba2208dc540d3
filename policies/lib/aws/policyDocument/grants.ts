// Grant analyses the execution-role rules share. Each takes the parser's result and returns
// nothing for `UNKNOWN` or `Malformed`. Findings carry statement indexes, Sids that are plain
// labels, action patterns and service prefixes; never resources, principals or condition
// values, which can be sensitive.

import { Unknown } from "../../props";
import { covers } from "./match";
import { ConditionClause, Malformed, PolicyDocument, Statement, isPolicyDocument } from "./parse";

export interface StatementRef {
    index: number;
    sid?: string;
}

function ref(statement: Statement): StatementRef {
    return statement.sid === undefined ? { index: statement.index } : { index: statement.index, sid: statement.sid };
}

export function statementsOf(doc: unknown): Statement[] {
    return isPolicyDocument(doc) ? doc.statements : [];
}

function allowsOf(doc: unknown): Statement[] {
    return statementsOf(doc).filter(s => s.effect === "Allow");
}

/** `*`, `**`: every resource. Narrower forms such as `arn:aws:s3:::*` are not. */
export function isAnyResource(resource: string): boolean {
    return /^\*+$/.test(resource);
}

/** The statement applies to every resource: Resource `*`, or NotResource (all but a few). */
function onAnyResource(statement: Statement): boolean {
    return (statement.resources ?? []).some(isAnyResource) || statement.notResources !== undefined;
}

/** `*`, `*:*`: every action of every service. */
function isAllActions(action: string): boolean {
    return /^\*+(:\*+)?$/.test(action);
}

/** The service of a `service:*` pattern (lowercased), else undefined. */
function wildcardService(action: string): string | undefined {
    const m = /^([^:]+):\*+$/.exec(action);
    return m === null || /^\*+$/.test(m[1]) ? undefined : m[1].toLowerCase();
}

export interface FullWildcardFinding extends StatementRef {
    /** Also on Resource `*` (or NotResource): full administrator. */
    anyResource: boolean;
}

/** Allow statements granting every action (`*`, `*:*`), on any resource. */
export function fullWildcardGrants(doc: PolicyDocument | Unknown | Malformed): FullWildcardFinding[] {
    return allowsOf(doc)
        .filter(s => (s.actions ?? []).some(isAllActions))
        .map(s => ({ ...ref(s), anyResource: onAnyResource(s) }));
}

export interface ServiceWildcardFinding extends StatementRef {
    /** Service prefixes granted in full, lowercased, e.g. ["iam", "s3"]. */
    services: string[];
    anyResource: boolean;
}

/** Allow statements granting every action of a service (`s3:*`, `iam:*`). */
export function serviceWildcardGrants(doc: PolicyDocument | Unknown | Malformed): ServiceWildcardFinding[] {
    const findings: ServiceWildcardFinding[] = [];
    for (const s of allowsOf(doc)) {
        const services = unique((s.actions ?? []).map(wildcardService).filter((x): x is string => x !== undefined));
        if (services.length > 0) {
            findings.push({ ...ref(s), services, anyResource: onAnyResource(s) });
        }
    }
    return findings;
}

export interface NotElementFinding extends StatementRef {
    notAction: boolean;
    notResource: boolean;
}

/** Allow statements with NotAction or NotResource: they grant everything not listed. */
export function notActionOrResourceAllows(doc: PolicyDocument | Unknown | Malformed): NotElementFinding[] {
    return allowsOf(doc)
        .filter(s => s.notActions !== undefined || s.notResources !== undefined)
        .map(s => ({ ...ref(s), notAction: s.notActions !== undefined, notResource: s.notResources !== undefined }));
}

export type PublicPrincipal = "*" | "AWS:*" | "NotPrincipal";

export interface PublicPrincipalFinding extends StatementRef {
    principal: PublicPrincipal;
    /** The Condition is (partly) unknown and might still restrict the caller. */
    conditionUnknown: boolean;
}

// Condition keys that pin the caller to an account, organisation, source or shared secret.
const callerRestrictingKeys = new Set([
    "aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths",
    "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner",
    "sts:externalid",
]);

// Operators that need the key present and equal to (or like) a value. Negated operators,
// `...IfExists` and `ForAllValues:` pass a request that lacks the key, so they do not restrict.
const restrictingOperators = new Set([
    "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike",
]);

function restrictsCaller(clause: ConditionClause): boolean {
    const operator = clause.operator.toLowerCase().replace(/^foranyvalue:/, "");
    // An unknown value counts as a real restriction: at preview it is typically an account
    // or organisation id from another resource.
    return restrictingOperators.has(operator) && callerRestrictingKeys.has(clause.key.toLowerCase()) && !clause.anyValue;
}

function publicPrincipalOf(s: Statement): PublicPrincipal | undefined {
    if (s.notPrincipals !== undefined) {
        return "NotPrincipal"; // an Allow for everyone except those listed
    }
    const principals = s.principals ?? [];
    if (principals.some(p => p.type === "*")) {
        return "*";
    }
    return principals.some(p => p.type === "AWS" && p.id === "*") ? "AWS:*" : undefined;
}

/**
 * Allow statements (of a trust or resource policy) open to anyone: Principal `*`, `{AWS: "*"}`
 * or NotPrincipal, without a Condition that restricts the caller (see `callerRestrictingKeys`).
 */
export function publicPrincipals(trustDoc: PolicyDocument | Unknown | Malformed): PublicPrincipalFinding[] {
    const findings: PublicPrincipalFinding[] = [];
    for (const s of allowsOf(trustDoc)) {
        const principal = publicPrincipalOf(s);
        if (principal !== undefined && !s.conditions.some(restrictsCaller)) {
            findings.push({ ...ref(s), principal, conditionUnknown: s.conditionUnknown });
        }
    }
    return findings;
}

/**
 * Actions accepted on Resource `*` without a condition: what the Lambda basic, VPC and X-Ray
 * managed policies grant that way, and actions that take no resource at all.
 */
export const defaultAcceptedWildcardActions: readonly string[] = [
    // CloudWatch Logs, as AWSLambdaBasicExecutionRole grants them
    "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
    // X-Ray (no resource-level permissions), as AWSXRayDaemonWriteAccess grants them
    "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
    // ENI management, as AWSLambdaVPCAccessExecutionRole grants it
    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
    "ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:DescribeSecurityGroups",
    // take no resource
    "cloudwatch:PutMetricData", "sts:GetCallerIdentity",
];

export interface ResourceWildcardFinding extends StatementRef {
    /** The granted action patterns that are not accepted, as written. */
    actions: string[];
}

/**
 * Allow statements granting actions on Resource `*` without any Condition, other than the
 * default accepted actions and `accepted` (patterns allowed: `ec2:Describe*`). A granted
 * pattern is accepted only when an accepted pattern covers all of it (`logs:*` is not).
 * NotAction statements are left to `notActionOrResourceAllows`.
 */
export function unconditionedResourceWildcards(
    doc: PolicyDocument | Unknown | Malformed,
    accepted: readonly string[] = [],
): ResourceWildcardFinding[] {
    const acceptable = [
        ...defaultAcceptedWildcardActions,
        ...(Array.isArray(accepted) ? accepted.filter((a): a is string => typeof a === "string") : []),
    ];
    const findings: ResourceWildcardFinding[] = [];
    for (const s of allowsOf(doc)) {
        if (s.hasCondition || s.actions === undefined || !(s.resources ?? []).some(isAnyResource)) {
            continue;
        }
        const actions = unique(s.actions.filter(a => !acceptable.some(ok => covers(ok, a))));
        if (actions.length > 0) {
            findings.push({ ...ref(s), actions });
        }
    }
    return findings;
}

function unique<T>(values: T[]): T[] {
    return [...new Set(values)];
}
