// Public egress: a Cloud Run service/job or Cloud Function sends its traffic through a VPC
// (Serverless VPC Access connector or Direct VPC egress), and all of it rather than private ranges only.
import { resourceRule } from "../lib/policy";
import { Props, UNKNOWN, bool, isUnknown, items, read, str } from "../lib/props";
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

export const vpcEgress = resourceRule({
    name: "gcp-serverless-vpc-egress",
    description: "Cloud Run services and jobs and Cloud Functions send their egress through a VPC (Serverless VPC Access connector or Direct VPC egress); " +
        "all egress, not private ranges only, when requireAllTraffic is set.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Attach the workload to a VPC: Cloud Run v2 template.vpcAccess (connector or networkInterfaces), Cloud Run v1 the " +
        "run.googleapis.com/vpc-access-connector or run.googleapis.com/network-interfaces revision annotation, Cloud Functions vpcConnector " +
        "(or serviceConfig.vpcConnector / directVpcNetworkInterfaces), and route all egress through it (ALL_TRAFFIC, annotation " +
        "run.googleapis.com/vpc-access-egress: all-traffic) so firewall rules and Cloud NAT control what it reaches.",
    tags: ["gcp", "cloud-run", "cloud-functions", "public-egress"],
    config: {
        requireAllTraffic: {
            type: "boolean", default: false,
            description: "Report egress that only sends private ranges through the VPC at the policy's level (mandatory by default) instead of as advisory.",
        },
    },
    strict: { enforcementLevel: "mandatory", config: { requireAllTraffic: true } },
}, workloadTypes, (workload, report, config) => {
    const attachments = vpcAttachments[workload.type];
    const states = attachments.map(a => attachmentState(workload.props, a));
    const used = attachments.filter((_, i) => states[i] === "set");
    if (used.length === 0) {
        if (states.includes("unknown")) {
            return report.unknown(`${workloadLabel(workload)}: ${attachments.map(a => dotted(a.path)).join(" / ")}`);
        }
        return report.violation(`${workloadLabel(workload)} is not attached to a VPC (no ${attachments.map(a => dotted(a.path)).join(" or ")}), ` +
            "so it reaches the internet directly. Fix: set a Serverless VPC Access connector or Direct VPC egress and route all egress through it.");
    }
    const partial = (attachment: VpcAttachment) => {
        const egress = str(read(workload.props, ...attachment.egressPath));
        return egress === UNKNOWN ? UNKNOWN : egress?.trim() !== attachment.allTraffic;
    };
    const verdicts = used.map(partial);
    if (verdicts.every(v => v === false)) {
        return;
    }
    if (verdicts.includes(UNKNOWN) && !verdicts.includes(true)) {
        return report.unknown(`${workloadLabel(workload)}: ${dotted(used[0].egressPath)}`);
    }
    const attachment = used[verdicts.indexOf(true)];
    const message = `${workloadLabel(workload)} sends only private ranges through its VPC (${dotted(attachment.egressPath)} is not ` +
        `${attachment.allTraffic}), so traffic to public addresses bypasses your firewall rules and NAT. Fix: set ${dotted(attachment.egressPath)} to ${attachment.allTraffic}.`;
    if (bool(config.requireAllTraffic) === true) {
        report.violation(message);
    } else {
        report.advisory(message);
    }
});

export const gcpNetworkPolicies = [vpcEgress];
