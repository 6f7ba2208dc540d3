// Public egress: a Cloud Run service/job or Cloud Function sends its traffic through a VPC
// (Serverless VPC Access connector or Direct VPC egress), and all of it rather than private ranges only.
import { Resource, resourceRule } from "../lib/policy";
import { Props, UNKNOWN, isUnknown, items, read, str } from "../lib/props";
import { workloadTypes } from "../lib/gcp/types";
import { VpcAttachment, dotted, vpcAttachments, workloadLabel } from "../lib/gcp/workloads";

/** Set (a non-empty name or list), absent, or unknown during preview. */
function attachmentState(props: Props, attachment: VpcAttachment): "set" | "absent" | "unknown" {
    if (read(props, ...attachment.path.slice(0, -1)) === UNKNOWN) {
        return "unknown";
    }
    const value = read(props, ...attachment.path);
    if (isUnknown(value)) {
        return attachment.list ? "unknown" : "set"; // a connector of this stack has no name yet
    }
    if (typeof value === "string") {
        return value.trim() === "" ? "absent" : "set";
    }
    if (Array.isArray(value)) {
        return items(value).length > 0 ? "set" : "absent";
    }
    return "absent";
}

/** The ways the workload is attached to a VPC, and those that may be but are unknown during preview. */
function vpcAttachmentOf(workload: Resource) {
    const attachments = vpcAttachments[workload.type];
    const states = attachments.map(a => attachmentState(workload.props, a));
    return {
        all: attachments,
        used: attachments.filter((_, i) => states[i] === "set"),
        undecided: attachments.filter((_, i) => states[i] === "unknown"),
    };
}

const attachmentNotes = (workload: Resource, attachments: VpcAttachment[]) =>
    `${workloadLabel(workload)}: ${attachments.map(a => dotted(a.path)).join(" / ")}`;

/** Whether the attachment's egress setting sends all traffic through the VPC (UNKNOWN during preview). */
function routesAllTraffic(props: Props, attachment: VpcAttachment): boolean | typeof UNKNOWN {
    const egress = str(read(props, ...attachment.egressPath));
    return egress === UNKNOWN ? UNKNOWN : egress?.trim() === attachment.allTraffic;
}

export const vpcEgress = resourceRule({
    name: "gcp-serverless-vpc-egress",
    description: "Cloud Run services and jobs and Cloud Functions send their egress through a VPC (Serverless VPC Access connector or Direct VPC egress).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Attach the workload to a VPC: Cloud Run v2 template.vpcAccess (connector or networkInterfaces), Cloud Run v1 the " +
        "run.googleapis.com/vpc-access-connector or run.googleapis.com/network-interfaces revision annotation, Cloud Functions vpcConnector " +
        "(or serviceConfig.vpcConnector / directVpcNetworkInterfaces), so firewall rules and Cloud NAT control what it reaches.",
    tags: ["gcp", "cloud-run", "cloud-functions", "public-egress"],
}, workloadTypes, (workload, report) => {
    const { all, used, undecided } = vpcAttachmentOf(workload);
    if (used.length > 0) {
        return;
    }
    if (undecided.length > 0) {
        return report.unknown(attachmentNotes(workload, all));
    }
    report.violation(`${workloadLabel(workload)} is not attached to a VPC (no ${all.map(a => dotted(a.path)).join(" or ")}), ` +
        "so it reaches the internet directly. Fix: set a Serverless VPC Access connector or Direct VPC egress.");
});

export const vpcAllTraffic = resourceRule({
    name: "gcp-serverless-vpc-all-traffic",
    description: "Cloud Run services and jobs and Cloud Functions attached to a VPC send all their egress through it, not private ranges only.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Route all egress through the VPC: Cloud Run v2 template.vpcAccess.egress ALL_TRAFFIC, Cloud Run v1 the revision annotation " +
        "run.googleapis.com/vpc-access-egress: all-traffic, Cloud Functions vpcConnectorEgressSettings ALL_TRAFFIC (2nd gen Direct VPC egress: " +
        "serviceConfig.directVpcEgress VPC_EGRESS_ALL_TRAFFIC), so firewall rules and Cloud NAT control every outbound connection.",
    tags: ["gcp", "cloud-run", "cloud-functions", "public-egress"],
}, workloadTypes, (workload, report) => {
    // An unattached workload is gcp-serverless-vpc-egress's finding; one that may be attached is judged on the settings it may use.
    const { used, undecided } = vpcAttachmentOf(workload);
    const judged = used.length > 0 ? used : undecided;
    const verdicts = judged.map(a => routesAllTraffic(workload.props, a));
    if (verdicts.every(v => v === true)) {
        return;
    }
    if (used.length === 0) {
        return report.unknown(attachmentNotes(workload, undecided));
    }
    const partial = judged[verdicts.indexOf(false)];
    if (!partial) {
        return report.unknown(`${workloadLabel(workload)}: ${dotted(judged[verdicts.indexOf(UNKNOWN)].egressPath)}`);
    }
    report.violation(`${workloadLabel(workload)} sends only private ranges through its VPC (${dotted(partial.egressPath)} is not ` +
        `${partial.allTraffic}), so traffic to public addresses bypasses your firewall rules and NAT. Fix: set ${dotted(partial.egressPath)} to ${partial.allTraffic}.`);
});

export const gcpNetworkPolicies = [vpcEgress, vpcAllTraffic];
