import * as assert from "node:assert/strict";
import { dedicatedServiceAccount, serviceAccountNotPrivileged } from "../../policies/gcp/identity";
import { privilegeOf } from "../../policies/lib/gcp/roles";
import { runRule, runStackPolicy } from "../harness/args";
import { atLevel, expectFindings, expectNoValues, expectUnknownNote } from "../harness/expect";
import { appEngineDefault, computeDefault, connector, dedicatedEmail, gcp, iamPolicyJson, project, secureGcpStack } from "../fixtures/gcp";
import { UNKNOWN_OBJECT, UNKNOWN_STRING, unknownAs } from "../fixtures/common";

const location = "europe-west1";
const image = "gcr.io/acme/app:1";
const vpcAccess = { connector, egress: "ALL_TRAFFIC" };
const runV2 = (serviceAccount?: string, links = {}) =>
    gcp.runV2Service("api", { location, template: { ...(serviceAccount === undefined ? {} : { serviceAccount }), vpcAccess, containers: [{ image }] } }, links);

describe("gcp-serverless-dedicated-service-account", () => {
    it("passes the seeds' secure stack (unknown email linked to an Account at preview)", async () => {
        assert.deepEqual(await runRule(dedicatedServiceAccount, secureGcpStack()), []);
    });

    it("reports a missing service account in every generation in Analyze, naming the property: preview blocks, up stops before the workload exists", async () => {
        const workloads = [
            runV2(),
            gcp.runV2Job("batch", { location, template: { template: { containers: [{ image }] } } }),
            gcp.runService("legacy", { location, template: { spec: { containers: [{ image }] } } }),
            gcp.functionV1("fn1", { runtime: "nodejs22", triggerHttp: true }),
            gcp.functionV2("fn2", { location, serviceConfig: { availableMemory: "256M" } }),
        ];
        const violations = await runRule(dedicatedServiceAccount, workloads);
        expectFindings(violations, 5, "sets no service account", "default service account", "Fix:");
        for (const place of ["template.serviceAccount", "template.template.serviceAccount", "template.spec.serviceAccountName", "(serviceAccountEmail)", "serviceConfig.serviceAccountEmail"]) {
            assert.ok(violations.some(v => v.message.includes(place)), place);
        }
        assert.ok(violations.every(v => v.phase === "analyze" && v.enforcementLevel === "mandatory"));
    });

    it("reports a service without an account whose template depends on other resources (a connector), not only notes it", async () => {
        const connectorResource = { type: "gcp:vpcaccess/connector:Connector", name: "c", urn: "urn:pulumi:dev::p::gcp:vpcaccess/connector:Connector::c", properties: {} };
        const service = gcp.runV2Service("api", { location, template: { vpcAccess: { connector: UNKNOWN_STRING }, containers: [{ image }] } }, { template: [connectorResource] });
        const violations = await runRule(dedicatedServiceAccount, [connectorResource, service]);
        expectFindings(violations, 1, "sets no service account (template.serviceAccount)");
        assert.equal(violations[0].phase, "analyze");
    });

    it("reports the default compute and App Engine accounts without printing the email", async () => {
        const violations = await runRule(dedicatedServiceAccount, [
            runV2(computeDefault),
            gcp.functionV1("fn1", { runtime: "python312", serviceAccountEmail: appEngineDefault }),
        ]);
        expectFindings(violations, 2, "Fix:");
        assert.ok(violations.some(v => v.message.includes("Cloud Run service 'api' runs as the Compute Engine default service account")));
        assert.ok(violations.some(v => v.message.includes("Cloud Function (1st gen) 'fn1' runs as the App Engine default service account")));
        expectNoValues(violations, computeDefault, appEngineDefault, "123456789012", project);
    });

    it("passes a literal user-managed account, with or without the Account in the stack", async () => {
        assert.deepEqual(await runRule(dedicatedServiceAccount, [runV2(dedicatedEmail)]), []);
        const fn = gcp.functionV2("fn2", { location, serviceConfig: { serviceAccountEmail: "svc@other-project.iam.gserviceaccount.com" } });
        assert.deepEqual(await runRule(dedicatedServiceAccount, [fn]), []);
    });

    it("notes an unknown email that no Account of the stack explains, and an unknown template", async () => {
        expectUnknownNote(await runStackPolicy(dedicatedServiceAccount, [runV2(UNKNOWN_STRING)]), "template.serviceAccount");
        const unknownTemplate = gcp.runV2Service("api", { location, template: unknownAs(UNKNOWN_OBJECT) });
        expectUnknownNote(await runStackPolicy(dedicatedServiceAccount, [unknownTemplate]), "Cloud Run service 'api': template.serviceAccount");
        const account = gcp.serviceAccount("sa", { accountId: "api" });
        const linked = gcp.runV2Service("api", { location, template: unknownAs(UNKNOWN_OBJECT) }, { template: [account] });
        assert.deepEqual(await runStackPolicy(dedicatedServiceAccount, [account, linked]), []);
    });

    it("does not accept a link to something that is not a service account", async () => {
        const other = gcp.projectIamMember("x", { project, role: "roles/viewer", member: "user:a@example.com" });
        expectUnknownNote(await runStackPolicy(dedicatedServiceAccount, [other, runV2(UNKNOWN_STRING, { template: [other] })]), "template.serviceAccount");
    });
});

