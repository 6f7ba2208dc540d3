// AWS IAM policy documents: a normal form, and the analyses the Lambda execution-role rules share.
//
// - Parsing and analysis never throw. A document is `UNKNOWN` when it, or its whole Statement
//   list, is unknown at preview; `Malformed` when AWS would reject it. A malformed reason never
//   quotes the input ("statement 2 has no Effect": statements are counted from 1 in reasons,
//   while `Statement.index` counts from 0).
// - Unknown parts never produce findings: each statement records which fields were (partly)
//   unknown, and the rules run again at `pulumi up` with resolved values.
// - Findings carry statement indexes, Sids that are plain labels, action patterns and service
//   prefixes; never resources, principals or condition values, which can be sensitive.

import { compileGlob, matchGlob } from "../glob";
import { isUnknown, UNKNOWN, Unknown } from "../props";
import { SIG_KEY } from "../../../engine/wire";

export interface Malformed {
    readonly malformed: string;
}

export type Effect = "Allow" | "Deny";
export type PrincipalType = "*" | "AWS" | "Service" | "Federated" | "CanonicalUser";
export type StatementField =
    | "Action" | "NotAction" | "Resource" | "NotResource" | "Principal" | "NotPrincipal" | "Condition";

export interface Principal {
    type: PrincipalType;
    id: string;
}

/** One `operator: { key: values }` entry of a Condition. Values are not kept. */
export interface ConditionClause {
    operator: string;
    key: string;
    /** Some value is wildcards only (`*`), so it matches anything. */
    anyValue: boolean;
    /** Some value is unknown. */
    unknown: boolean;
}

export interface Statement {
    /** Position in the Statement list, from 0. */
    index: number;
    /** Only kept when it is a plain label (letters and digits), as IAM requires. */
    sid?: string;
    effect: Effect;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: Principal[];
    notPrincipals?: Principal[];
    /** A non-empty or unknown Condition. */
    hasCondition: boolean;
    conditionUnknown: boolean;
    conditions: ConditionClause[];
    /** Some part of the statement is unknown; `unknownFields` says which. */
    unknown: boolean;
    unknownFields: StatementField[];
}

export interface PolicyDocument {
    version?: string;
    statements: Statement[];
    /** Some statement, or part of one, is unknown (statements with an unknown Effect are left out). */
    unknown: boolean;
}

type Raw = Record<string, unknown>;

const malformed = (reason: string): Malformed => ({ malformed: reason });

export function isMalformed(value: unknown): value is Malformed {
    return isObject(value) && typeof value.malformed === "string";
}

export function isPolicyDocument(value: unknown): value is PolicyDocument {
    return isObject(value) && Array.isArray(value.statements);
}

