// Wildcard IAM on Lambda execution roles. A role trusted by Lambda is judged in Analyze on its own
// inputs (inline policies, managed policy ARNs, trust policy); what other resources grant it, and
// roles that only a function makes execution roles, in AnalyzeStack (lib/aws/executionRole).
// A broader finding covers the narrower ones of the same statement: Action "*" is one full-wildcard
// finding, not also a service wildcard, unscoped resources and every privilege-escalation path.
import type { Config, Reporter, Resource, RuleInfo } from "../lib/policy";
import { resourceAndStackRule, stackRule } from "../lib/policy";
import { UNKNOWN, strings } from "../lib/props";
import { someOf } from "../lib/findings";
import { resourceLabel } from "../lib/resource";
import type { GraphResource, StackGraph } from "../lib/stackGraph";
import {
    Declared, JudgedDocument, analyzedRoleLabel, componentOf, declarationsFor, declaredPermissions, functionsOf, holderLabel, inlineDocuments,
    judgedInAnalyze, malformed, printableService, roleLabel, statementLabel, trustPolicyOf, trustsLambda, wellFormed,
} from "../lib/aws/executionRole";
import { classifyManagedPolicyArn, managedPolicyName } from "../lib/aws/managedPolicies";
import { lambdaLabel } from "../lib/aws/naming";
import { cisAws } from "../lib/frameworks";
import { executionRolesOf } from "../lib/aws/links";
import {
    PolicyDocument, escalationCombinations, fullWildcardGrants, notActionOrResourceAllows, privilegeEscalations, publicPrincipals,
    serviceWildcardGrants, unconditionedResourceWildcards,
} from "../lib/aws/policyDocument";
import { awsTypes } from "../lib/aws/types";

const identity = ["aws", "lambda", "iam", "wildcard-iam"];

/** The resources that declare permissions for execution roles, and functions (whose unlinked unknown role is noted). */
const declaringTypes = [awsTypes.role, awsTypes.rolePolicy, awsTypes.policy, awsTypes.rolePolicyAttachment, awsTypes.policyAttachment, awsTypes.function];

/** What a statement rule says of one well-formed document: which statements do what ("allows every action"). */
type StatementJudge = (doc: PolicyDocument, config: Config) => { index: number; what: string }[];

/** Statements a broader rule reports, by document: a narrower rule leaves them (or their wildcard actions) alone. */
function broaderStatements(doc: PolicyDocument) {
    const full = new Set(fullWildcardGrants(doc).map(g => g.index));
    const service = new Map(serviceWildcardGrants(doc).filter(g => !full.has(g.index)).map(g => [g.index, g]));
    return { full, service };
}

/** A function whose role is unknown at preview and comes from no role of the stack: every role rule waits for it. */
function noteUnlinkedRole(fn: GraphResource, stack: StackGraph, report: Reporter) {
    if (executionRolesOf(stack, fn) === UNKNOWN) {
        report.unknown(`${lambdaLabel(fn)}: role (not linked to a role of this stack)`);
    }
}

/** What the statement rules decide where. */
const statementPhases = {
    analyze: "the inline policies of a role trusted by Lambda",
    analyzeStack: "RolePolicy and attached Policy documents, and the inline policies of a role that only a function of the stack makes an execution role",
};

/**
 * A rule on execution roles' policy documents: in Analyze, the inline policies of a role trusted by
 * Lambda; in AnalyzeStack, every other document that applies to an execution role, reported on
 * the resource that declares it (the same document reaching many functions is one finding).
 */
function statementRule(info: RuleInfo, judge: StatementJudge, fix: string, options: { reportsMalformed?: boolean } = {}) {
    const judgeDeclared = (label: string, documents: JudgedDocument[], about: Resource, reaches: Resource[], report: Reporter, config: Config) => {
        judgeDocumentsOf(label, documents, about, reaches, report, judge, fix, config);
        if (options.reportsMalformed) {
            for (const { document, parsed } of malformed(documents)) {
                report.violation(`${label}${document} is not a valid IAM policy (${parsed.malformed}), so it cannot be verified. Fix: correct the document.`, about, { reaches });
            }
        }
    };
    return resourceAndStackRule({ ...info, decides: statementPhases }, {
        types: [awsTypes.role],
        validate: (role, report, config) => {
            if (trustsLambda(role) === true) {
                judgeDeclared(analyzedRoleLabel(role), inlineDocuments(role), role, [], report, config);
            }
        },
    }, {
        subjects: declaringTypes,
        validate: (subject, stack, report, config) => {
            if (subject.type === awsTypes.function) {
                return noteUnlinkedRole(subject, stack, report);
            }
            const declared = declaredPermissions(stack).get(subject.urn);
            if (!declared || (subject.type === awsTypes.role && judgedInAnalyze(subject))) {
                return;
            }
            noteUnresolved(declared, report);
            judgeDeclared(holderLabel(declared), declared.documents, subject, declared.functions, report, config);
        },
    });
}

