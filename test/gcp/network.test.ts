import * as assert from "node:assert/strict";
import { vpcAllTraffic, vpcEgress } from "../../policies/gcp/network";
import { runResourcePolicy } from "../harness/args";
import { atLevel, expectFindings, expectUnknownNote } from "../harness/expect";
import { connector, dedicatedEmail, gcp, secureGcpStack } from "../fixtures/gcp";
import { UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_STRING, unknownAs } from "../fixtures/common";

const location = "europe-west1";
const image = "gcr.io/acme/app:1";
const serviceAccount = dedicatedEmail;
const runOf = (vpcAccess?: object) => gcp.runV2Service("api", { location, template: { serviceAccount, containers: [{ image }], ...(vpcAccess ? { vpcAccess } : {}) } });
const v1Of = (annotations: Record<string, string>) => gcp.runService("legacy", { location, template: { metadata: { annotations }, spec: { serviceAccountName: serviceAccount, containers: [{ image }] } } });
const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(vpcEgress, resource);
const runAll = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(vpcAllTraffic, resource);
type Workload = Parameters<typeof run>[0];

/** Attached with all traffic through the VPC, in every generation and way of attaching. */
const allTrafficWorkloads = () => [
    runOf({ connector, egress: "ALL_TRAFFIC" }),
    runOf({ networkInterfaces: [{ network: "default", subnetwork: "run" }], egress: "ALL_TRAFFIC" }),
    gcp.runV2Job("batch", { location, template: { template: { serviceAccount, containers: [{ image }], vpcAccess: { connector, egress: "ALL_TRAFFIC" } } } }),
    v1Of({ "run.googleapis.com/vpc-access-connector": connector, "run.googleapis.com/vpc-access-egress": "all-traffic" }),
    v1Of({ "run.googleapis.com/network-interfaces": JSON.stringify([{ network: "default" }]), "run.googleapis.com/vpc-access-egress": "all-traffic" }),
    gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: connector, vpcConnectorEgressSettings: "ALL_TRAFFIC" }),
    gcp.functionV2("fn2", { location, serviceConfig: { vpcConnector: connector, vpcConnectorEgressSettings: "ALL_TRAFFIC" } }),
    gcp.functionV2("fn3", { location, serviceConfig: { directVpcNetworkInterfaces: [{ network: "default" }], directVpcEgress: "VPC_EGRESS_ALL_TRAFFIC" } }),
];

/** Not attached to any VPC, in every generation (an egress setting alone does not attach). */
const unattachedCases: [Workload, string][] = [
    [runOf(), "template.vpcAccess.connector or template.vpcAccess.networkInterfaces"],
    [runOf({ connector: "", networkInterfaces: [] }), "Cloud Run service 'api'"],
    [gcp.runV2Job("batch", { location, template: { template: { containers: [{ image }] } } }), "template.template.vpcAccess.connector"],
    [v1Of({ "autoscaling.knative.dev/maxScale": "3" }), "template.metadata.annotations[\"run.googleapis.com/vpc-access-connector\"]"],
    [gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnectorEgressSettings: "PRIVATE_RANGES_ONLY" }), "Cloud Function (1st gen) 'fn1' is not attached to a VPC (no vpcConnector)"],
    [gcp.functionV2("fn2", { location, serviceConfig: {} }), "serviceConfig.directVpcNetworkInterfaces"],
];

/** Attached, with egress of private ranges only (explicit or the platform default). */
const privateRangesCases: [Workload, string][] = [
    [runOf({ connector, egress: "PRIVATE_RANGES_ONLY" }), "template.vpcAccess.egress is not ALL_TRAFFIC"],
    [runOf({ connector }), "template.vpcAccess.egress"],
    [v1Of({ "run.googleapis.com/vpc-access-connector": connector }), "run.googleapis.com/vpc-access-egress\"] is not all-traffic"],
    [gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: connector, vpcConnectorEgressSettings: "PRIVATE_RANGES_ONLY" }), "vpcConnectorEgressSettings"],
    [gcp.functionV2("fn3", { location, serviceConfig: { directVpcNetworkInterfaces: [{ network: "default" }] } }), "serviceConfig.directVpcEgress is not VPC_EGRESS_ALL_TRAFFIC"],
];

