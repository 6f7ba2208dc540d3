// Privilege escalation: combinations of allowed actions that let the role gain more rights,
// after Rhino Security Labs' AWS IAM privilege-escalation methods, plus the Lambda ones.
// Unknown parts never produce findings here: the rules run again at `pulumi up`.

import { Unknown } from "../../props";
import { isAnyResource, statementsOf } from "./grants";
import { actionMatches } from "./match";
import { Malformed, PolicyDocument, Statement } from "./parse";

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