/** Each cause as "<label>statement N of <document> <what>. Fix: <fix>"; documents unknown at preview are noted. */
function judgeDocumentsOf(
    label: string, documents: JudgedDocument[], about: Resource, reaches: Resource[], report: Reporter, judge: StatementJudge, fix: string, config: Config,
) {
    for (const doc of documents) {
        if (doc.parsed === UNKNOWN) {
            report.unknown(`${label}${doc.document}`, about);
        }
    }
    for (const { document, parsed } of wellFormed(documents)) {
        for (const { index, what } of judge(parsed, config)) {
            report.violation(`${label}${statementLabel(index)} of ${document} ${what}. Fix: ${fix}`, about, { reaches });
        }
    }
}

/** An attachment whose policy ARN is unknown at preview and names no policy of the stack: the rules wait for it. */
function noteUnresolved(declared: Declared, report: Reporter) {
    if (declared.unresolved) {
        report.unknown(`${holderLabel(declared)}policyArn`, declared.holder);
    }
}

export const noFullWildcard = statementRule({
    name: "aws-lambda-role-no-full-wildcard",
    description: "A Lambda execution role's policies do not allow every action (Action \"*\").",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Replace Action \"*\" with the specific actions the function calls, on the specific resource ARNs it touches. " +
        "Policies that are not valid IAM documents are reported too: they cannot be verified.",
    tags: identity,
    framework: cisAws("1.16", "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached"),
}, doc => fullWildcardGrants(doc).map(g => ({ index: g.index, what: `allows every action${g.anyResource ? " on every resource (full administrator)" : ""}` })),
"list the specific actions the function needs", { reportsMalformed: true });

export const noServiceWildcard = statementRule({
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
}, (doc, config) => {
    const allowed = new Set(strings(config.allowedServices).values.map(s => s.toLowerCase()));
    return [...broaderStatements(doc).service.values()].flatMap(grant => {
        const services = grant.services.filter(s => !allowed.has(s));
        return services.length === 0 ? [] : [{ index: grant.index, what: `allows ${services.map(printableService).join(", ")}${grant.anyResource ? " on every resource" : ""}` }];
    });
}, "list the specific actions the function calls");

export const noNotAction = statementRule({
    name: "aws-lambda-role-no-not-action",
    description: "A Lambda execution role's policies do not Allow with NotAction or NotResource (they grant everything not listed).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Rewrite the statement as an Allow of the specific actions on specific resources; use a Deny statement for exceptions.",
    tags: identity,
}, doc => notActionOrResourceAllows(doc).map(g =>
    ({ index: g.index, what: `allows with ${[g.notAction && "NotAction", g.notResource && "NotResource"].filter(Boolean).join(" and ")}, which grants everything not listed` })),
"allow the specific actions and resources instead");

export const scopedResources = statementRule({
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
}, (doc, config) => {
    const { full, service } = broaderStatements(doc);
    return unconditionedResourceWildcards(doc, strings(config.acceptedActions).values).flatMap(grant => {
        // The full and service wildcards are their own findings.
        const actions = full.has(grant.index) ? [] : grant.actions.filter(a => !(service.get(grant.index)?.services ?? []).some(s => a.toLowerCase().startsWith(`${s}:`) && a.endsWith("*")));
        return actions.length === 0 ? [] : [{ index: grant.index, what: `allows ${actions.length} action pattern(s) on Resource "*" without a condition` }];
    });
}, "scope them to the ARNs the function touches");