describe("gcp-serverless-vpc-egress", () => {
    it("reports nothing on the seeds' secure stack", async () => {
        for (const resource of secureGcpStack()) {
            assert.deepEqual(await run(resource), [], resource.name);
        }
    });

    it("passes a workload attached by connector or Direct VPC egress, in every generation, whatever its egress setting", async () => {
        for (const workload of [...allTrafficWorkloads(), ...privateRangesCases.map(([w]) => w)]) {
            assert.deepEqual(await run(workload), [], workload.name);
        }
    });

    it("reports a workload with no VPC access, in every generation, at mandatory", async () => {
        for (const [workload, fragment] of unattachedCases) {
            const violations = await run(workload);
            expectFindings(violations, 1, fragment, "is not attached to a VPC", "Fix:");
            assert.equal(violations[0].enforcementLevel, "mandatory");
        }
    });

    it("accepts connector and subnet names that are unknown at preview", async () => {
        assert.deepEqual(await run(runOf({ connector: UNKNOWN_STRING })), []);
        assert.deepEqual(await run(runOf({ networkInterfaces: [{ network: UNKNOWN_STRING }] })), []);
        assert.deepEqual(await run(gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: connector, vpcConnectorEgressSettings: UNKNOWN_STRING })), []);
    });

    it("notes unknown VPC access and an unknown template", async () => {
        expectUnknownNote(await run(runOf(unknownAs(UNKNOWN_OBJECT))), "template.vpcAccess.connector / template.vpcAccess.networkInterfaces");
        expectUnknownNote(await run(runOf({ networkInterfaces: unknownAs(UNKNOWN_ARRAY) })), "Cloud Run service 'api'");
        expectUnknownNote(await run(gcp.runV2Service("api", { location, template: unknownAs(UNKNOWN_OBJECT) })), "template.vpcAccess.connector");
    });
});

describe("gcp-serverless-vpc-all-traffic", () => {
    it("reports only the advisory all-traffic finding on the seeds' secure stack", async () => {
        for (const resource of secureGcpStack()) {
            const violations = await runAll(resource);
            assert.deepEqual(atLevel(violations), []);
            for (const v of violations) {
                assert.match(v.message, /sends only private ranges through its VPC/);
            }
        }
    });

    it("passes all traffic through a connector or Direct VPC egress, in every generation", async () => {
        for (const workload of allTrafficWorkloads()) {
            assert.deepEqual(await runAll(workload), [], workload.name);
        }
    });

    it("leaves a workload that is not attached to a VPC to gcp-serverless-vpc-egress", async () => {
        for (const [workload] of unattachedCases) {
            assert.deepEqual(await runAll(workload), [], workload.name);
        }
    });

    it("reports private-ranges-only egress of an attached workload, at advisory (its default level)", async () => {
        for (const [workload, fragment] of privateRangesCases) {
            const violations = await runAll(workload);
            expectFindings(violations, 1, fragment, "sends only private ranges through its VPC", "Fix:");
            assert.equal(violations[0].enforcementLevel, "advisory");
        }
    });

    it("judges the egress of a connector whose name is unknown at preview", async () => {
        assert.deepEqual(await runAll(runOf({ connector: UNKNOWN_STRING, egress: "ALL_TRAFFIC" })), []);
        assert.deepEqual(await runAll(runOf({ networkInterfaces: [{ network: UNKNOWN_STRING }], egress: "ALL_TRAFFIC" })), []);
        expectFindings(await runAll(runOf({ connector: UNKNOWN_STRING, egress: "PRIVATE_RANGES_ONLY" })), 1, "template.vpcAccess.egress is not ALL_TRAFFIC");
    });

    it("notes unknown egress, and unknown VPC access unless all traffic would go through it anyway", async () => {
        expectUnknownNote(await runAll(runOf({ connector: UNKNOWN_STRING, egress: UNKNOWN_STRING })), "template.vpcAccess.egress");
        expectUnknownNote(await runAll(gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: connector, vpcConnectorEgressSettings: UNKNOWN_STRING })), "vpcConnectorEgressSettings");
        expectUnknownNote(await runAll(runOf(unknownAs(UNKNOWN_OBJECT))), "Cloud Run service 'api'");
        expectUnknownNote(await runAll(runOf({ networkInterfaces: unknownAs(UNKNOWN_ARRAY) })), "template.vpcAccess.networkInterfaces");
        assert.deepEqual(await runAll(runOf({ networkInterfaces: unknownAs(UNKNOWN_ARRAY), egress: "ALL_TRAFFIC" })), []);
    });
});
