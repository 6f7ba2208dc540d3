import * as assert from "node:assert/strict";
import { vpcEgress } from "../../policies/gcp/network";
import { runResourcePolicy } from "../harness/args";
import { atLevel, expectFindings, expectUnknownNote } from "../harness/expect";
import { connector, dedicatedEmail, gcp, secureGcpStack } from "../fixtures/gcp";
import { UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_STRING, unknownAs } from "../fixtures/common";

const location = "europe-west1";
const image = "gcr.io/acme/app:1";
const serviceAccount = dedicatedEmail;
const runOf = (vpcAccess?: object) => gcp.runV2Service("api", { location, template: { serviceAccount, containers: [{ image }], ...(vpcAccess ? { vpcAccess } : {}) } });
const v1Of = (annotations: Record<string, string>) => gcp.runService("legacy", { location, template: { metadata: { annotations }, spec: { serviceAccountName: serviceAccount, containers: [{ image }] } } });
const run = (resource: Parameters<typeof runResourcePolicy>[1], config?: Record<string, unknown>) => runResourcePolicy(vpcEgress, resource, { config });

describe("gcp-serverless-vpc-egress", () => {
    it("reports no mandatory finding on the seeds' secure stack, and the advisory all-traffic finding", async () => {
        for (const resource of secureGcpStack()) {
            const violations = await run(resource);
            assert.deepEqual(atLevel(violations), []);
            for (const v of violations) {
                assert.match(v.message, /sends only private ranges through its VPC/);
            }
        }
    });

    it("passes connector or Direct VPC egress with all traffic, in every generation", async () => {
        const workloads = [
            runOf({ connector, egress: "ALL_TRAFFIC" }),
            runOf({ networkInterfaces: [{ network: "default", subnetwork: "run" }], egress: "ALL_TRAFFIC" }),
            gcp.runV2Job("batch", { location, template: { template: { serviceAccount, containers: [{ image }], vpcAccess: { connector, egress: "ALL_TRAFFIC" } } } }),
            v1Of({ "run.googleapis.com/vpc-access-connector": connector, "run.googleapis.com/vpc-access-egress": "all-traffic" }),
            v1Of({ "run.googleapis.com/network-interfaces": JSON.stringify([{ network: "default" }]), "run.googleapis.com/vpc-access-egress": "all-traffic" }),
            gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: connector, vpcConnectorEgressSettings: "ALL_TRAFFIC" }),
            gcp.functionV2("fn2", { location, serviceConfig: { vpcConnector: connector, vpcConnectorEgressSettings: "ALL_TRAFFIC" } }),
            gcp.functionV2("fn3", { location, serviceConfig: { directVpcNetworkInterfaces: [{ network: "default" }], directVpcEgress: "VPC_EGRESS_ALL_TRAFFIC" } }),
        ];
        for (const workload of workloads) {
            assert.deepEqual(await run(workload), [], workload.name);
        }
    });

    it("reports a workload with no VPC access, in every generation, at mandatory", async () => {
        const cases: [Parameters<typeof run>[0], string][] = [
            [runOf(), "template.vpcAccess.connector or template.vpcAccess.networkInterfaces"],
            [runOf({ connector: "", networkInterfaces: [] }), "Cloud Run service 'api'"],
            [gcp.runV2Job("batch", { location, template: { template: { containers: [{ image }] } } }), "template.template.vpcAccess.connector"],
            [v1Of({ "autoscaling.knative.dev/maxScale": "3" }), "template.metadata.annotations[\"run.googleapis.com/vpc-access-connector\"]"],
            [gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnectorEgressSettings: "ALL_TRAFFIC" }), "Cloud Function (1st gen) 'fn1' is not attached to a VPC (no vpcConnector)"],
            [gcp.functionV2("fn2", { location, serviceConfig: {} }), "serviceConfig.directVpcNetworkInterfaces"],
        ];
        for (const [workload, fragment] of cases) {
            const violations = await run(workload);
            expectFindings(violations, 1, fragment, "is not attached to a VPC", "Fix:");
            assert.equal(violations[0].enforcementLevel, "mandatory");
        }
    });

    it("reports private-ranges-only egress as advisory, or mandatory with requireAllTraffic", async () => {
        const cases: [Parameters<typeof run>[0], string][] = [
            [runOf({ connector, egress: "PRIVATE_RANGES_ONLY" }), "template.vpcAccess.egress is not ALL_TRAFFIC"],
            [runOf({ connector }), "template.vpcAccess.egress"],
            [v1Of({ "run.googleapis.com/vpc-access-connector": connector }), "run.googleapis.com/vpc-access-egress\"] is not all-traffic"],
            [gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: connector, vpcConnectorEgressSettings: "PRIVATE_RANGES_ONLY" }), "vpcConnectorEgressSettings"],
            [gcp.functionV2("fn3", { location, serviceConfig: { directVpcNetworkInterfaces: [{ network: "default" }] } }), "serviceConfig.directVpcEgress is not VPC_EGRESS_ALL_TRAFFIC"],
        ];
        for (const [workload, fragment] of cases) {
            const advisory = await run(workload);
            expectFindings(advisory, 1, fragment, "Fix:");
            assert.equal(advisory[0].enforcementLevel, "advisory");
            const strict = await run(workload, { requireAllTraffic: true });
            expectFindings(strict, 1, fragment);
            assert.equal(strict[0].enforcementLevel, "mandatory");
        }
    });

    it("accepts connector and subnet names that are unknown at preview", async () => {
        assert.deepEqual(await run(runOf({ connector: UNKNOWN_STRING, egress: "ALL_TRAFFIC" })), []);
        assert.deepEqual(await run(runOf({ networkInterfaces: [{ network: UNKNOWN_STRING }], egress: "ALL_TRAFFIC" })), []);
    });

    it("notes unknown VPC access, an unknown template, and unknown egress", async () => {
        expectUnknownNote(await run(runOf({ connector: UNKNOWN_STRING, egress: UNKNOWN_STRING })), "template.vpcAccess.egress");
        expectUnknownNote(await run(runOf(unknownAs(UNKNOWN_OBJECT))), "template.vpcAccess.connector / template.vpcAccess.networkInterfaces");
        expectUnknownNote(await run(runOf({ networkInterfaces: unknownAs(UNKNOWN_ARRAY) })), "Cloud Run service 'api'");
        expectUnknownNote(await run(gcp.runV2Service("api", { location, template: unknownAs(UNKNOWN_OBJECT) })), "template.vpcAccess.connector");
        expectUnknownNote(await run(gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: UNKNOWN_STRING, vpcConnectorEgressSettings: UNKNOWN_STRING })), "vpcConnectorEgressSettings");
    });
});