function isObject(value: unknown): value is Raw {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Parses a policy document given as JSON text or as an object. */
export function parsePolicyDocument(doc: unknown): PolicyDocument | Unknown | Malformed {
    try {
        return parseRoot(doc);
    } catch {
        // Getters or proxies that throw; nothing in the parser itself throws.
        return malformed("could not be read");
    }
}


function parseRoot(doc: unknown): PolicyDocument | Unknown | Malformed {
    const root = decode(doc);
    if (root === UNKNOWN || isMalformed(root)) {
        return root;
    }
    const raw = root.Statement;
    if (raw === undefined) {
        return malformed("has no Statement");
    }
    if (isUnknown(raw)) {
        return UNKNOWN;
    }
    const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
    if (list === undefined) {
        return malformed("Statement is not a list or object");
    }
    const result: PolicyDocument = { statements: [], unknown: false };
    if (typeof root.Version === "string") {
        result.version = root.Version;
    }
    for (let i = 0; i < list.length; i++) {
        const statement = parseStatement(list[i], i);
        if (isMalformed(statement)) {
            return statement;
        }
        if (statement === UNKNOWN) {
            result.unknown = true;
        } else {
            result.statements.push(statement);
            result.unknown ||= statement.unknown;
        }
    }
    return result;
}

/** The document as an object: JSON text parsed, a secret wrapper opened. */
function decode(doc: unknown): Raw | Unknown | Malformed {
    let value = doc;
    if (isObject(value) && SIG_KEY in value) {
        // An encrypted secret (no plain `value`) cannot be judged, like an unknown.
        value = "value" in value ? value.value : UNKNOWN;
    }
    if (typeof value === "string" && !isUnknown(value)) {
        try {
            value = JSON.parse(value);
        } catch {
            return malformed("not valid JSON");
        }
    }
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return isObject(value) ? value : malformed("not a JSON object");
}

const effects = new Map<string, Effect>([["allow", "Allow"], ["deny", "Deny"]]);

// Element pairs a statement may hold one of, but not both.
const exclusivePairs: readonly [StatementField, StatementField][] = [
    ["Action", "NotAction"],
    ["Resource", "NotResource"],
    ["Principal", "NotPrincipal"],
];

function parseStatement(raw: unknown, index: number): Statement | Unknown | Malformed {
    const at = `statement ${index + 1}`;
    if (isUnknown(raw)) {
        return UNKNOWN;
    }
    if (!isObject(raw)) {
        return malformed(`${at} is not an object`);
    }
    if (raw.Effect === undefined) {
        return malformed(`${at} has no Effect`);
    }
    if (isUnknown(raw.Effect)) {
        return UNKNOWN; // neither an Allow nor a Deny can be judged
    }
    // IAM spells it "Allow"/"Deny"; other casing is judged the same rather than skipped.
    const effect = typeof raw.Effect === "string" ? effects.get(raw.Effect.toLowerCase()) : undefined;
    if (effect === undefined) {
        return malformed(`${at} has an invalid Effect`);
    }
    for (const [a, b] of exclusivePairs) {
        if (raw[a] !== undefined && raw[b] !== undefined) {
            return malformed(`${at} has both ${a} and ${b}`);
        }
    }
    if (raw.Action === undefined && raw.NotAction === undefined) {
        return malformed(`${at} has no Action or NotAction`);
    }
    const statement: Statement = {
        index, effect, hasCondition: false, conditionUnknown: false, conditions: [], unknown: false, unknownFields: [],
    };
    if (typeof raw.Sid === "string" && /^[A-Za-z0-9]{1,128}$/.test(raw.Sid)) {
        statement.sid = raw.Sid;
    }
    return readLists(raw, statement, at) ?? readPrincipals(raw, statement, at) ?? readCondition(raw, statement, at) ?? statement;
}

const listFields: readonly [StatementField, "actions" | "notActions" | "resources" | "notResources"][] = [
    ["Action", "actions"],
    ["NotAction", "notActions"],
    ["Resource", "resources"],
    ["NotResource", "notResources"],
];

/** Fills the action and resource lists; a reason when one is of the wrong type. */
function readLists(raw: Raw, statement: Statement, at: string): Malformed | undefined {
    for (const [field, key] of listFields) {
        if (raw[field] === undefined) {
            continue;
        }
        const list = stringList(raw[field]);
        if (list === undefined) {
            return malformed(`${at} ${field} is not a string or list of strings`);
        }
        statement[key] = list.values;
        markUnknown(statement, field, list.unknown);
    }
    return undefined;
}

function readPrincipals(raw: Raw, statement: Statement, at: string): Malformed | undefined {
    for (const [field, key] of [["Principal", "principals"], ["NotPrincipal", "notPrincipals"]] as const) {
        if (raw[field] === undefined) {
            continue;
        }
        const list = principalList(raw[field]);
        if (list === undefined) {
            return malformed(`${at} ${field} is not "*" or a map of principal types to strings`);
        }
        statement[key] = list.values;
        markUnknown(statement, field, list.unknown);
    }
    return undefined;
}

function readCondition(raw: Raw, statement: Statement, at: string): Malformed | undefined {
    if (raw.Condition === undefined || raw.Condition === null) {
        return undefined;
    }
    const parsed = conditionClauses(raw.Condition);
    if (parsed === undefined) {
        return malformed(`${at} Condition is not a map of operators to maps of keys to values`);
    }
    statement.conditions = parsed.clauses;
    statement.conditionUnknown = parsed.unknown || parsed.clauses.some(c => c.unknown);
    statement.hasCondition = parsed.clauses.length > 0 || parsed.unknown;
    markUnknown(statement, "Condition", statement.conditionUnknown);
    return undefined;
}

function markUnknown(statement: Statement, field: StatementField, unknown: boolean): void {
    if (unknown) {
        statement.unknown = true;
        statement.unknownFields.push(field);
    }
}

interface Known<T> {
    values: T[];
    unknown: boolean;
}

/** A string or a list of strings, with unknown elements noted; `undefined` for anything else. */
function stringList(value: unknown, scalars = false): Known<string> | undefined {
    if (isUnknown(value)) {
        return { values: [], unknown: true };
    }
    const list = Array.isArray(value) ? value : [value];
    const result: Known<string> = { values: [], unknown: false };
    for (const v of list) {
        if (isUnknown(v)) {
            result.unknown = true;
        } else if (typeof v === "string") {
            result.values.push(v);
        } else if (scalars && (typeof v === "number" || typeof v === "boolean")) {
            result.values.push(String(v)); // condition values such as `"aws:SecureTransport": false`
        } else {
            return undefined;
        }
    }
    return result;
}

const principalTypes = new Map<string, PrincipalType>([
    ["AWS", "AWS"], ["Service", "Service"], ["Federated", "Federated"], ["CanonicalUser", "CanonicalUser"],
]);

function principalList(value: unknown): Known<Principal> | undefined {
    if (isUnknown(value)) {
        return { values: [], unknown: true };
    }
    if (value === "*") {
        return { values: [{ type: "*", id: "*" }], unknown: false };
    }
    if (!isObject(value)) {
        return undefined;
    }
    const result: Known<Principal> = { values: [], unknown: false };
    for (const [name, ids] of Object.entries(value)) {
        const type = principalTypes.get(name);
        const list = type === undefined ? undefined : stringList(ids);
        if (type === undefined || list === undefined) {
            return undefined;
        }
        result.unknown ||= list.unknown;
        for (const id of list.values) {
            result.values.push({ type, id });
        }
    }
    return result;
}

function conditionClauses(value: unknown): { clauses: ConditionClause[]; unknown: boolean } | undefined {
    if (isUnknown(value)) {
        return { clauses: [], unknown: true };
    }
    if (!isObject(value)) {
        return undefined;
    }
    const result = { clauses: [] as ConditionClause[], unknown: false };
    for (const [operator, block] of Object.entries(value)) {
        if (isUnknown(block)) {
            result.unknown = true;
            continue;
        }
        if (!isObject(block)) {
            return undefined;
        }
        for (const [key, raw] of Object.entries(block)) {
            const values = stringList(raw, true);
            if (values === undefined) {
                return undefined;
            }
            result.clauses.push({ operator, key, anyValue: values.values.some(isWildcardOnly), unknown: values.unknown });
        }
    }
    return result;
}

function isWildcardOnly(value: string): boolean {
    // Not /^[*?]*\*[*?]*$/: that backtracks quadratically on a long run of `*` that ends otherwise.
    return value.includes("*") && /^[*?]+$/.test(value);
}

// ---------------------------------------------------------------------------------------------
// Action matching: IAM wildcards (`*` any run, `?` one character), case-insensitive, with the
// shared glob matcher. A match is bounded by the compared action's length, which is capped: no
// IAM action is anywhere near `maxActionLength`, and a longer string matches only `*`.

const maxActionLength = 512;
const iamGlob = { caseInsensitive: true };

/** `strict`: `text` is itself a pattern, which the glob must cover whole (see `matchGlob`). */
function iamMatches(pattern: string, text: string, strict: boolean): boolean {
    const glob = compileGlob(pattern, iamGlob);
    return glob.anything || (text.length <= maxActionLength && matchGlob(glob, text, strict));
}

/** Whether the granted action pattern (e.g. `iam:Put*`, `*`) covers `action`. */
export function actionMatches(granted: string, action: string): boolean {
    return typeof granted === "string" && typeof action === "string" && iamMatches(granted, action, false);
}

/** Whether every action `pattern` grants is also covered by `by` (sound, not complete). */
function covers(by: string, pattern: string): boolean {
    return iamMatches(by, pattern, true);
}

// ---------------------------------------------------------------------------------------------
// Analyses. Each takes the parser's result and returns nothing for `UNKNOWN` or `Malformed`.

export interface StatementRef {
    index: number;
    sid?: string;
}

function ref(statement: Statement): StatementRef {
    return statement.sid === undefined ? { index: statement.index } : { index: statement.index, sid: statement.sid };
}

function statementsOf(doc: unknown): Statement[] {
    return isPolicyDocument(doc) ? doc.statements : [];
}

function allowsOf(doc: unknown): Statement[] {
    return statementsOf(doc).filter(s => s.effect === "Allow");
}

/** `*`, `**`: every resource. Narrower forms such as `arn:aws:s3:::*` are not. */
function isAnyResource(resource: string): boolean {
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

// ---------------------------------------------------------------------------------------------
// Privilege escalation: combinations of allowed actions that let the role gain more rights,
// after Rhino Security Labs' AWS IAM privilege-escalation methods, plus the Lambda ones.

interface Need {
    /** Any one of these actions satisfies the need. */
    anyOf: readonly string[];
    /** The resources the grant must cover, when the escalation depends on them. */
    resource?: (resource: string) => boolean;
}

export interface EscalationCombination {
    name: string;
    description: string;
    needs: readonly Need[];
}

const need = (...anyOf: string[]): Need => ({ anyOf });
const passRole = need("iam:PassRole");
/** Every role: `*`, or all roles of an account (`arn:aws:iam::*:role/*`). */
const anyRole = (r: string): boolean => isAnyResource(r) || r.toLowerCase().endsWith(":role/*");

export const escalationCombinations: readonly EscalationCombination[] = [
    { name: "iam-create-policy-version", description: "rewrite a managed policy attached to itself", needs: [need("iam:CreatePolicyVersion")] },
    { name: "iam-set-default-policy-version", description: "switch a policy to a more permissive version", needs: [need("iam:SetDefaultPolicyVersion")] },
    { name: "iam-create-access-key", description: "create access keys for another user", needs: [need("iam:CreateAccessKey")] },
    { name: "iam-create-login-profile", description: "set a console password for another user", needs: [need("iam:CreateLoginProfile")] },
    { name: "iam-update-login-profile", description: "change another user's console password", needs: [need("iam:UpdateLoginProfile")] },
    { name: "iam-attach-user-policy", description: "attach any managed policy to a user", needs: [need("iam:AttachUserPolicy")] },
    { name: "iam-attach-group-policy", description: "attach any managed policy to a group", needs: [need("iam:AttachGroupPolicy")] },
    { name: "iam-attach-role-policy", description: "attach any managed policy to a role, itself included", needs: [need("iam:AttachRolePolicy")] },
    { name: "iam-put-user-policy", description: "write an inline policy on a user", needs: [need("iam:PutUserPolicy")] },
    { name: "iam-put-group-policy", description: "write an inline policy on a group", needs: [need("iam:PutGroupPolicy")] },
    { name: "iam-put-role-policy", description: "write an inline policy on a role, itself included", needs: [need("iam:PutRolePolicy")] },
    { name: "iam-add-user-to-group", description: "join a more privileged group", needs: [need("iam:AddUserToGroup")] },
    { name: "iam-update-assume-role-policy", description: "let itself or anyone assume a privileged role", needs: [need("iam:UpdateAssumeRolePolicy")] },
    {
        name: "iam-change-permissions-boundary",
        description: "remove or replace a permissions boundary",
        needs: [need("iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary",
            "iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary")],
    },
    { name: "passrole-ec2-run-instances", description: "start an instance with a privileged role", needs: [passRole, need("ec2:RunInstances")] },
    {
        name: "passrole-lambda-create-function",
        description: "create a function with a privileged role, and run it",
        needs: [passRole, need("lambda:CreateFunction"), need("lambda:InvokeFunction", "lambda:InvokeAsync",
            "lambda:CreateEventSourceMapping", "lambda:CreateFunctionUrlConfig")],
    },
    { name: "passrole-lambda-update-configuration", description: "give a function a privileged role", needs: [passRole, need("lambda:UpdateFunctionConfiguration")] },
    { name: "lambda-update-function-code", description: "run its own code under another function's role", needs: [need("lambda:UpdateFunctionCode")] },
    { name: "passrole-glue-dev-endpoint", description: "create a Glue endpoint with a privileged role", needs: [passRole, need("glue:CreateDevEndpoint")] },
    { name: "glue-update-dev-endpoint", description: "take over a Glue endpoint's role", needs: [need("glue:UpdateDevEndpoint")] },
    {
        name: "passrole-cloudformation-stack",
        description: "deploy a stack with a privileged role",
        needs: [passRole, need("cloudformation:CreateStack", "cloudformation:UpdateStack")],
    },
    {
        name: "passrole-datapipeline",
        description: "run a pipeline with a privileged role",
        needs: [passRole, need("datapipeline:CreatePipeline"), need("datapipeline:PutPipelineDefinition")],
    },
    {
        name: "passrole-ecs-task",
        description: "run a container with a privileged task role",
        needs: [passRole, need("ecs:RegisterTaskDefinition"), need("ecs:RunTask", "ecs:StartTask", "ecs:CreateService", "ecs:UpdateService")],
    },
    {
        name: "passrole-codebuild-project",
        description: "run a build with a privileged role",
        needs: [passRole, need("codebuild:CreateProject"), need("codebuild:StartBuild", "codebuild:StartBuildBatch")],
    },
    {
        name: "passrole-sagemaker-notebook",
        description: "open a notebook with a privileged role",
        needs: [passRole, need("sagemaker:CreateNotebookInstance"), need("sagemaker:CreatePresignedNotebookInstanceUrl")],
    },
    { name: "sts-assume-any-role", description: "assume any role that trusts the account", needs: [{ anyOf: ["sts:AssumeRole"], resource: anyRole }] },
];

export interface EscalationFinding {
    /** A name from `escalationCombinations`. */
    name: string;
    /** The table's actions the role was found to be allowed, one per need, each with the document that allows it. */
    grants: { action: string; source: string }[];
}

/** A role's policy document, named for messages. */
export interface SourcedDocument {
    source: string;
    doc: PolicyDocument | Unknown | Malformed;
}

/**
 * Escalation combinations allowed across all of a role's documents. Any resource counts unless
 * the combination says otherwise, and so do conditioned Allows (a condition narrows, it does
 * not remove the path). NotAction Allows grant all that they do not list. A Deny cancels an
 * action only when it has no Condition and covers Resource `*`; other Denies are ignored.
 * A combination that one statement allows on its own is left out when `reportedAsBroader` says
 * that statement is already a broader finding (`Action "*"` implies every path).
 */
export function privilegeEscalations(
    docs: readonly SourcedDocument[], reportedAsBroader: (source: string, index: number) => boolean = () => false,
): EscalationFinding[] {
    const sourced = (Array.isArray(docs) ? docs : []).flatMap(({ source, doc }) => statementsOf(doc).map(statement => ({ source, statement })));
    const statements = sourced.map(s => s.statement);
    const broad = sourced.filter(({ source, statement }) => statement.effect === "Allow" && reportedAsBroader(source, statement.index)).map(s => s.statement);
    const findings: EscalationFinding[] = [];
    for (const combination of escalationCombinations) {
        if (broad.some(statement => combination.needs.every(n => n.anyOf.some(a => allows(statement, a, n.resource) && !deniedIn(statements, a))))) {
            continue;
        }
        const grants: EscalationFinding["grants"] = [];
        for (const n of combination.needs) {
            const grant = n.anyOf.flatMap(action => sourced.filter(({ statement }) => allows(statement, action, n.resource)).map(({ source }) => ({ action, source })))
                .find(g => !deniedIn(statements, g.action));
            if (grant === undefined) {
                break;
            }
            grants.push(grant);
        }
        if (grants.length === combination.needs.length) {
            findings.push({ name: combination.name, grants });
        }
    }
    return findings;
}

const allows = (s: Statement, action: string, resource?: (r: string) => boolean) =>
    s.effect === "Allow" && coversAction(s, action) && onResources(s, resource);

const deniedIn = (statements: Statement[], action: string) => statements.some(s => s.effect === "Deny" && deniesEverywhere(s, action));

function coversAction(s: Statement, action: string): boolean {
    if (s.actions !== undefined) {
        return s.actions.some(p => actionMatches(p, action));
    }
    // An unknown NotAction element might exclude the action: judged at `pulumi up`.
    return s.notActions !== undefined && !s.unknownFields.includes("NotAction") && !s.notActions.some(p => actionMatches(p, action));
}

function onResources(s: Statement, resource?: (r: string) => boolean): boolean {
    return resource === undefined || s.notResources !== undefined || (s.resources ?? []).some(resource);
}

function deniesEverywhere(s: Statement, action: string): boolean {
    return !s.hasCondition && (s.resources ?? []).some(isAnyResource) && coversAction(s, action);
}

function unique<T>(values: T[]): T[] {
    return [...new Set(values)];
}
