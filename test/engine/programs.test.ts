// Whole Pulumi programs, run under @pulumi/pulumi's mocks in preview and in up mode, with what the
// engine would send the launched pack: through serverless-guard/testing, the helper users get.
import * as assert from "node:assert/strict";
import { PackClient, PhaseDiagnostic, ProgramReport, checkProgram, launchServerlessGuard } from "../../testing";
import { insecureAwsProgram, planted as awsPlanted, secureAwsProgram } from "../programs/aws";
import { insecureAzureProgram, planted as azurePlanted, secureAzureProgram } from "../programs/azure";
import { insecureGcpProgram, secureGcpProgram } from "../programs/gcp";
import { expectNoValues } from "../harness/expect";

const urn = (type: string, name: string) => `urn:pulumi:dev::project::${type}::${name}`;
const notes = (report: ProgramReport) => report.diagnostics.filter(d => /unknown during preview/.test(d.message));
const findings = (report: ProgramReport, policy: string) => report.diagnostics.filter(d => d.policyName === policy && !/unknown during preview/.test(d.message));

/** Each mandatory policy with the phase and resource it reported on. */
const mandatory = (report: ProgramReport) =>
    [...new Set(report.mandatory.map((d: PhaseDiagnostic) => `${d.phase} ${d.policyName} ${d.urn.split("::").pop()}`))].sort();

describe("engine: whole programs under mocks, at preview and at up (serverless-guard/testing)", function () {
    this.timeout(120_000);
    let pack: PackClient;
    before(async () => {
        pack = await launchServerlessGuard();
    });
    after(() => pack?.close());
    const check = (program: () => void, mode: "preview" | "up") => checkProgram(program, { pack, mode });

    describe("AWS: CallbackFunction, an event-handler mixin and a hand-written function", () => {
        it("preview blocks on every threat, each on the resource to change, the components named with what to pass them", async () => {
            const report = await check(insecureAwsProgram, "preview");
            assert.deepEqual(mandatory(report), [
                "analyze aws-lambda-code-no-plaintext-secrets orders-api",
                "analyze aws-lambda-env-no-plaintext-secrets billing",
                "analyze aws-lambda-role-no-full-wildcard billing-role",
                "analyze aws-lambda-url-requires-auth billing-url",
                "analyze aws-lambda-vpc-attached orders-api",
                "analyze aws-lambda-vpc-attached thumbnails",
                "analyzeStack aws-lambda-role-no-admin-managed-policy orders-api",
                "analyzeStack aws-lambda-role-no-admin-managed-policy thumbnails",
                "analyzeStack aws-lambda-sg-no-public-egress billing-sg",
            ]);
            const [callback, mixin] = findings(report, "aws-lambda-role-no-admin-managed-policy");
            assert.match(callback.message, /aws\.lambda\.CallbackFunction 'orders-api' attached the broad AWS managed policies AWSLambda_FullAccess, .* and \d+ more, not the program/);
            assert.match(callback.message, /pass the CallbackFunction `policies`/);
            assert.match(mixin.message, /bucket\.onObjectCreated .*\(aws:s3:BucketEventSubscription 'thumbnails'\)/);
            assert.deepEqual(notes(report), [], "a role that sets no policies, a group that sets its egress: nothing to wait for");
            expectNoValues(report.diagnostics, awsPlanted.slackToken, awsPlanted.stripeKey);
        });

        it("up stops at the first resource a mandatory finding is about, before it is created, and never reaches AnalyzeStack", async () => {
            const report = await check(insecureAwsProgram, "up");
            assert.equal(report.stoppedAt, urn("aws:iam/role:Role", "billing-role"));
            assert.ok(report.notCreated.includes(urn("aws:lambda/function:Function", "billing")));
            assert.deepEqual(report.diagnostics.filter(d => d.phase === "analyzeStack"), []);
        });

        it("the secure program passes at preview and at up; the only note is for a policy computed from a table created in the same deployment", async () => {
            const preview = await check(secureAwsProgram, "preview");
            assert.equal(preview.blocked, false, mandatory(preview).join("\n"));
            assert.deepEqual([...new Set(notes(preview).map(d => d.urn))], [urn("aws:iam/rolePolicy:RolePolicy", "orders-table")]);
            const up = await check(secureAwsProgram, "up");
            assert.equal(up.blocked, false);
            assert.deepEqual(notes(up), []);
        });
    });

    describe("Azure: an azure-native Function App with a computed app setting", () => {
        it("preview blocks on what is known, and waits for the whole siteConfig with one note that says how to check it at preview", async () => {
            const report = await check(insecureAzureProgram, "preview");
            assert.deepEqual(mandatory(report), [
                "analyze azure-functionapp-managed-identity orders-func",
                "analyzeStack azure-functionapp-vnet-integration orders-func",
            ]);
            const [note, ...more] = notes(report);
            assert.deepEqual(more, []);
            assert.match(note.message, /siteConfig is unknown during preview, so these rules cannot decide yet: azure-functionapp-no-plaintext-secrets/);
            assert.match(note.message, /WebAppApplicationSettings/);
        });

        it("up decides the settings before the app is created", async () => {
            const report = await check(insecureAzureProgram, "up");
            assert.equal(report.stoppedAt, urn("azure-native:web:WebApp", "orders-func"));
            assert.match(findings(report, "azure-functionapp-no-plaintext-secrets")[0].message, /siteConfig\.appSettings DB_PASSWORD holds a plaintext secret/);
            expectNoValues(report.diagnostics, azurePlanted.dbPassword);
        });

        it("the secure program (computed settings in a settings resource) passes with no note, at preview and at up", async () => {
            for (const mode of ["preview", "up"] as const) {
                const report = await check(secureAzureProgram, mode);
                assert.equal(report.blocked, false, `${mode}: ${mandatory(report).join("\n")}`);
                assert.deepEqual(notes(report), [], mode);
            }
        });
    });

    describe("Google Cloud: Cloud Run and Cloud Functions with and without a service account", () => {
        it("preview blocks in Analyze on a service with no account (its template depending on a connector) and a function on the default account", async () => {
            const report = await check(insecureGcpProgram, "preview");
            assert.deepEqual(mandatory(report), [
                "analyze gcp-serverless-dedicated-service-account orders-api",
                "analyze gcp-serverless-dedicated-service-account orders-hook",
                "analyzeStack gcp-serverless-sa-no-privileged-roles orders-worker-editor",
            ]);
            assert.match(findings(report, "gcp-serverless-sa-no-privileged-roles")[0].message, /to service account 'orders-worker', which Cloud Run job 'orders-batch' runs as/);
            assert.deepEqual(notes(report), []);
        });

        it("up stops before the first workload without a dedicated account is created", async () => {
            const report = await check(insecureGcpProgram, "up");
            assert.ok(report.stoppedAt?.includes("orders-"), report.stoppedAt);
            assert.deepEqual(report.diagnostics.filter(d => d.phase === "analyzeStack"), []);
        });

        it("the secure program (a dedicated account, its email unknown at preview) passes with no note, at preview and at up", async () => {
            for (const mode of ["preview", "up"] as const) {
                const report = await check(secureGcpProgram, mode);
                assert.equal(report.blocked, false, `${mode}: ${mandatory(report).join("\n")}`);
                assert.deepEqual(notes(report), [], mode);
            }
        });
    });
});