export const noAdminManagedPolicy = resourceAndStackRule({
    name: "aws-lambda-role-no-admin-managed-policy",
    description: "No administrator or service-wide AWS managed policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, any *FullAccess) is attached to a Lambda execution role.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Detach the managed policy and grant the function a customer policy with only the actions and resources it needs. " +
        "AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole are fine. When aws.lambda.CallbackFunction or an event-handler " +
        "mixin (bucket.onObjectCreated, aws.cloudwatch.onSchedule...) attached it, pass it `policies` (or a `role`) instead.",
    tags: identity,
    framework: cisAws("1.16", "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached"),
    config: {
        acceptedManagedPolicies: {
            type: "array", items: { type: "string" }, default: [],
            description: "AWS managed policy names (e.g. \"AmazonS3ReadOnlyAccess\") accepted on execution roles even when broad.",
        },
    },
    decides: { analyze: "the managedPolicyArns of a role trusted by Lambda", analyzeStack: "policy attachment resources, and roles that only a function makes execution roles" },
}, {
    types: [awsTypes.role],
    validate: (role, report, config) => {
        if (trustsLambda(role) === true) {
            for (const name of broadManagedPolicies(strings(role.props.managedPolicyArns).values, config)) {
                report.violation(`${analyzedRoleLabel(role)}attaches the AWS managed policy ${name.name} (${name.access}). ` +
                    "Fix: replace it with a policy scoped to what the function needs.");
            }
        }
    },
}, {
    subjects: declaringTypes,
    validate: (subject, stack, report, config) => {
        if (subject.type === awsTypes.function) {
            return noteUnlinkedRole(subject, stack, report);
        }
        const declared = declaredPermissions(stack).get(subject.urn);
        // What a component attached is reported once, on the role it created: one change to the component fixes it all.
        if (!declared || componentOf(stack, declared)) {
            return;
        }
        if (subject.type === awsTypes.role) {
            judgeAttachedByComponents(subject, stack, report, config);
            if (judgedInAnalyze(subject)) {
                return;
            }
        }
        noteUnresolved(declared, report);
        for (const name of broadManagedPolicies(declared.attachedArns.map(a => a.arn), config)) {
            report.violation(`${holderLabel(declared)}attaches the AWS managed policy ${name.name} (${name.access}). ` +
                "Fix: replace it with a policy scoped to what the function needs.", subject, { reaches: declared.functions });
        }
    },
});

/** The admin and service-wide AWS managed policies among `arns`, less the accepted ones. */
function broadManagedPolicies(arns: string[], config: Config): { name: string; access: string }[] {
    const accepted = new Set(strings(config.acceptedManagedPolicies).values.map(n => n.toLowerCase()));
    return arns.flatMap(arn => {
        const kind = classifyManagedPolicyArn(arn);
        const name = managedPolicyName(arn);
        return (kind === "admin" || kind === "service-wide") && name && !accepted.has(name.toLowerCase())
            ? [{ name, access: kind === "admin" ? "administrator access" : "service-wide access" }]
            : [];
    });
}

/** The broad managed policies components (CallbackFunction, mixins) attached to a role they created, as one finding on the role. */
function judgeAttachedByComponents(role: GraphResource, stack: StackGraph, report: Reporter, config: Config) {
    const byCreator = new Map<string, { fix: string; names: string[] }>();
    for (const declared of declarationsFor(stack, role)) {
        const origin = declared.holder !== role ? componentOf(stack, declared) : undefined;
        if (origin) {
            const entry = byCreator.get(origin.creator) ?? { fix: origin.fix, names: [] };
            entry.names.push(...broadManagedPolicies(declared.attachedArns.map(a => a.arn), config).map(p => p.name));
            byCreator.set(origin.creator, entry);
        }
    }
    const functions = functionsOf(stack, role);
    for (const [creator, { fix, names }] of byCreator) {
        if (names.length > 0) {
            report.violation(`${roleLabel(role, functions)}${creator} attached the broad AWS managed ` +
                `polic${names.length === 1 ? "y" : "ies"} ${someOf(names)}, not the program. Fix: ${fix}.`, role, { reaches: functions });
        }
    }
}

export const trustNotPublic = resourceAndStackRule({
    name: "aws-lambda-role-trust-not-public",
    description: "A Lambda execution role cannot be assumed by anyone (Principal \"*\" or {\"AWS\": \"*\"} in its trust policy).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Trust only the Lambda service: Principal {\"Service\": \"lambda.amazonaws.com\"}, optionally with an aws:SourceAccount condition.",
    tags: identity,
    decides: { analyze: "a role trusted by Lambda", analyzeStack: "a role that only a function of the stack makes an execution role" },
}, {
    types: [awsTypes.role],
    validate: (role, report) => {
        if (trustsLambda(role) === true) {
            judgeTrust(analyzedRoleLabel(role), role, [], report);
        }
    },
}, {
    // Roles trusted by Lambda were judged in Analyze; those only a function makes execution roles are judged here.
    subjects: [awsTypes.role],
    validate: (role, stack, report) => {
        const functions = functionsOf(stack, role);
        if (functions.length > 0 && !judgedInAnalyze(role)) {
            judgeTrust(roleLabel(role, functions), role, functions, report);
        }
    },
});

