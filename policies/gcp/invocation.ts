// Public invocation: who can call a Cloud Run service/job or Cloud Function, and from where.
import { resourceRule } from "../lib/policy";
import { UNKNOWN, bool, read, str } from "../lib/props";
import { grantsOf, workloadIam } from "../lib/gcp/iam";
import { resourceLabel } from "../lib/resource";
import { isPublicMember, printableRole, publicMembers } from "../lib/gcp/roles";
import { gcpTypes } from "../lib/gcp/types";
import { dotted, ingressSettings, workloadLabel } from "../lib/gcp/workloads";

export const noPublicInvoker = resourceRule({
    name: "gcp-serverless-no-public-invoker",
    description: "No role on a Cloud Run service/job or Cloud Function is granted to allUsers or allAuthenticatedUsers, and Cloud Run services keep the invoker IAM check.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Grant roles/run.invoker or roles/cloudfunctions.invoker to the service accounts, groups or users that call the workload instead of " +
        "allUsers / allAuthenticatedUsers, and leave invokerIamDisabled unset. For a public website or API, put it behind an external " +
        "Application Load Balancer with IAP or Cloud Armor and set ingress to internal and load balancing.",
    tags: ["gcp", "cloud-run", "cloud-functions", "public-invocation"],
}, [...Object.keys(workloadIam), gcpTypes.runV2Service], (resource, report) => {
    if (resource.type === gcpTypes.runV2Service) {
        const disabled = bool(read(resource.props, "invokerIamDisabled"));
        if (disabled === UNKNOWN) {
            report.unknown(`${workloadLabel(resource)}: invokerIamDisabled`);
        } else if (disabled === true) {
            report.violation(`${workloadLabel(resource)} sets invokerIamDisabled: anyone who can reach its URL can invoke it without IAM. ` +
                "Fix: remove invokerIamDisabled and grant roles/run.invoker to the callers that need it.");
        }
        return;
    }
    const { form, on } = workloadIam[resource.type];
    const grants = grantsOf(resource, form);
    if (grants === UNKNOWN) {
        return report.unknown(`${resourceLabel(resource)}: policyData`);
    }
    for (const grant of grants) {
        const everyone = grant.members.filter(isPublicMember).map(m => m.trim());
        const role = grant.role === UNKNOWN ? "a role (unknown during preview)" : printableRole(grant.role);
        if (everyone.length > 0) {
            report.violation(`${resourceLabel(resource)} grants ${role} on a ${on} to ${[...new Set(everyone)].join(" and ")} (${grant.where}): ` +
                "anyone can invoke or manage it. Fix: grant the role to the identities that call it instead.");
        } else if (grant.membersUnknown) {
            report.unknown(`${resourceLabel(resource)}: ${grant.where} (whether it includes ${publicMembers.join(" or ")})`);
        }
    }
});

export const ingressRestricted = resourceRule({
    name: "gcp-serverless-ingress-restricted",
    description: "Cloud Run services and HTTP Cloud Functions do not accept traffic from the whole internet (ingress all).",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Set ingress to INGRESS_TRAFFIC_INTERNAL_ONLY or INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER (Cloud Run v2), the " +
        "run.googleapis.com/ingress annotation to internal or internal-and-cloud-load-balancing (Cloud Run v1), or ingressSettings to " +
        "ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB (Cloud Functions); publish public endpoints through a load balancer with Cloud Armor or IAP.",
    tags: ["gcp", "cloud-run", "cloud-functions", "public-invocation"],
}, Object.keys(ingressSettings), (workload, report) => {
    if (workload.type === gcpTypes.functionV1 && bool(read(workload.props, "triggerHttp")) !== true && read(workload.props, "eventTrigger") !== undefined) {
        return; // event-triggered 1st-gen functions have no HTTP endpoint
    }
    const { path, openValues } = ingressSettings[workload.type];
    const ingress = str(read(workload.props, ...path));
    if (ingress === UNKNOWN) {
        return report.unknown(`${workloadLabel(workload)}: ${dotted(path)}`);
    }
    if (ingress === undefined || openValues.includes(ingress.trim())) {
        report.violation(`${workloadLabel(workload)} accepts requests from the whole internet (${dotted(path)} ${ingress === undefined ? "unset, which defaults to all" : "allows all"}). ` +
            "Fix: restrict ingress to internal traffic, or internal and load balancer traffic.");
    }
});

export const httpsOnlyTrigger = resourceRule({
    name: "gcp-cloudfunctions-https-only",
    description: "HTTP-triggered 1st-gen Cloud Functions redirect plain HTTP to HTTPS (httpsTriggerSecurityLevel SECURE_ALWAYS).",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Set httpsTriggerSecurityLevel to \"SECURE_ALWAYS\" on HTTP-triggered 1st-gen functions (2nd-gen functions are HTTPS only).",
    tags: ["gcp", "cloud-functions", "hardening"],
}, [gcpTypes.functionV1], (fn, report) => {
    const http = bool(read(fn.props, "triggerHttp"));
    if (http === UNKNOWN) {
        return report.unknown(`${workloadLabel(fn)}: triggerHttp`);
    }
    if (http !== true) {
        return;
    }
    const level = str(read(fn.props, "httpsTriggerSecurityLevel"));
    if (level === UNKNOWN) {
        return report.unknown(`${workloadLabel(fn)}: httpsTriggerSecurityLevel`);
    }
    if (level?.trim() !== "SECURE_ALWAYS") {
        report.violation(`${workloadLabel(fn)} accepts plain HTTP (httpsTriggerSecurityLevel is not SECURE_ALWAYS). Fix: set httpsTriggerSecurityLevel to "SECURE_ALWAYS".`);
    }
});

export const gcpInvocationPolicies = [noPublicInvoker, ingressRestricted, httpsOnlyTrigger];
