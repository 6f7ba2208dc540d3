// Every GCP rule through the built pack, launched as the Pulumi CLI launches it.
import * as assert from "node:assert/strict";
import { secret } from "../harness/engine";
import { launchServerlessGuard, launchedPack, policiesAt, preview } from "../harness/pack";
import { trippedByInsecureStack } from "../harness/expect";
import { computeDefault, connector, gcp, iamPolicyJson, project, secureGcpStack } from "../fixtures/gcp";
import { UNKNOWN_OBJECT, UNKNOWN_STRING, callbackCode, unknownAs } from "../fixtures/common";

const location = "europe-west1";
const image = "gcr.io/acme/app:1";

describe("engine: GCP rules through the launched pack", () => {
    const pack = launchedPack();

    it("serves every GCP policy with its metadata", async () => {
        const info = await pack().getAnalyzerInfo();
        const gcpPolicies = info.policies.filter(p => p.name.startsWith("gcp-"));
        assert.equal(gcpPolicies.length, 9);
        for (const policy of gcpPolicies) {
            assert.ok(policy.description && policy.remediationSteps && policy.url, policy.name);
            assert.ok(policy.severity !== "unspecified", policy.name);
        }
    });

    it("reports no mandatory violation on the seeds' secure Cloud Run example (the all-traffic finding is advisory)", async () => {
        const diagnostics = await preview(pack(), secureGcpStack());
        assert.deepEqual(policiesAt(diagnostics, "mandatory"), []);
        assert.deepEqual(policiesAt(diagnostics, "advisory"), ["gcp-serverless-vpc-all-traffic"]);
        assert.ok(diagnostics.every(d => /sends only private ranges/.test(d.message)));
    });

    it("reports every rule on an insecure stack, with no value in any message", async () => {
        const password = "correct-horse-battery-staple-42";
        const account = gcp.serviceAccount("api-sa", { accountId: "api-run", project });
        const editor = gcp.projectIamMember("api-editor", { project, role: "roles/editor", member: UNKNOWN_STRING }, { member: [account] });
        const service = gcp.runV2Service("api", {
            location,
            invokerIamDisabled: true,
            template: {
                serviceAccount: UNKNOWN_STRING,
                vpcAccess: { connector, egress: "PRIVATE_RANGES_ONLY" },
                containers: [{ image, envs: [{ name: "DB_PASSWORD", value: secret(password) as unknown as string }] }],
            },
        }, { template: [account] });
        const fn = gcp.functionV1("hook", { runtime: "nodejs22", triggerHttp: true, serviceAccountEmail: computeDefault });
        const publicInvoker = gcp.functionIamMember("hook-public", { cloudFunction: "hook", role: "roles/cloudfunctions.invoker", member: "allUsers" });
        const source = gcp.bucketObject("hook", { bucket: "acme-functions", source: callbackCode(`var __dbUrl = "postgres://app:${password}@10.0.0.5/app";`) });
        const diagnostics = await preview(pack(), [account, editor, service, fn, publicInvoker, source]);

        assert.deepEqual(policiesAt(diagnostics, "mandatory"), [
            "gcp-serverless-code-no-plaintext-secrets",
            "gcp-serverless-dedicated-service-account",
            "gcp-serverless-env-no-plaintext-secrets",
            "gcp-serverless-no-public-invoker",
            "gcp-serverless-sa-no-privileged-roles",
            "gcp-serverless-vpc-egress",
        ], trippedByInsecureStack);
        assert.deepEqual(policiesAt(diagnostics, "advisory"), [
            "gcp-cloudfunctions-https-only",
            "gcp-serverless-ingress-restricted",
            "gcp-serverless-vpc-all-traffic",
        ], trippedByInsecureStack);
        for (const d of diagnostics) {
            for (const value of [password, computeDefault, project]) {
                assert.ok(!d.message.includes(value), d.message);
            }
        }
    });

    it("makes the all-traffic finding mandatory with the standard enforcementLevel in config", async () => {
        const strict = await launchServerlessGuard();
        try {
            await strict.configure({ "gcp-serverless-vpc-all-traffic": { enforcementLevel: "mandatory" } });
            const diagnostics = await preview(strict, secureGcpStack());
            assert.deepEqual(policiesAt(diagnostics, "mandatory"), ["gcp-serverless-vpc-all-traffic"]);
            assert.deepEqual(policiesAt(diagnostics, "advisory"), []);
        } finally {
            await strict.close();
        }
    });

    it("judges what is known and notes what is unknown, instead of dropping the policy", async () => {
        const service = gcp.runV2Service("api", { location, template: unknownAs(UNKNOWN_OBJECT) });
        const policy = gcp.projectIamPolicy("all", { project, policyData: iamPolicyJson({ role: "roles/owner", members: ["allUsers"] }) });
        const diagnostics = await preview(pack(), [service, policy]);
        assert.ok(!diagnostics.some(d => d.message.includes("can't run policy")), "the SDK dropped a policy on an unknown");
        assert.deepEqual(policiesAt(diagnostics, "mandatory"), []);
        // Each rule waits, on its own note or named on the one note of the rules waiting for the same value.
        const notes = diagnostics.filter(d => d.urn === service.urn && /unknown during preview/.test(d.message));
        assert.ok(notes.every(d => d.enforcementLevel === "advisory"));
        for (const name of ["gcp-serverless-dedicated-service-account", "gcp-serverless-vpc-egress", "gcp-serverless-vpc-all-traffic", "gcp-serverless-env-no-plaintext-secrets"]) {
            assert.ok(notes.some(d => d.policyName === name || d.message.includes(name)), name);
        }
        assert.ok(notes.some(d => /these rules cannot decide yet: gcp-serverless-vpc-egress and gcp-serverless-vpc-all-traffic/.test(d.message)));
    });
});
