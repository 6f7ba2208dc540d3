import * as assert from "node:assert/strict";
import { httpsOnlyTrigger, ingressRestricted, noPublicInvoker } from "../../policies/gcp/invocation";
import { runResourcePolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { dedicatedEmail, gcp, iamPolicyJson, secureGcpStack } from "../fixtures/gcp";
import { UNKNOWN_BOOL, UNKNOWN_STRING, unknownAs } from "../fixtures/common";

const location = "europe-west1";
const image = "gcr.io/acme/app:1";
const serviceAccount = dedicatedEmail;
const caller = "serviceAccount:frontend@acme-prod.iam.gserviceaccount.com";

describe("gcp-serverless-no-public-invoker", () => {
    const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(noPublicInvoker, resource);

    it("passes the seeds' secure stack", async () => {
        for (const resource of secureGcpStack()) {
            assert.deepEqual(await run(resource), [], resource.name);
        }
    });

    it("reports allUsers / allAuthenticatedUsers in member form, v1 and v2, services, jobs and functions", async () => {
        const grants = [
            gcp.runIamMember("a", { service: "api", location, role: "roles/run.invoker", member: "allUsers" }),
            gcp.runV2ServiceIamMember("b", { name: "api", location, role: "roles/run.invoker", member: "allAuthenticatedUsers" }),
            gcp.runV2JobIamMember("c", { name: "batch", location, role: "roles/run.invoker", member: "allUsers" }),
            gcp.functionIamMember("d", { cloudFunction: "fn1", role: "roles/cloudfunctions.invoker", member: "allUsers" }),
            gcp.functionV2IamMember("e", { cloudFunction: "fn2", location, role: "roles/cloudfunctions.invoker", member: " allUsers " }),
        ];
        for (const grant of grants) {
            const violations = await run(grant);
            expectFindings(violations, 1, `'${grant.name}' grants roles/`, "Fix:");
            assert.equal(violations[0].enforcementLevel, "mandatory");
        }
    });

    it("names the role granted when it is a role's name, and never echoes anything else", async () => {
        const custom = "projects/acme-prod/roles/publicReader";
        expectFindings(await run(gcp.runIamMember("a", { service: "api", location, role: custom, member: "allUsers" })), 1, `grants ${custom} on`);
        const odd = await run(gcp.runV2JobIamBinding("b", { name: "batch", location, role: "{\"Statement\":[]}", members: ["allUsers"] }));
        expectFindings(odd, 1, "'b' grants a role on");
        assert.ok(!odd[0].message.includes("Statement"));
    });

    it("reports any role given to everyone, in binding and policy forms", async () => {
        const grants = [
            gcp.runIamBinding("a", { service: "api", location, role: "roles/run.admin", members: [caller, "allUsers"] }),
            gcp.runV2ServiceIamBinding("b", { name: "api", location, role: "roles/run.invoker", members: ["allUsers", "allAuthenticatedUsers"] }),
            gcp.runV2JobIamBinding("c", { name: "batch", location, role: "roles/run.developer", members: ["allAuthenticatedUsers"] }),
            gcp.functionIamBinding("d", { cloudFunction: "fn1", role: "roles/cloudfunctions.invoker", members: ["allUsers"] }),
            gcp.functionV2IamBinding("e", { cloudFunction: "fn2", location, role: "roles/cloudfunctions.invoker", members: ["allUsers"] }),
            gcp.runIamPolicy("f", { service: "api", location, policyData: iamPolicyJson({ role: "roles/run.invoker", members: ["allUsers"] }) }),
            gcp.runV2ServiceIamPolicy("g", { name: "api", location, policyData: iamPolicyJson({ role: "roles/run.invoker", members: [caller] }, { role: "roles/run.viewer", members: ["allAuthenticatedUsers"] }) }),
            gcp.runV2JobIamPolicy("h", { name: "batch", location, policyData: iamPolicyJson({ role: "roles/run.invoker", members: ["allUsers"] }) }),
            gcp.functionIamPolicy("i", { cloudFunction: "fn1", policyData: iamPolicyJson({ role: "roles/cloudfunctions.invoker", members: ["allUsers"] }) }),
            gcp.functionV2IamPolicy("j", { cloudFunction: "fn2", location, policyData: iamPolicyJson({ role: "roles/cloudfunctions.invoker", members: ["allUsers"] }) }),
        ];
        for (const grant of grants) {
            expectFindings(await run(grant), 1, `'${grant.name}' grants`);
        }
        const [both] = await run(grants[1]);
        assert.match(both.message, /to allUsers and allAuthenticatedUsers \(members\)/);
        const [policy] = await run(grants[6]);
        assert.match(policy.message, /roles\/run\.viewer on a Cloud Run service to allAuthenticatedUsers \(binding #2 of policyData\)/);
    });

    it("passes grants to named identities", async () => {
        const grants = [
            gcp.runV2ServiceIamMember("a", { name: "api", location, role: "roles/run.invoker", member: caller }),
            gcp.functionV2IamBinding("b", { cloudFunction: "fn2", location, role: "roles/cloudfunctions.invoker", members: [caller, "group:apps@example.com"] }),
            gcp.functionIamPolicy("c", { cloudFunction: "fn1", policyData: iamPolicyJson({ role: "roles/cloudfunctions.invoker", members: ["domain:example.com"] }) }),
            gcp.runIamPolicy("d", { service: "api", location, policyData: "{not json" }),
        ];
        for (const grant of grants) {
            assert.deepEqual(await run(grant), [], grant.name);
        }
    });

    it("reports invokerIamDisabled on a Cloud Run v2 service", async () => {
        const open = gcp.runV2Service("api", { location, invokerIamDisabled: true, template: { serviceAccount, containers: [{ image }] } });
        expectFindings(await run(open), 1, "Cloud Run service 'api' sets invokerIamDisabled", "Fix:");
        const closed = gcp.runV2Service("api", { location, invokerIamDisabled: false, template: { serviceAccount, containers: [{ image }] } });
        assert.deepEqual(await run(closed), []);
    });

    it("notes unknown members, unknown policyData and an unknown invokerIamDisabled", async () => {
        expectUnknownNote(await run(gcp.runV2ServiceIamMember("a", { name: "api", role: "roles/run.invoker", member: UNKNOWN_STRING })), "ServiceIamMember 'a': member");
        expectUnknownNote(await run(gcp.functionV2IamBinding("b", { cloudFunction: "fn2", role: "roles/cloudfunctions.invoker", members: [caller, UNKNOWN_STRING] })), "FunctionIamBinding 'b': members");
        expectUnknownNote(await run(gcp.runIamPolicy("c", { service: "api", policyData: UNKNOWN_STRING })), "IamPolicy 'c': policyData");
        const service = gcp.runV2Service("api", { location, invokerIamDisabled: unknownAs(UNKNOWN_BOOL), template: { serviceAccount, containers: [{ image }] } });
        expectUnknownNote(await run(service), "invokerIamDisabled");
    });

    it("still reports allUsers when the role is unknown at preview", async () => {
        const grant = gcp.runV2ServiceIamMember("a", { name: "api", role: UNKNOWN_STRING, member: "allUsers" });
        expectFindings(await run(grant), 1, "grants a role (unknown during preview)", "allUsers");
    });
});

describe("gcp-serverless-ingress-restricted", () => {
    const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(ingressRestricted, resource);

    it("passes the seeds' secure stack", async () => {
        for (const resource of secureGcpStack()) {
            assert.deepEqual(await run(resource), [], resource.name);
        }
    });

    it("reports ingress open to all, set or by default, as advisory", async () => {
        const open = [
            gcp.runV2Service("a", { location, ingress: "INGRESS_TRAFFIC_ALL", template: { serviceAccount } }),
            gcp.runV2Service("b", { location, template: { serviceAccount } }),
            gcp.runService("c", { location, metadata: { annotations: { "run.googleapis.com/ingress": "all" } } }),
            gcp.runService("d", { location }),
            gcp.functionV1("e", { runtime: "nodejs22", triggerHttp: true, ingressSettings: "ALLOW_ALL" }),
            gcp.functionV2("f", { location, serviceConfig: { ingressSettings: "ALLOW_ALL" } }),
            gcp.functionV2("g", { location }),
        ];
        for (const workload of open) {
            const violations = await run(workload);
            expectFindings(violations, 1, `'${workload.name}' accepts requests from the whole internet`, "Fix:");
            assert.equal(violations[0].enforcementLevel, "advisory");
        }
    });

    it("passes internal and load-balancer ingress, and event-triggered 1st-gen functions", async () => {
        const closed = [
            gcp.runV2Service("a", { location, ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY", template: { serviceAccount } }),
            gcp.runService("b", { location, metadata: { annotations: { "run.googleapis.com/ingress": "internal" } } }),
            gcp.functionV1("c", { runtime: "nodejs22", triggerHttp: true, ingressSettings: "ALLOW_INTERNAL_AND_GCLB" }),
            gcp.functionV1("d", { runtime: "nodejs22", eventTrigger: { eventType: "google.pubsub.topic.publish", resource: "orders" } }),
            gcp.functionV2("e", { location, serviceConfig: { ingressSettings: "ALLOW_INTERNAL_ONLY" } }),
        ];
        for (const workload of closed) {
            assert.deepEqual(await run(workload), [], workload.name);
        }
    });

    it("notes unknown ingress", async () => {
        expectUnknownNote(await run(gcp.runV2Service("a", { location, ingress: UNKNOWN_STRING, template: { serviceAccount } })), "Cloud Run service 'a': ingress");
        expectUnknownNote(await run(gcp.runService("b", { location, metadata: unknownAs() })), "metadata.annotations[\"run.googleapis.com/ingress\"]");
    });
});

describe("gcp-cloudfunctions-https-only", () => {
    const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(httpsOnlyTrigger, resource);

    it("reports HTTP functions that accept plain HTTP, as advisory", async () => {
        for (const fn of [
            gcp.functionV1("a", { runtime: "nodejs22", triggerHttp: true }),
            gcp.functionV1("b", { runtime: "nodejs22", triggerHttp: true, httpsTriggerSecurityLevel: "SECURE_OPTIONAL" }),
        ]) {
            const violations = await run(fn);
            expectFindings(violations, 1, "accepts plain HTTP", "Fix:");
            assert.equal(violations[0].enforcementLevel, "advisory");
        }
    });

    it("passes SECURE_ALWAYS and event-triggered functions", async () => {
        assert.deepEqual(await run(gcp.functionV1("a", { runtime: "nodejs22", triggerHttp: true, httpsTriggerSecurityLevel: "SECURE_ALWAYS" })), []);
        assert.deepEqual(await run(gcp.functionV1("b", { runtime: "nodejs22", eventTrigger: { eventType: "google.pubsub.topic.publish", resource: "t" } })), []);
    });

    it("notes unknown trigger or security level", async () => {
        expectUnknownNote(await run(gcp.functionV1("a", { runtime: "nodejs22", triggerHttp: unknownAs(UNKNOWN_BOOL) })), "triggerHttp");
        expectUnknownNote(await run(gcp.functionV1("b", { runtime: "nodejs22", triggerHttp: true, httpsTriggerSecurityLevel: UNKNOWN_STRING })), "httpsTriggerSecurityLevel");
    });
});
