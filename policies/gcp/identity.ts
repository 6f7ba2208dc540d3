// Identity: a Cloud Run service/job or Cloud Function runs as a dedicated service account, and
// that account holds no basic, admin or impersonation role on the project, folder or organisation.
import { Reporter, stackRule } from "../lib/policy";
import { UNKNOWN, strings } from "../lib/props";
import type { GraphResource, StackGraph } from "../lib/stackGraph";
import { Grant, grantsOf, hierarchyIam, iamLabel, membersProperty } from "../lib/gcp/iam";
import { Identity, defaultAccountKind, identityOf, normalEmail } from "../lib/gcp/identity";
import { privilegeOf } from "../lib/gcp/roles";
import { gcpTypes, workloadTypes } from "../lib/gcp/types";
import { dotted, workloadLabel } from "../lib/gcp/workloads";

export const dedicatedServiceAccount = stackRule({
    name: "gcp-serverless-dedicated-service-account",
    description: "Cloud Run services and jobs and Cloud Functions run as a dedicated service account, not as a default one.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Create a gcp.serviceaccount.Account for the workload, grant it only the roles it needs, and set it as the workload's service account " +
        "(Cloud Run v2: template.serviceAccount; jobs: template.template.serviceAccount; Cloud Run v1: template.spec.serviceAccountName; " +
        "Cloud Functions: serviceAccountEmail or serviceConfig.serviceAccountEmail).",
    tags: ["gcp", "cloud-run", "cloud-functions", "identity"],
}, workloadTypes, (workload, stack, report) => {
    const identity = identityOf(stack, workload);
    const where = dotted(identity.path);
    if (identity.email === UNKNOWN) {
        if (identity.accounts.length === 0) {
            report.unknown(`${workloadLabel(workload)}: ${where}`);
        }
        return;
    }
    if (identity.email === undefined || identity.email.trim() === "") {
        return report.violation(`${workloadLabel(workload)} sets no service account (${where}), so it runs as the project's default service account, ` +
            "which usually holds the Editor role. Fix: create a dedicated service account with only the roles it needs and set it in " + `${where}.`);
    }
    const defaultKind = defaultAccountKind(identity.email);
    if (defaultKind) {
        report.violation(`${workloadLabel(workload)} runs as the ${defaultKind} (${where}), which is shared by the project and usually holds the Editor role. ` +
            `Fix: create a dedicated service account with only the roles it needs and set it in ${where}.`);
    }
});

/** Whether a grant is given to the identity: "yes", "maybe" (unknown members that come from no resource of the stack) or "no". */
function givenTo(grant: Grant, iam: GraphResource, property: string, identity: Identity, stack: StackGraph): "yes" | "maybe" | "no" {
    const linked = stack.dependenciesOf(iam, property, [gcpTypes.serviceAccount]);
    if (linked.some(account => identity.accounts.includes(account))) {
        return "yes";
    }
    if (grant.members.some(member => identity.emails.includes(normalEmail(member)) && /^serviceAccount:/i.test(member.trim()))) {
        return "yes";
    }
    return grant.membersUnknown && (iam.propertyDependencies[property] ?? []).length === 0 ? "maybe" : "no";
}

function judgeGrants(workload: GraphResource, identity: Identity, stack: StackGraph, report: Reporter, extraForbidden: string[], allowed: string[]) {
    const account = identity.accounts.length > 0 ? `service account '${identity.accounts[0].name}'` : "its service account";
    for (const iam of stack.ofType(...Object.keys(hierarchyIam))) {
        const { level, form } = hierarchyIam[iam.type];
        const property = membersProperty[form];
        const grants = grantsOf(iam, form);
        if (grants === UNKNOWN) {
            const linked = stack.dependenciesOf(iam, property, [gcpTypes.serviceAccount]);
            if ((iam.propertyDependencies[property] ?? []).length === 0 || linked.some(a => identity.accounts.includes(a))) {
                report.unknown(`${workloadLabel(workload)}: the roles that ${level}-level ${iamLabel(iam)} grants (policyData)`);
            }
            continue;
        }
        for (const grant of grants) {
            const privilege = grant.role === UNKNOWN ? undefined : privilegeOf(grant.role, extraForbidden, allowed);
            if (grant.role !== UNKNOWN && !privilege) {
                continue;
            }
            const given = givenTo(grant, iam, property, identity, stack);
            if (given === "no") {
                continue;
            }
            if (grant.role === UNKNOWN) {
                if (given === "yes") {
                    report.unknown(`${workloadLabel(workload)}: the role of ${level}-level ${iamLabel(iam)}`);
                }
            } else if (given === "maybe") {
                report.unknown(`${workloadLabel(workload)}: the ${grant.where} of ${level}-level ${iamLabel(iam)} (grants ${grant.role})`);
            } else {
                report.violation(`${workloadLabel(workload)} runs as ${account}, which holds ${grant.role} (${privilege}) at ${level} level ` +
                    `through ${iamLabel(iam)} (${grant.where}). Fix: remove that grant and give the account only the predefined roles it needs, ` +
                    "on the resources it uses rather than on the whole " + `${level}.`);
            }
        }
    }
}

export const serviceAccountNotPrivileged = stackRule({
    name: "gcp-serverless-sa-no-privileged-roles",
    description: "The service account of a Cloud Run service/job or Cloud Function holds no basic (owner, editor), admin or impersonation role " +
        "at project, folder or organisation level.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove roles/owner, roles/editor, *admin roles, roles/iam.serviceAccountUser and roles/iam.serviceAccountTokenCreator from the " +
        "workload's service account at project, folder and organisation level; grant narrow predefined roles (for example roles/datastore.user) " +
        "on the resources it uses instead.",
    tags: ["gcp", "cloud-run", "cloud-functions", "wildcard-iam"],
    framework: {
        name: "CIS Google Cloud Platform Foundation Benchmark", version: "2.0.0", reference: "1.5",
        specification: "Ensure that Service Account has no Admin privileges",
    },
    config: {
        extraForbiddenRoles: {
            type: "array", items: { type: "string" }, default: [],
            description: "More role IDs the workload's service account must not hold at project, folder or organisation level (e.g. roles/secretmanager.secretAccessor).",
        },
        allowedRoles: {
            type: "array", items: { type: "string" }, default: [],
            description: "Role IDs accepted even though they look privileged, after review (e.g. a custom role whose name ends in Admin).",
        },
    },
}, workloadTypes, (workload, stack, report, config) => {
    const identity = identityOf(stack, workload);
    if (identity.email === UNKNOWN && identity.accounts.length === 0) {
        return report.unknown(`${workloadLabel(workload)}: ${dotted(identity.path)}`);
    }
    if (identity.emails.length === 0 && identity.accounts.length === 0) {
        return; // no service account: gcp-serverless-dedicated-service-account reports it
    }
    judgeGrants(workload, identity, stack, report, strings(config.extraForbiddenRoles).values, strings(config.allowedRoles).values);
});

export const gcpIdentityPolicies = [dedicatedServiceAccount, serviceAccountNotPrivileged];
