// Identity: a Cloud Run service/job or Cloud Function runs as a dedicated service account, and
// that account holds no basic, admin or impersonation role on the project, folder or organisation.
import { Reporter, Resource, resourceAndStackRule, stackRule } from "../lib/policy";
import { UNKNOWN, Unknown, read, str, strings } from "../lib/props";
import { someOf } from "../lib/findings";
import { cisGcp } from "../lib/frameworks";
import type { GraphResource, StackGraph } from "../lib/stackGraph";
import { givenTo, workloadsByGrant } from "../lib/gcp/grants";
import { hierarchyIam } from "../lib/gcp/iam";
import { resourceLabel } from "../lib/resource";
import { Identity, defaultAccountKind, identityOf } from "../lib/gcp/identity";
import { privilegeOf } from "../lib/gcp/roles";
import { gcpTypes, workloadTypes } from "../lib/gcp/types";
import { dotted, identityPaths, workloadLabel } from "../lib/gcp/workloads";

/** The service account a workload's own inputs name: absent, unknown (set from another resource), or an email. */
function ownAccount(workload: Resource): { path: readonly string[]; email: string | Unknown | undefined } {
    const path = identityPaths[workload.type];
    const value = read(workload.props, ...path);
    return { path, email: str(value) };
}

export const dedicatedServiceAccount = resourceAndStackRule({
    name: "gcp-serverless-dedicated-service-account",
    description: "Cloud Run services and jobs and Cloud Functions run as a dedicated service account, not as a default one.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Create a gcp.serviceaccount.Account for the workload, grant it only the roles it needs, and set it as the workload's service account " +
        "(Cloud Run v2: template.serviceAccount; jobs: template.template.serviceAccount; Cloud Run v1: template.spec.serviceAccountName; " +
        "Cloud Functions: serviceAccountEmail or serviceConfig.serviceAccountEmail).",
    tags: ["gcp", "cloud-run", "cloud-functions", "identity"],
    decides: { analyze: "a workload that names no service account or a default one", analyzeStack: "an account set from another resource" },
}, {
    // The workload's own inputs decide when they name no account or a default one: preview blocks, up stops before it exists.
    types: workloadTypes,
    validate: (workload, report) => {
        const { path, email } = ownAccount(workload);
        const where = dotted(path);
        if (email === UNKNOWN) {
            return; // set from another resource: AnalyzeStack follows the link
        }
        if (email === undefined || email.trim() === "") {
            return report.violation(`${workloadLabel(workload)} sets no service account (${where}), so it runs as the project's default service account, ` +
                "which usually holds the Editor role. Fix: create a dedicated service account with only the roles it needs and set it in " + `${where}.`);
        }
        const defaultKind = defaultAccountKind(email);
        if (defaultKind) {
            report.violation(`${workloadLabel(workload)} runs as the ${defaultKind} (${where}), which is shared by the project and usually holds the Editor role. ` +
                `Fix: create a dedicated service account with only the roles it needs and set it in ${where}.`);
        }
    },
}, {
    // An account set from another resource: an Account of the stack is dedicated; anything else waits for the email.
    subjects: workloadTypes,
    validate: (workload, stack, report) => {
        const identity = identityOf(stack, workload);
        if (identity.email === UNKNOWN && identity.accounts.length === 0) {
            report.unknown(`${workloadLabel(workload)}: ${dotted(identity.path)}`);
        }
    },
});

const accountLabel = (identity: Identity) => (identity.accounts.length > 0 ? `service account '${identity.accounts[0].name}'` : "the service account");

/** "Cloud Run service 'api' runs", "Cloud Run service 'api' and Cloud Function (2nd gen) 'fn' run". */
const runAs = (workloads: GraphResource[]) => `${someOf(workloads.map(workloadLabel))} run${workloads.length === 1 ? "s" : ""}`;

/** Judges the grants of one IAM resource against the workloads whose accounts it may reach. */
function judgeGrants(iam: GraphResource, stack: StackGraph, report: Reporter, extraForbidden: string[], allowed: string[]) {
    const found = workloadsByGrant(stack).get(iam.urn);
    if (!found) {
        return;
    }
    const { entry: { level, property, grants }, reached } = found;
    const label = `${resourceLabel(iam)} (${level} level)`;
    if (grants === UNKNOWN) {
        const linked = stack.dependenciesOf(iam, property, [gcpTypes.serviceAccount]);
        if ((iam.propertyDependencies[property] ?? []).length === 0 || reached.some(r => linked.some(a => r.identity.accounts.includes(a)))) {
            report.unknown(`${label}: the roles it grants (policyData)`);
        }
        return;
    }
    for (const grant of grants) {
        const privilege = grant.role === UNKNOWN ? undefined : privilegeOf(grant.role, extraForbidden, allowed);
        if (grant.role !== UNKNOWN && !privilege) {
            continue;
        }
        const given = reached.map(r => ({ ...r, given: givenTo(grant, iam, property, r.identity, stack) }));
        const certain = given.filter(g => g.given === "yes");
        if (grant.role === UNKNOWN) {
            if (certain.length > 0) {
                report.unknown(`${label}: the role of ${grant.where}`);
            }
        } else if (certain.length > 0) {
            const accounts = [...new Set(certain.map(c => accountLabel(c.identity)))];
            report.violation(`${label}: ${grant.where} grants ${grant.role} (${privilege}) to ${someOf(accounts)}, which ${runAs(certain.map(c => c.workload))} as. ` +
                `Fix: remove that grant and give the account only the predefined roles it needs, on the resources it uses rather than on the whole ${level}.`,
            iam, { reaches: certain.map(c => c.workload) });
        } else if (given.some(g => g.given === "maybe")) {
            report.unknown(`${label}: the ${grant.where} (whether they include the account of ${someOf(given.map(g => workloadLabel(g.workload)))}; it grants ${grant.role})`);
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
    framework: cisGcp("1.5", "Ensure that Service Account has no Admin privileges"),
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
}, [...workloadTypes, ...Object.keys(hierarchyIam)], (subject, stack, report, config) => {
    // Each grant is judged on the IAM resource that makes it, naming the workloads it reaches.
    if (subject.type in hierarchyIam) {
        return judgeGrants(subject, stack, report, strings(config.extraForbiddenRoles).values, strings(config.allowedRoles).values);
    }
    const identity = identityOf(stack, subject);
    if (identity.email === UNKNOWN && identity.accounts.length === 0) {
        report.unknown(`${workloadLabel(subject)}: ${dotted(identity.path)}`);
    }
});

export const gcpIdentityPolicies = [dedicatedServiceAccount, serviceAccountNotPrivileged];
