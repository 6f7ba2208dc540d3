// Where each generation of Cloud Run and Cloud Functions keeps its settings. Paths are property
// paths below the resource's inputs (checked against @pulumi/gcp 9.x); the first segment is the
// top-level property that propertyDependencies are keyed by.
import type { Resource } from "../resource";
import { gcpTypes } from "./types";

export type Path = readonly string[];

export const workloadKinds: Record<string, string> = {
    [gcpTypes.runService]: "Cloud Run service (v1)",
    [gcpTypes.runV2Service]: "Cloud Run service",
    [gcpTypes.runV2Job]: "Cloud Run job",
    [gcpTypes.functionV1]: "Cloud Function (1st gen)",
    [gcpTypes.functionV2]: "Cloud Function (2nd gen)",
};

export const workloadLabel = (workload: Resource) => `${workloadKinds[workload.type] ?? workload.type} '${workload.name}'`;

export const dotted = (path: Path) => path.map(p => (p.includes(".") || p.includes("/") ? `["${p}"]` : p)).join(".").replace(/\.\[/g, "[");

/** Where the runtime service account is set. */
export const identityPaths: Record<string, Path> = {
    [gcpTypes.runService]: ["template", "spec", "serviceAccountName"],
    [gcpTypes.runV2Service]: ["template", "serviceAccount"],
    [gcpTypes.runV2Job]: ["template", "template", "serviceAccount"],
    [gcpTypes.functionV1]: ["serviceAccountEmail"],
    [gcpTypes.functionV2]: ["serviceConfig", "serviceAccountEmail"],
};

const revisionAnnotation = (key: string): Path => ["template", "metadata", "annotations", `run.googleapis.com/${key}`];
const serviceAnnotation = (key: string): Path => ["metadata", "annotations", `run.googleapis.com/${key}`];

/** One way of attaching to a VPC, and the setting that decides whether all egress goes through it. */
export interface VpcAttachment {
    path: Path;
    /** A list (network interfaces): unknown at preview, it may still be empty. A name that is unknown is set. */
    list?: true;
    egressPath: Path;
    /** The egress value that sends all traffic through the VPC. */
    allTraffic: string;
}

export const vpcAttachments: Record<string, VpcAttachment[]> = {
    [gcpTypes.runService]: [
        { path: revisionAnnotation("vpc-access-connector"), egressPath: revisionAnnotation("vpc-access-egress"), allTraffic: "all-traffic" },
        { path: revisionAnnotation("network-interfaces"), egressPath: revisionAnnotation("vpc-access-egress"), allTraffic: "all-traffic" },
    ],
    [gcpTypes.runV2Service]: [
        { path: ["template", "vpcAccess", "connector"], egressPath: ["template", "vpcAccess", "egress"], allTraffic: "ALL_TRAFFIC" },
        { path: ["template", "vpcAccess", "networkInterfaces"], list: true, egressPath: ["template", "vpcAccess", "egress"], allTraffic: "ALL_TRAFFIC" },
    ],
    [gcpTypes.runV2Job]: [
        { path: ["template", "template", "vpcAccess", "connector"], egressPath: ["template", "template", "vpcAccess", "egress"], allTraffic: "ALL_TRAFFIC" },
        { path: ["template", "template", "vpcAccess", "networkInterfaces"], list: true, egressPath: ["template", "template", "vpcAccess", "egress"], allTraffic: "ALL_TRAFFIC" },
    ],
    [gcpTypes.functionV1]: [
        { path: ["vpcConnector"], egressPath: ["vpcConnectorEgressSettings"], allTraffic: "ALL_TRAFFIC" },
    ],
    [gcpTypes.functionV2]: [
        { path: ["serviceConfig", "vpcConnector"], egressPath: ["serviceConfig", "vpcConnectorEgressSettings"], allTraffic: "ALL_TRAFFIC" },
        { path: ["serviceConfig", "directVpcNetworkInterfaces"], list: true, egressPath: ["serviceConfig", "directVpcEgress"], allTraffic: "VPC_EGRESS_ALL_TRAFFIC" },
    ],
};

/** Where ingress is set, and the values (or absence, the platform default) that let anyone reach it. */
export const ingressSettings: Record<string, { path: Path; openValues: string[] }> = {
    [gcpTypes.runService]: { path: serviceAnnotation("ingress"), openValues: ["all"] },
    [gcpTypes.runV2Service]: { path: ["ingress"], openValues: ["INGRESS_TRAFFIC_ALL"] },
    [gcpTypes.functionV1]: { path: ["ingressSettings"], openValues: ["ALLOW_ALL"] },
    [gcpTypes.functionV2]: { path: ["serviceConfig", "ingressSettings"], openValues: ["ALLOW_ALL"] },
};

/** Containers and their env lists (name/value/reference entries). */
export const containerEnvs: Record<string, { containers: Path; reference: Path }> = {
    [gcpTypes.runService]: { containers: ["template", "spec", "containers"], reference: ["valueFrom", "secretKeyRef"] },
    [gcpTypes.runV2Service]: { containers: ["template", "containers"], reference: ["valueSource", "secretKeyRef"] },
    [gcpTypes.runV2Job]: { containers: ["template", "template", "containers"], reference: ["valueSource", "secretKeyRef"] },
};

/** Plain name-to-value maps of environment variables (runtime and build time). */
export const envMaps: Record<string, Path[]> = {
    [gcpTypes.runV2Service]: [["buildConfig", "environmentVariables"]],
    [gcpTypes.functionV1]: [["environmentVariables"], ["buildEnvironmentVariables"]],
    [gcpTypes.functionV2]: [["serviceConfig", "environmentVariables"], ["buildConfig", "environmentVariables"]],
};