function judgeTrust(label: string, role: Resource, reaches: Resource[], report: Reporter) {
    const trust = trustPolicyOf(role);
    if (trust === UNKNOWN) {
        return report.unknown(`${label}assumeRolePolicy`);
    }
    for (const grant of publicPrincipals(trust)) {
        const principal = grant.principal === "NotPrincipal" ? "Allow with NotPrincipal" : `Principal ${grant.principal === "*" ? "\"*\"" : "{\"AWS\": \"*\"}"}`;
        report.violation(`${label}its trust policy (assumeRolePolicy) lets anyone assume it (${principal}, ${statementLabel(grant.index)}). Fix: trust only lambda.amazonaws.com.`, role, { reaches });
    }
}

const escalationDescriptions = new Map(escalationCombinations.map(c => [c.name, c.description]));

/** Statements of a document that a broader rule reports: every escalation they allow on their own is implied. */
const broaderIn = (doc: PolicyDocument) => {
    const { full, service } = broaderStatements(doc);
    const notElement = new Set(notActionOrResourceAllows(doc).map(g => g.index));
    return (index: number) => full.has(index) || service.has(index) || notElement.has(index);
};

export const noPrivilegeEscalation = resourceAndStackRule({
    name: "aws-lambda-role-no-privilege-escalation",
    description: "A Lambda execution role does not hold a combination of permissions that lets it grant itself more (iam:PassRole with lambda:CreateFunction, iam:Put*Policy, iam:CreatePolicyVersion...).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the IAM-writing and PassRole permissions from the function's role; if the function must pass a role, scope iam:PassRole to that role's ARN with an iam:PassedToService condition.",
    tags: identity,
    decides: { analyze: "what the inline policies of a role trusted by Lambda allow", analyzeStack: "what all the documents of an execution role allow together" },
}, {
    types: [awsTypes.role],
    validate: (role, report) => {
        if (trustsLambda(role) === true) {
            judgeEscalations(analyzedRoleLabel(role), inlineDocuments(role), role, [], report);
        }
    },
}, {
    // What the role's documents allow together; what its own allow alone was judged in Analyze when it is trusted by Lambda.
    subjects: [awsTypes.role],
    validate: (role, stack, report) => {
        const declared = declarationsFor(stack, role);
        if (declared.length === 0) {
            return;
        }
        const documents = declared.flatMap(d => d.documents.map(doc => (d.holder === role ? doc : { ...doc, document: resourceLabel(d.holder) })));
        const judgedBefore = judgedInAnalyze(role) ? new Set(escalationsIn(inlineDocuments(role)).map(e => e.name)) : new Set<string>();
        const functions = functionsOf(stack, role);
        judgeEscalations(roleLabel(role, functions), documents, role, functions, report, judgedBefore);
    },
});

/** The escalations a role's documents allow, less those a broader finding of one statement implies. */
function escalationsIn(documents: JudgedDocument[]) {
    const sourced = wellFormed(documents).map(d => ({ source: d.document, doc: d.parsed }));
    const broad = new Map(sourced.map(d => [d.source, broaderIn(d.doc)]));
    return privilegeEscalations(sourced, (source, index) => broad.get(source)?.(index) ?? false);
}

function judgeEscalations(label: string, documents: JudgedDocument[], role: Resource, reaches: Resource[], report: Reporter, judgedBefore: ReadonlySet<string> = new Set()) {
    for (const escalation of escalationsIn(documents).filter(e => !judgedBefore.has(e.name))) {
        const sources = [...new Set(escalation.grants.map(g => g.source))];
        report.violation(`${label}allows ${escalation.grants.map(g => g.action).join(" + ")} (${sources.join(", ")}), ` +
            `which lets it ${escalationDescriptions.get(escalation.name)} (privilege escalation). Fix: remove these permissions from the execution role.`, role, { reaches });
    }
}

export const roleNotShared = stackRule({
    name: "aws-lambda-role-not-shared",
    description: "Each Lambda function has its own execution role, so one function's permissions do not leak to others.",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Create one execution role per function, with only the permissions that function needs.",
    tags: identity,
}, [awsTypes.role], (role, stack, report) => {
    const functions = functionsOf(stack, role);
    if (functions.length > 1) {
        report.violation(`${roleLabel(role, functions)}is shared by ${functions.length} functions. Fix: give each function its own role.`, role, { reaches: functions });
    }
});

export const awsIdentityPolicies = [
    noFullWildcard, noServiceWildcard, noNotAction, noAdminManagedPolicy, trustNotPublic, scopedResources, noPrivilegeEscalation, roleNotShared,
];