describe("gcp-serverless-sa-no-privileged-roles", () => {
    const account = gcp.serviceAccount("api-sa", { accountId: "api-run", project });
    const service = runV2(UNKNOWN_STRING, { template: [account] });
    const member = `serviceAccount:api-run@${project}.iam.gserviceaccount.com`;

    it("passes the seeds' secure stack (roles/datastore.user only)", async () => {
        assert.deepEqual(await runStackPolicy(serviceAccountNotPrivileged, secureGcpStack()), []);
    });

    it("reports basic, admin and impersonation roles at project, folder and organisation level, linked at preview", async () => {
        const grants = [
            gcp.projectIamMember("editor", { project, role: "roles/editor", member: UNKNOWN_STRING }, { member: [account] }),
            gcp.folderIamBinding("sec", { folder: "folders/1234", role: "roles/iam.securityAdmin", members: [UNKNOWN_STRING, "group:ops@example.com"] }, { members: [account] }),
            gcp.organizationIamMember("act-as", { orgId: "987654321", role: "roles/iam.serviceAccountUser", member: UNKNOWN_STRING }, { member: [account] }),
        ];
        const violations = await runStackPolicy(serviceAccountNotPrivileged, [account, service, ...grants]);
        expectFindings(violations, 3, "to service account 'api-sa', which Cloud Run service 'api' runs as", "Fix:");
        assert.deepEqual(violations.map(v => v.urn), grants.map(g => g.urn), "each on the IAM resource to change");
        assert.ok(violations[0].message.includes("IAMMember 'editor' (project level): member grants roles/editor (basic role)"));
        assert.ok(violations[1].message.includes("IAMBinding 'sec' (folder level): members grants roles/iam.securityAdmin (admin role)"));
        assert.ok(violations[2].message.includes("IAMMember 'act-as' (organisation level): member grants roles/iam.serviceAccountUser (impersonation role)"));
        expectNoValues(violations, project, "folders/1234", "987654321", "ops@example.com");
        assert.equal(violations[0].enforcementLevel, "mandatory");
    });

    it("links by literal member email and by IAMPolicy policyData, for every generation", async () => {
        const workloads = [
            gcp.runService("legacy", { location, template: { spec: { serviceAccountName: `api-run@${project}.iam.gserviceaccount.com`, containers: [{ image }] } } }),
            gcp.functionV1("fn1", { runtime: "nodejs22", serviceAccountEmail: `api-run@${project}.iam.gserviceaccount.com` }),
        ];
        const policy = gcp.projectIamPolicy("all", { project, policyData: iamPolicyJson(
            { role: "roles/viewer", members: [member] },
            { role: "roles/resourcemanager.projectIamAdmin", members: ["group:admins@example.com", member] },
        ) });
        const owner = gcp.projectIamMember("owner", { project, role: "roles/owner", member });
        const violations = await runStackPolicy(serviceAccountNotPrivileged, [account, ...workloads, policy, owner]);
        expectFindings(violations, 2, "service account 'api-sa', which Cloud Run service (v1) 'legacy' and Cloud Function (1st gen) 'fn1' run as");
        assert.ok(violations.some(v => v.message.includes("IAMPolicy 'all' (project level): binding #2 of policyData grants roles/resourcemanager.projectIamAdmin (admin role)")));
        assert.ok(violations.some(v => v.message.includes("IAMMember 'owner' (project level): member grants roles/owner (basic role)")));
        expectNoValues(violations, member.slice("serviceAccount:".length));
    });

    it("checks a literal account that is not in the stack, and ignores grants to other members", async () => {
        const fn = gcp.functionV2("fn2", { location, serviceConfig: { serviceAccountEmail: "ext@other.iam.gserviceaccount.com" } });
        const grants = [
            gcp.projectIamMember("tok", { project, role: "roles/iam.serviceAccountTokenCreator", member: "serviceAccount:ext@other.iam.gserviceaccount.com" }),
            gcp.projectIamMember("human", { project, role: "roles/owner", member: "user:ext@other.iam.gserviceaccount.com" }),
            gcp.projectIamBinding("others", { project, role: "roles/editor", members: ["serviceAccount:someone@other.iam.gserviceaccount.com"] }),
        ];
        const violations = await runStackPolicy(serviceAccountNotPrivileged, [fn, ...grants]);
        expectFindings(violations, 1, "IAMMember 'tok' (project level)", "roles/iam.serviceAccountTokenCreator (impersonation role) to the service account, which Cloud Function (2nd gen) 'fn2' runs as");
    });

    it("passes narrow roles and grants to another Account of the stack", async () => {
        const other = gcp.serviceAccount("deployer", { accountId: "deployer", project });
        const grants = [
            gcp.projectIamMember("reader", { project, role: "roles/datastore.user", member: UNKNOWN_STRING }, { member: [account] }),
            gcp.projectIamMember("logs", { project, role: "roles/logging.logWriter", member: UNKNOWN_STRING }, { member: [account] }),
            gcp.projectIamMember("deployer-editor", { project, role: "roles/editor", member: UNKNOWN_STRING }, { member: [other] }),
        ];
        assert.deepEqual(await runStackPolicy(serviceAccountNotPrivileged, [account, other, service, ...grants]), []);
    });

    it("honours extraForbiddenRoles and allowedRoles", async () => {
        const grants = [
            gcp.projectIamMember("secrets", { project, role: "roles/secretmanager.secretAccessor", member }),
            gcp.projectIamMember("custom", { project, role: `projects/${project}/roles/ordersAdmin`, member }),
        ];
        const stack = [account, runV2(dedicatedEmail.replace("orders-run", "api-run")), ...grants];
        expectFindings(await runStackPolicy(serviceAccountNotPrivileged, stack), 1, "ordersAdmin (admin role)");
        const tuned = await runStackPolicy(serviceAccountNotPrivileged, stack, {
            config: { extraForbiddenRoles: ["roles/secretmanager.secretAccessor"], allowedRoles: [`projects/${project}/roles/ordersAdmin`] },
        });
        expectFindings(tuned, 1, "roles/secretmanager.secretAccessor (forbidden role)");
    });

    it("notes unknowns the verdict depends on: the account, the role, unlinked members, policyData", async () => {
        expectUnknownNote(await runStackPolicy(serviceAccountNotPrivileged, [runV2(UNKNOWN_STRING)]), "template.serviceAccount");
        const role = gcp.projectIamMember("r", { project, role: UNKNOWN_STRING, member: UNKNOWN_STRING }, { member: [account] });
        expectUnknownNote(await runStackPolicy(serviceAccountNotPrivileged, [account, service, role]), "IAMMember 'r' (project level): the role of member");
        const unlinked = gcp.projectIamMember("m", { project, role: "roles/owner", member: UNKNOWN_STRING });
        expectUnknownNote(await runStackPolicy(serviceAccountNotPrivileged, [account, service, unlinked]), "IAMMember 'm' (project level): the member (whether they include the account of Cloud Run service 'api'; it grants roles/owner)");
        const policy = gcp.organizationIamPolicy("p", { orgId: "1", policyData: UNKNOWN_STRING }, { policyData: [account] });
        expectUnknownNote(await runStackPolicy(serviceAccountNotPrivileged, [account, service, policy]), "IAMPolicy 'p' (organisation level): the roles it grants (policyData)");
    });

    it("ignores malformed policyData and odd shapes without throwing", async () => {
        const broken = gcp.projectIamPolicy("broken", { project, policyData: "{not json" });
        const odd = gcp.projectIamPolicy("odd", { project, policyData: JSON.stringify({ bindings: [null, { role: 7, members: "x" }] }) });
        const binding = gcp.projectIamBinding("b", { project, role: "roles/owner", members: { not: "a list" } as unknown as string[] });
        const violations = await runStackPolicy(serviceAccountNotPrivileged, [account, service, broken, odd, binding]);
        assert.deepEqual(atLevel(violations, "mandatory"), []);
        assert.ok(!violations.some(v => v.message.includes("could not evaluate")));
    });

    it("classifies roles from the data table", () => {
        assert.equal(privilegeOf("roles/owner"), "basic role");
        assert.equal(privilegeOf("roles/run.admin"), "admin role");
        assert.equal(privilegeOf("roles/iam.serviceAccountTokenCreator"), "impersonation role");
        assert.equal(privilegeOf("roles/run.invoker"), undefined);
        assert.equal(privilegeOf("roles/viewer"), undefined);
        assert.equal(privilegeOf("roles/cloudsql.client"), undefined);
    });
});
