import * as assert from "node:assert/strict";
import { codeNoPlaintextSecrets, envNoPlaintextSecrets } from "../../policies/gcp/secrets";
import { runResourcePolicy } from "../harness/args";
import { expectFindings, expectNoValues, expectUnknownNote } from "../harness/expect";
import { dedicatedEmail, gcp, secureGcpStack } from "../fixtures/gcp";
import { UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_STRING, callbackCode, secretAs, textAsset, unknownAs } from "../fixtures/common";

const location = "europe-west1";
const image = "gcr.io/acme/app:1";
const serviceAccount = dedicatedEmail;
const password = "s3cr3t-Passw0rd!";
const githubToken = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
const run = (resource: Parameters<typeof runResourcePolicy>[1], config?: Record<string, unknown>) =>
    runResourcePolicy(envNoPlaintextSecrets, resource, { config });

describe("gcp-serverless-env-no-plaintext-secrets", () => {
    it("passes the seeds' secure stack (Secret Manager references, settings)", async () => {
        for (const resource of secureGcpStack()) {
            assert.deepEqual(await run(resource), [], resource.name);
        }
    });

    it("reports plaintext secrets in Cloud Run v2 services and jobs and v1 services, naming container and key only", async () => {
        const workloads = [
            gcp.runV2Service("api", { location, template: { serviceAccount, containers: [
                { image, envs: [{ name: "LOG_LEVEL", value: "info" }] },
                { image, envs: [{ name: "DB_PASSWORD", value: password }, { name: "CI", value: githubToken }] },
            ] } }),
            gcp.runV2Job("batch", { location, template: { template: { serviceAccount, containers: [{ image, envs: [{ name: "DB_PASSWORD", value: password }, { name: "CI", value: githubToken }] }] } } }),
            gcp.runService("legacy", { location, template: { spec: { serviceAccountName: serviceAccount, containers: [{ image, envs: [{ name: "DB_PASSWORD", value: password }, { name: "CI", value: githubToken }] }] } } }),
        ];
        const places = ["template.containers[1].envs variable", "template.template.containers[0].envs variable", "template.spec.containers[0].envs variable"];
        for (const [i, workload] of workloads.entries()) {
            const violations = await run(workload);
            expectFindings(violations, 1, places[i], "holds a plaintext secret", "Fix:", "Secret Manager", "DB_PASSWORD", "secret-looking name", "CI", "GitHub token");
            expectNoValues(violations, password, githubToken);
            assert.equal(violations[0].enforcementLevel, "mandatory");
        }
    });

    it("reports runtime and build-time variables of Cloud Functions, and the build config of a v2 service", async () => {
        const workloads = [
            gcp.functionV1("fn1", { runtime: "nodejs22", environmentVariables: { API_TOKEN: secretAs(githubToken) }, buildEnvironmentVariables: { NPM_TOKEN: "npm_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8" } }),
            gcp.functionV2("fn2", { location, serviceConfig: { environmentVariables: { DB_PASSWORD: password } }, buildConfig: { environmentVariables: { GH: githubToken } } }),
        ];
        const fn1 = await run(workloads[0]);
        expectFindings(fn1, 1, "Cloud Function (1st gen) 'fn1'", "secretEnvironmentVariables", "environmentVariables variable API_TOKEN", "buildEnvironmentVariables variable NPM_TOKEN");
        const fn2 = await run(workloads[1]);
        expectFindings(fn2, 1, "Cloud Function (2nd gen) 'fn2'", "serviceConfig.environmentVariables variable DB_PASSWORD", "buildConfig.environmentVariables variable GH");
        expectNoValues([...fn1, ...fn2], password, githubToken);
        const service = gcp.runV2Service("api", { location, buildConfig: { environmentVariables: { DB_PASSWORD: password } }, template: { serviceAccount } });
        expectFindings(await run(service), 1, "buildConfig.environmentVariables variable DB_PASSWORD");
    });

    it("passes Secret Manager references, secret volumes and ordinary settings", async () => {
        const fn = gcp.functionV2("fn2", { location, serviceConfig: {
            environmentVariables: { TOKEN_TTL: "3600", PASSWORD_MIN_LENGTH: "12", DB_PASSWORD_SECRET: "projects/acme-prod/secrets/db-password/versions/latest" },
            secretEnvironmentVariables: [{ key: "DB_PASSWORD", projectId: "acme-prod", secret: "db-password", version: "latest" }],
            secretVolumes: [{ mountPath: "/secrets", projectId: "acme-prod", secret: "tls-key" }],
        } });
        assert.deepEqual(await run(fn), []);
        const v2 = gcp.runV2Service("api", { location, template: { serviceAccount, containers: [{ image, envs: [
            { name: "API_KEY", valueSource: { secretKeyRef: { secret: UNKNOWN_STRING, version: "1" } } },
            { name: "PORT_NAME", value: "http1" },
        ] }] } });
        assert.deepEqual(await run(v2), []);
    });

    it("honours extraSecretNamePatterns and ignoreNames", async () => {
        const fn = gcp.functionV1("fn1", { runtime: "nodejs22", environmentVariables: { WALLET_SEED: "correct horse battery staple", DB_PASSWORD: password } });
        expectFindings(await run(fn), 1, "DB_PASSWORD");
        const tuned = await run(fn, { extraSecretNamePatterns: ["seed"], ignoreNames: ["db_password"] });
        expectFindings(tuned, 1, "WALLET_SEED");
    });

    it("notes unknown env lists and values under secret names, and an unknown template", async () => {
        const unknownValue = gcp.runV2Service("api", { location, template: { serviceAccount, containers: [{ image, envs: [{ name: "DB_PASSWORD", value: UNKNOWN_STRING }, { name: "HOST", value: UNKNOWN_STRING }] }] } });
        expectUnknownNote(await run(unknownValue), "template.containers[0].envs variable DB_PASSWORD");
        const unknownList = gcp.runV2Job("batch", { location, template: { template: { containers: [{ image, envs: unknownAs(UNKNOWN_ARRAY) }] } } });
        expectUnknownNote(await run(unknownList), "template.template.containers[0].envs");
        const unknownTemplate = gcp.runService("legacy", { location, template: unknownAs(UNKNOWN_OBJECT) });
        expectUnknownNote(await run(unknownTemplate), "template.spec.containers");
        const unknownEntry = gcp.runV2Service("api", { location, template: { serviceAccount, containers: [{ image, envs: [unknownAs(), { name: "DB_PASSWORD", value: password }] }] } });
        const violations = await run(unknownEntry);
        expectFindings(violations, 1, "DB_PASSWORD", "Also template.containers[0].envs entry #1 is unknown during preview");
        assert.equal(violations[0].enforcementLevel, "mandatory");
        const unknownMap = gcp.functionV2("fn2", { location, serviceConfig: { environmentVariables: unknownAs(UNKNOWN_OBJECT) } });
        expectUnknownNote(await run(unknownMap), "serviceConfig.environmentVariables");
    });
});

describe("gcp-serverless-code-no-plaintext-secrets", () => {
    it("reports secrets in the source archive a callback function uploads, never quoting the code", async () => {
        const closure = `exports.handler = __f0;\nvar __key = "${githubToken}";`;
        const object = gcp.bucketObject("fn", { bucket: "acme-functions", source: callbackCode(closure) });
        const violations = await runResourcePolicy(codeNoPlaintextSecrets, object);
        expectFindings(violations, 1, "Bucket object 'fn': source entry __index.js, line 2, holds a plaintext secret (GitHub token)", "Secret Manager");
        expectNoValues(violations, githubToken);
    });

    it("leaves objects that hold a single asset (data, not a package) or no source alone", async () => {
        assert.deepEqual(await runResourcePolicy(codeNoPlaintextSecrets, gcp.bucketObject("o", { bucket: "b", source: textAsset(githubToken) })), []);
        assert.deepEqual(await runResourcePolicy(codeNoPlaintextSecrets, gcp.bucketObject("o", { bucket: "b", content: "data" })), []);
    });
});
