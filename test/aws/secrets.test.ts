import * as assert from "node:assert/strict";
import { codeNoPlaintextSecrets, envNoPlaintextSecrets } from "../../policies/aws/secrets";
import { runResourcePolicy } from "../harness/args";
import { expectFindings, expectNoValues, expectUnknownNote } from "../harness/expect";
import { aws } from "../fixtures/aws";
import { UNKNOWN_ARCHIVE, UNKNOWN_OBJECT, UNKNOWN_STRING, assetArchive, callbackCode, fileArchive, secretAs, textAsset, unknownAs } from "../fixtures/common";

const role = "arn:aws:iam::123456789012:role/app";
const withVariables = (variables: Record<string, string>) => aws.function("app", { role, environment: { variables } });

describe("aws-lambda-env-no-plaintext-secrets", () => {
    it("reports a secret name with a literal value and a known format under any name, naming keys only", async () => {
        const values = ["s3cr3t-Passw0rd!", "AKIAIOSFODNN7EXAMPLE"];
        const violations = await runResourcePolicy(envNoPlaintextSecrets, withVariables({ DB_PASSWORD: values[0], UPLOAD_KEY_ID: values[1] }));
        expectFindings(violations, 1, "Lambda function 'app': environment variable DB_PASSWORD", "environment variable UPLOAD_KEY_ID", "AWS access key ID", "Fix:");
        expectNoValues(violations, ...values);
        assert.equal(violations[0].enforcementLevel, "mandatory");
    });

    it("reports a value that arrived as a Pulumi secret: it is plaintext in the Lambda configuration", async () => {
        const fn = aws.function("app", { role, environment: { variables: { API_TOKEN: secretAs("tok-9f8e7d6c5b4a") } } });
        const violations = await runResourcePolicy(envNoPlaintextSecrets, fn);
        expectFindings(violations, 1, "API_TOKEN");
        expectNoValues(violations, "tok-9f8e7d6c5b4a");
    });

    it("reports every Pulumi secret, whatever its name and value, and even while it is unknown", async () => {
        const fn = aws.function("app", { role, environment: { variables: {
            CONFIG: secretAs("blue"), SEED: secretAs(UNKNOWN_STRING), TABLE_NAME: "orders",
        } } });
        const violations = await runResourcePolicy(envNoPlaintextSecrets, fn);
        expectFindings(violations, 1, "holds a Pulumi secret", "plaintext in the function's configuration", "Fix:");
        assert.deepEqual([...violations[0].message.matchAll(/variable (\w+)/g)].map(m => m[1]), ["CONFIG", "SEED"]);
        expectNoValues(violations, "blue");
        assert.deepEqual(await runResourcePolicy(envNoPlaintextSecrets, fn, { config: { ignoreNames: ["config", "SEED"] } }), []);
    });

    it("reports variables held in a secret environment, known or unknown", async () => {
        const whole = aws.function("app", { role, environment: secretAs({ variables: { MODE: "fast" } }) });
        expectFindings(await runResourcePolicy(envNoPlaintextSecrets, whole), 1, "environment variable MODE holds a Pulumi secret");
        const unknown = aws.function("app", { role, environment: { variables: secretAs(UNKNOWN_OBJECT) } });
        expectFindings(await runResourcePolicy(envNoPlaintextSecrets, unknown), 1, "environment.variables is a Pulumi secret");
    });

    it("passes settings, references and ordinary values", async () => {
        assert.deepEqual(await runResourcePolicy(envNoPlaintextSecrets, withVariables({
            TOKEN_TTL: "3600",
            PASSWORD_MIN_LENGTH: "12",
            DB_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
            API_KEY: "/prod/app/api-key",
            TABLE_NAME: "orders",
            LOG_LEVEL: "debug",
        })), []);
    });

    it("honours extraSecretNamePatterns and ignoreNames", async () => {
        const fn = withVariables({ WALLET_SEED: "abandon-ability-able", PUBLIC_SIGNING_KEY: "MFkwEwYHKoZIzj0CAQYI" });
        expectFindings(await runResourcePolicy(envNoPlaintextSecrets, fn, { config: { extraSecretNamePatterns: ["seed"], ignoreNames: ["PUBLIC_SIGNING_KEY"] } }), 1, "WALLET_SEED");
        assert.deepEqual(await runResourcePolicy(envNoPlaintextSecrets, fn, { config: { ignoreNames: ["PUBLIC_SIGNING_KEY"] } }), []);
    });

    it("notes an unknown value under a secret name, and unknown variables, but not other unknowns", async () => {
        expectUnknownNote(await runResourcePolicy(envNoPlaintextSecrets, withVariables({ DB_PASSWORD: UNKNOWN_STRING, TABLE: UNKNOWN_STRING })), "DB_PASSWORD");
        expectUnknownNote(await runResourcePolicy(envNoPlaintextSecrets, aws.function("app", { role, environment: { variables: unknownAs(UNKNOWN_OBJECT) } })), "environment.variables");
    });

    it("judges the known variables when another one is unknown", async () => {
        const violations = await runResourcePolicy(envNoPlaintextSecrets, withVariables({ TABLE: UNKNOWN_STRING, STRIPE_KEY: "sk_live_51H8abcdefghijklmnopqrstuv" }));
        expectFindings(violations, 1, "STRIPE_KEY", "Stripe secret key");
    });
});

describe("aws-lambda-code-no-plaintext-secrets", () => {
    const slack = ["xoxb", "1234567890", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWx"].join("-");
    const closure = ["exports.handler = __f0;", `var __token = "${slack}";`, "function __f0() { return post(__token); }"].join("\n");

    it("reports a secret a CallbackFunction's closure captured, by archive entry and line, never quoting the code", async () => {
        const violations = await runResourcePolicy(codeNoPlaintextSecrets, aws.function("app", { role, code: callbackCode(closure) }));
        expectFindings(violations, 1, "Lambda function 'app': code entry __index.js, line 2, holds a plaintext secret (Slack token)", "Fix:", "Rotate it");
        expectNoValues(violations, slack, "__token");
        assert.equal(violations[0].enforcementLevel, "mandatory");
    });

    it("reads nested archives, Pulumi secrets and single assets; names alone are no finding in code", async () => {
        const code = assetArchive({ lib: assetArchive({ "config.json": secretAs(textAsset(`{"webhook":"https://hooks.slack.com/services/T0123ABCD/B0123ABCD/AbCdEfGhIjKlMnOpQrStUvWx"}`)) }) });
        expectFindings(await runResourcePolicy(codeNoPlaintextSecrets, aws.function("app", { role, code })), 1, "code entry lib/config.json, line 1", "Slack webhook URL");
        const names = textAsset("const DB_PASSWORD = 'hunter2'; const apiKey = process.env.API_KEY;");
        assert.deepEqual(await runResourcePolicy(codeNoPlaintextSecrets, aws.function("app", { role, code: names })), []);
    });

    it("passes code without secrets and code it cannot see (files on disk, S3), and notes unknown code", async () => {
        for (const code of [callbackCode("exports.handler = async () => ({ statusCode: 200 });"), fileArchive("./dist")]) {
            assert.deepEqual(await runResourcePolicy(codeNoPlaintextSecrets, aws.function("app", { role, code })), []);
        }
        assert.deepEqual(await runResourcePolicy(codeNoPlaintextSecrets, aws.function("app", { role, s3Bucket: "b", s3Key: "k.zip" })), []);
        expectUnknownNote(await runResourcePolicy(codeNoPlaintextSecrets, aws.function("app", { role, code: unknownAs(UNKNOWN_ARCHIVE) })), "code");
    });
});
