import * as assert from "node:assert/strict";
import {
    MAX_CODE_FINDINGS,
    SECRET_KINDS,
    SecretKind,
    detectSecret,
    isKeyVaultReference,
    isSecretLikeValue,
    isSecretReference,
    looksLikeSecretName,
    secretsInCode,
} from "../../policies/lib/secrets";

// Fixtures are assembled at run time so that secret scanners do not flag this file.
const j = (...parts: string[]) => parts.join("");
const AWS_KEY_ID = j("AKIA", "IOSFODNN7", "EXAMPLE");
const AWS_SECRET = j("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY");
const GITHUB = j("ghp", "_", "a1B2c3D4".repeat(4), "e5F6");
const GITHUB_FINE = j("github", "_pat_", "11ABCDEFG0", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnop");
const GITLAB = j("glpat", "-", "aBcD1234eFgH5678iJkL");
const NPM = j("npm", "_", "a1B2c3D4".repeat(4), "e5F6");
const SLACK_TOKEN = j("xox", "b-", "1234567890-1234567890123-", "AbCdEfGhIjKlMnOpQrStUvWx");
const SLACK_HOOK = j("https://hooks.", "slack.com/services/", "T0123ABCD/B0123ABCD/", "AbCdEfGhIjKlMnOpQrStUvWx");
const STRIPE = j("sk", "_live_", "51Habcdefghijklmnopqrstuvwx");
const GOOGLE = j("AI", "za", "SyA1234567890abcdefghijklmnopqrstuv");
const PEM = j("-----BEGIN ", "RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----");
const JWT = j("eyJ", "hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
const ACCOUNT_KEY = j("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6", "IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");
const STORAGE = j("DefaultEndpointsProtocol=https;AccountName=acct;", "AccountKey=", ACCOUNT_KEY, ";EndpointSuffix=core.windows.net");
const SERVICE_BUS = j("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;", "SharedAccessKey=", "abcDEF123+/xyz=");
const SAS = j("https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&", "sig=", "AbCdEf%2BgHiJkL%3D");
const UUID = "3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c44";

/** Each case: [name, value, expected kind or undefined]. */
type Case = [string, unknown, SecretKind | undefined];

function check(cases: Case[]): void {
    for (const [name, value, expected] of cases) {
        const shown = typeof value === "string" && value.length > 60 ? `${value.slice(0, 60)}...` : String(value);
        it(`${name}=${shown} -> ${expected ?? "no finding"}`, () => {
            assert.equal(detectSecret(name, value), expected);
        });
    }
}

describe("lib/secrets", () => {
    describe("isSecretReference", () => {
        const references = [
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
            "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db:password::",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password",
            "/prod/db/password",
            "/aws/reference/secretsmanager/prod/db",
            "{{resolve:ssm:/prod/db/password}}",
            "{{resolve:ssm-secure:/prod/db/password:1}}",
            "{{resolve:secretsmanager:prod/db:SecretString:password}}",
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)",
            "@Microsoft.KeyVault(VaultName=kv;SecretName=db)",
            "projects/my-project/secrets/db-password",
            "projects/my-project/secrets/db-password/versions/latest",
            "//secretmanager.googleapis.com/projects/p/secrets/s/versions/3",
            "sm://my-project/db-password",
            "  /prod/db/password  ",
        ];
        for (const value of references) {
            it(`is a reference: ${value}`, () => assert.equal(isSecretReference(value), true));
        }
        const notReferences: unknown[] = [
            "arn:aws:s3:::my-bucket",
            "arn:aws:secretsmanager:",
            "@Microsoft.KeyVault()",
            "@Microsoft.KeyVault(SecretUri=)",
            "projects/p/topics/t",
            "projects/p/secrets/",
            "sm://",
            "{{resolve:ssm:}}",
            "hunter2",
            "",
            "/",
            null,
            42,
            { SecretUri: "x" },
        ];
        for (const value of notReferences) {
            it(`is not a reference: ${JSON.stringify(value)}`, () => assert.equal(isSecretReference(value), false));
        }
    });

    describe("isKeyVaultReference", () => {
        it("accepts both documented forms, with a version and in any case", () => {
            assert.equal(isKeyVaultReference("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/ab12)"), true);
            assert.equal(isKeyVaultReference("@Microsoft.KeyVault(VaultName=kv;SecretName=db)"), true);
            assert.equal(isKeyVaultReference("@Microsoft.KeyVault(VaultName=kv;SecretName=db;SecretVersion=ab12)"), true);
            assert.equal(isKeyVaultReference(" @microsoft.keyvault(secreturi=https://kv.vault.azure.net/secrets/db) "), true);
        });
        it("rejects other references and broken ones", () => {
            assert.equal(isKeyVaultReference("arn:aws:secretsmanager:us-east-1:123456789012:secret:db"), false);
            assert.equal(isKeyVaultReference("projects/p/secrets/s"), false);
            assert.equal(isKeyVaultReference("@Microsoft.KeyVault(SecretUri=kv/db)"), false);
            assert.equal(isKeyVaultReference("@Microsoft.KeyVault(VaultName=kv)"), false);
            assert.equal(isKeyVaultReference("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db"), false);
            assert.equal(isKeyVaultReference(undefined), false);
        });
    });

    describe("known formats, whatever the name", () => {
        check([
            ["CONFIG", PEM, "private key"],
            ["GOOGLE_CREDENTIALS_JSON", `{"type":"service_account","private_key":"${PEM.replace(/\n/g, "\\n")}"}`, "Google Cloud service account key"],
            ["AWS_ACCESS_KEY_ID", AWS_KEY_ID, "AWS access key ID"],
            ["CONFIG", `key ${j("ASIA", "Y34FZKBOKMUTVV7A")} here`, "AWS access key ID"],
            ["CONFIG", `[default]\naws_access_key=x\naws_secret_access_key = ${AWS_SECRET}\n`, "AWS secret access key"],
            ["GH", GITHUB, "GitHub token"],
            ["CONFIG", GITHUB_FINE, "GitHub token"],
            ["CI", GITLAB, "GitLab token"],
            ["NPMRC", `//registry.npmjs.org/:_authToken=${NPM}`, "npm token"],
            ["SLACK_WEBHOOK_URL", SLACK_HOOK, "Slack webhook URL"],
            ["SLACK", SLACK_TOKEN, "Slack token"],
            ["PAYMENTS", STRIPE, "Stripe secret key"],
            ["MAPS_URL", `https://maps.googleapis.com/maps/api/js?key=${GOOGLE}`, "Google API key"],
            ["HEADER", `Bearer ${JWT}`, "JSON Web Token"],
            ["AzureWebJobsStorage", STORAGE, "Azure account key"],
            ["BUS", SERVICE_BUS, "Azure shared access key"],
            ["BLOB_URL", SAS, "SAS token"],
            ["DATABASE_URL", "postgres://app:s3cr3t@db.internal:5432/app", "password in a URL"],
            ["REDIS_URL", "rediss://:hunter2@cache.internal:6380", "password in a URL"],
            ["MONGO", "mongodb+srv://app:p%40ss@cluster0.mongodb.net/db", "password in a URL"],
            ["JDBC", "jdbc:postgresql://db/app?user=app&password=hunter2", "password in a URL"],
            ["SQL", "Server=tcp:db.database.windows.net;Database=app;User ID=app;Password=hunter2;", "password in a connection string"],
            ["MYSQL", "Server=db;Uid=app;Pwd='hunter 2'", "password in a connection string"],
        ]);
    });

    describe("format near-misses", () => {
        check([
            ["CONFIG", "-----BEGIN PUBLIC KEY-----\nMIIB...", undefined],
            ["CONFIG", "-----BEGIN CERTIFICATE-----\nMIIB...", undefined],
            ["AWS_REGION", "us-east-1", undefined],
            ["CONFIG", j("AKIA", "SHORT"), undefined],
            ["CONFIG", j("XAKIA", "IOSFODNN7EXAMPLEX"), undefined],
            ["IMAGE_DIGEST", AWS_SECRET, undefined],
            ["IMAGE_DIGEST", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", undefined],
            ["COMMIT_SHA", "da39a3ee5e6b4b0d3255bfef95601890afd80709", undefined],
            ["CONFIG", "ghp_short", undefined],
            ["STRIPE_PUBLISHABLE_KEY", "pk_live_51Habcdefghijklmnopqrstuvwx", undefined],
            ["CONFIG", "sk_live_", undefined],
            ["CONFIG", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", undefined],
            ["HOMEPAGE", "https://example.com", undefined],
            ["DATABASE_URL", "postgres://app@db.internal:5432/app", undefined],
            ["DATABASE_URL", "postgres://app:@db.internal/app", undefined],
            ["DATABASE_URL", "postgres://app:${DB_PASSWORD}@db.internal/app", undefined],
            ["DATABASE_URL", "postgres://app:****@db.internal/app", undefined],
            ["API", "https://api.example.com:8443/v1?x=a@b", undefined],
            ["SQL", "Server=db;Database=app;User ID=app;Password=;", undefined],
            ["SQL", "Server=db;Database=app;Password=\"\"", undefined],
            ["SQL", "Server=db;Password=${SQL_PASSWORD}", undefined],
            ["SQL", "Server=tcp:db.database.windows.net,1433;Database=app;Authentication=Active Directory Managed Identity", undefined],
            ["AzureWebJobsStorage", "UseDevelopmentStorage=true", undefined],
            ["AzureWebJobsStorage__accountName", "acct", undefined],
            ["BUS", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send", undefined],
            ["SIGNATURE_MODE", "sig=", undefined],
            ["REQUEST_ID", UUID, undefined],
            ["LOG_LEVEL", "debug", undefined],
            ["PWD", "/var/task", undefined],
        ]);
    });

    describe("public-by-design keys and secret-free settings, before any name rule", () => {
        check([
            ["STRIPE_PUBLISHABLE_KEY", j("pk", "_live_", "51Habcdefghijklmnopqrstuvwx"), undefined],
            ["STRIPE_KEY", j("pk", "_test_", "51Habcdefghijklmnopqrstuvwx"), undefined],
            ["MAPBOX_ACCESS_TOKEN", j("pk.", "eyJ1IjoiYWNtZSIsImEiOiJjbDBhYmMifQ", ".", "AbCdEfGhIjKlMnOpQrStUv"), undefined],
            ["POSTHOG_API_KEY", j("phc", "_", "a1B2c3D4".repeat(5), "e5F"), undefined],
            ["AzureWebJobsStorage__credential", "managedidentity", undefined],
            ["ServiceBusConnection__credential", "ManagedIdentity", undefined],
            ["STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true", undefined],
            // the same words elsewhere are no exemption
            ["DB_CREDENTIAL", "managedidentity2", "secret-looking name with a literal value"],
            ["MAPBOX_SECRET", j("sk.", "eyJ1IjoiYWNtZSIsImEiOiJjbDBhYmMifQ", ".", "AbCdEfGhIjKlMnOpQrStUv"), "Mapbox secret token"],
            ["CONFIG", `${j("pk", "_live_", "51Habcdefghijklmnopqrstuvwx")} ${STRIPE}`, "Stripe secret key"],
        ]);
    });

    describe("shapes", () => {
        const redisKey = j("c2VjcmV0LWtleS1mb3I", "tdGVzdHMtb25seS0xMjM0NTY=");
        check([
            ["REDIS", `orders.redis.cache.windows.net:6380,password=${redisKey},ssl=True,abortConnect=False`, "password in a connection string"],
            ["REDIS_CONNECTION_STRING", "orders.redis.cache.windows.net:6380,ssl=True,abortConnect=False", undefined],
            ["REDIS_CONNECTION_STRING", "orders.redis.cache.windows.net:6380,password=${REDIS_KEY},ssl=True", undefined],
            // host names are any case
            ["REDIS_CONNECTION_STRING", "Orders-Cache.redis.cache.windows.net:6380,ssl=True,abortConnect=False", undefined],
            ["DB_SECRET_HOST", "Orders-DB.Internal.Example.COM", undefined],
            ["REDIS", `Orders.Redis.Cache.Windows.Net:6380,password=${redisKey},ssl=True`, "password in a connection string"],
            ["ALERTS_URL", j("https://discord.com/api/webhooks/", "1234567890123456789/", "aB3".repeat(22), "xy"), "Discord webhook URL"],
            ["GOOGLE_CREDENTIALS_B64", Buffer.from(`{"type": "service_account", "private_key": "${PEM}"}`).toString("base64"), "Google Cloud service account key"],
            ["SIGNING_KEY_B64", Buffer.from(PEM).toString("base64"), "private key"],
            ["CONFIG_B64", Buffer.from(JSON.stringify({ type: "service_account_config", owners: ["team"], limits: { rps: 50, burst: 100 } })).toString("base64"), undefined],
            ["DD_APP_KEY", "0123456789abcdef0123456789abcdef01234567", "secret-looking name with a literal value"],
            ["AZURE_DEVOPS_PAT", "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", "secret-looking name with a literal value"],
            ["COSMOS_KEY", ACCOUNT_KEY, "secret-looking name with a literal value"],
            ["COSMOS_PUBLIC_KEY", "abc", undefined],
            ["AWS_KMS_KEY", "alias/orders", undefined],
            ["AZURE_KEYVAULT_KEY", "orders-cmk", undefined],
            // a New Relic license key is 40 characters too: its own kind, not an AWS key
            ["NEW_RELIC_LICENSE_KEY", j("0123456789abcdef0123456789abcdef0123", "NRAL"), "New Relic key"],
        ]);
    });

    describe("secretsInCode", () => {
        it("finds formats in code with their lines, never names", () => {
            const code = ["const a = 1;", `const token = "${SLACK_TOKEN}";`, "const password = \"hunter2\";", `const conn = "${STORAGE}";`].join("\n");
            assert.deepEqual(secretsInCode(code), [{ kind: "Slack token", line: 2 }, { kind: "Azure account key", line: 4 }]);
        });
        it("does not take code syntax for credentials", () => {
            const code = [
                "const url = `postgres://${user}:${password}@${host}/db`;",
                "const q = \"?password=\" + encodeURIComponent(password);",
                "const c = `Server=${host};Database=app;Password=${password};`;",
                "const k = \"AccountKey=\" + key + \";\";",
                "const password = process.env.DB_PASSWORD; const options = { accountKey: accountKey };",
            ].join("\n");
            assert.deepEqual(secretsInCode(code), []);
        });
        it("stops at the cap and survives odd input", () => {
            assert.equal(secretsInCode(`${GITHUB}\n`.repeat(100)).length, MAX_CODE_FINDINGS);
            for (const odd of [undefined, null, 42, {}, "", "\uD800"]) {
                assert.deepEqual(secretsInCode(odd), []);
            }
        });
    });

    describe("references are never secrets", () => {
        check([
            ["DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", undefined],
            ["SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", undefined],
            ["API_KEY", "{{resolve:ssm-secure:/prod/api-key}}", undefined],
            ["DB_PASSWORD", "/prod/db/password", undefined],
            ["ClientSecret", "@Microsoft.KeyVault(VaultName=kv;SecretName=client-secret)", undefined],
            ["DB_PASSWORD", "projects/p/secrets/db/versions/latest", undefined],
            ["DB_PASSWORD", "sm://p/db", undefined],
        ]);
    });

    describe("secret-looking names with literal values", () => {
        check([
            ["DB_PASSWORD", "hunter2!", "secret-looking name with a literal value"],
            ["STRIPE_API_KEY", "abc123xyz", "secret-looking name with a literal value"],
            ["dbPassword", "hunter2", "secret-looking name with a literal value"],
            ["ClientSecret", "Qx7~abc", "secret-looking name with a literal value"],
            ["dbpassword", "hunter2", "secret-looking name with a literal value"],
            ["githubtoken", "abc", "secret-looking name with a literal value"],
            ["X-API-Key", "abc", "secret-looking name with a literal value"],
            ["APIKey", "abc", "secret-looking name with a literal value"],
            ["SMTP_PASS", "abc", "secret-looking name with a literal value"],
            ["JWT_SECRET", "changeme", "secret-looking name with a literal value"],
            ["SECRET_KEY_BASE", "abcdef", "secret-looking name with a literal value"],
            ["SESSION_SECRETS", "a,b", "secret-looking name with a literal value"],
            ["GOOGLE_APPLICATION_CREDENTIALS_JSON", "{\"type\":\"service_account\"}", "secret-looking name with a literal value"],
            ["SERVICE_ACCOUNT_KEY", "abc", "secret-looking name with a literal value"],
            ["DB_CONN_STR", "Server=db;Token=abc", "secret-looking name with a literal value"],
            ["ConnectionStrings__Default", "Server=db;ClientSecret=abc", "secret-looking name with a literal value"],
            ["SENTRY_DSN", "hunter2", "secret-looking name with a literal value"],
            ["STORAGE_SAS", "abcdefgh", "secret-looking name with a literal value"],
            ["API_KEY", UUID, "secret-looking name with a literal value"],
            ["WEBHOOK_SECRET", "https://example.com/hook?token=abc123", "secret-looking name with a literal value"],
            ["DB_PASSWORD_2", "hunter2", "secret-looking name with a literal value"],
            ["DB_PASSWORD", "hunter2.foo", "secret-looking name with a literal value"],
            ["AWS_SECRET_ACCESS_KEY", AWS_SECRET, "AWS secret access key"],
            ["S3_SECRET_KEY", AWS_SECRET, "AWS secret access key"],
            // 40 mixed characters are an AWS key only where the name says AWS
            ["secretKey", AWS_SECRET, "secret-looking name with a literal value"],
        ]);
    });

    describe("settings and non-secret values under secret-looking names", () => {
        check([
            ["TOKEN_TTL", "3600", undefined],
            ["TOKEN_TTL", 3600, undefined],
            ["PASSWORD_MIN_LENGTH", "12", undefined],
            ["JWT_SECRET_NAME", "prod/jwt", undefined],
            ["AUTH_TOKEN_URL", "https://login.example.com/oauth2/token", undefined],
            ["ACCESS_KEY_ID", "someid", undefined],
            ["PASSWORD_POLICY", "strict", undefined],
            ["TOKEN_TYPE", "Bearer", undefined],
            ["SECRETS_MANAGER_ENDPOINT", "secretsmanager.us-east-1.amazonaws.com", undefined],
            ["JWT_ISSUER", "https://issuer.example.com", undefined],
            ["API_KEY_HEADER", "x-api-key", undefined],
            ["DB_PASSWORD_FILE", "/run/secrets/db", undefined],
            ["ENABLE_TOKEN", "true", undefined],
            ["TOKEN_EXPIRES_IN", "1h", undefined],
            ["SESSION_TOKEN_LIFESPAN", "PT30M", undefined],
            ["TOKEN_REFRESH", "30s", undefined],
            ["TOKEN_LEEWAY", "1h30m", undefined],
            ["DB_PASSWORD", "", undefined],
            ["DB_PASSWORD", "   ", undefined],
            ["DB_PASSWORD", "${DB_PASSWORD}", undefined],
            ["DB_PASSWORD", "$(DB_PASSWORD)", undefined],
            ["DB_PASSWORD", "prefix-${DB_PASSWORD}", undefined],
            ["DB_PASSWORD", "%DB_PASSWORD%", undefined],
            ["DB_PASSWORD", "<your-password>", undefined],
            ["DB_PASSWORD", "null", undefined],
            ["DB_PASSWORD", true, undefined],
            ["DB_PASSWORD", 1234, undefined],
            ["KMS_SECRET_KEY", "arn:aws:kms:us-east-1:123456789012:key/abc", undefined],
            ["SECRET", "https://example.com", undefined],
            ["SECRET_HOST", "db.internal", undefined],
            ["DB_PASSWORD", "localhost:5432", undefined],
            ["APPLICATIONINSIGHTS_CONNECTION_STRING", `InstrumentationKey=${UUID};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`, undefined],
            ["DB_CONNECTION_STRING", "Server=tcp:db.database.windows.net;Database=app;Authentication=Active Directory Default", undefined],
            ["SENTRY_DSN", "https://abc123@o1.ingest.sentry.io/42", undefined],
            ["PASSENGER_COUNT", "abc", undefined],
            ["BYPASS_CACHE", "abc", undefined],
            ["SECRETARY_EMAIL", "a@example.com", undefined],
            ["PARTITION_KEY", "abc", undefined],
            ["PUBLIC_KEY", "abc", undefined],
            ["DB_PASSWORD_ENCRYPTED", "AQICAHh...", undefined],
        ]);
    });

    describe("looksLikeSecretName", () => {
        const secret = ["DB_PASSWORD", "dbPassword", "ClientSecret", "client.secret", "auth:token", "API_KEY", "ApiKey",
            "apikey", "PRIVATE_KEY", "SigningKey", "CONNECTION_STRING", "ConnStr", "CONN_STR", "CREDENTIALS",
            "AUTH_KEY", "MasterKey", "SAS_TOKEN", "DSN", "PASSPHRASE", "PWD", "db2Password", "OAuth2Token"];
        for (const name of secret) {
            it(`${name} looks secret`, () => assert.equal(looksLikeSecretName(name), true));
        }
        const notSecret = ["TOKEN_TTL", "PASSWORD_MIN_LENGTH", "JWT_SECRET_NAME", "AUTH_TOKEN_URL", "ACCESS_KEY_ID",
            "SECRET_ARN", "SECRET_ID", "TOKEN_EXPIRY", "SECRET_ROTATION", "PASSWORD_MAX", "SECRET_VERSION",
            "TOKEN_ISSUER", "TOKEN_AUDIENCE", "LOG_LEVEL", "REGION", "KEY", "CACHE_KEY", "", "TOKENIZER_MODEL"];
        for (const name of notSecret) {
            it(`${name || "(empty)"} does not look secret`, () => assert.equal(looksLikeSecretName(name), false));
        }
        it("never looks secret for non-strings", () => {
            for (const name of [null, undefined, 1, {}, ["DB_PASSWORD"]]) {
                assert.equal(looksLikeSecretName(name), false);
            }
        });
    });

    describe("isSecretLikeValue", () => {
        it("accepts literals and rejects settings-like values", () => {
            for (const v of ["hunter2", "abc123xyz", UUID, "p@ss word", "hunter2.foo"]) {
                assert.equal(isSecretLikeValue(v), true, v);
            }
            for (const v of ["", " ", "3600", "-1.5e3", "true", "OFF", "30s", "1h", "500 ms", "512Mi", "PT1H",
                "${X}", "{{ .Values.x }}", "https://example.com/a?b=c", "db.example.com", "10.0.0.1:5432",
                "arn:aws:iam::123456789012:role/x", "/a/b", 42, true, null, {}]) {
                assert.equal(isSecretLikeValue(v), false, String(v));
            }
        });
    });

    describe("options", () => {
        it("extraNamePatterns: substrings and globs, case-insensitive", () => {
            const options = { extraNamePatterns: ["seed", "*_PIN", "app*cfg*blob"] };
            assert.equal(detectSecret("WALLET_SEED", "abandon abandon", options), "secret-looking name with a literal value");
            assert.equal(detectSecret("walletSeed", "abandon", options), "secret-looking name with a literal value");
            assert.equal(detectSecret("CARD_PIN", "x9y8", options), "secret-looking name with a literal value");
            assert.equal(detectSecret("APP_CFG_BLOB", "abc", options), "secret-looking name with a literal value");
            assert.equal(detectSecret("WALLET_SEED", "abandon"), undefined);
            assert.equal(detectSecret("PIN_CODE", "x9y8", options), undefined);
            assert.equal(detectSecret("APP_BLOB_CFG", "abc", options), undefined);
        });
        it("extra substring patterns still exempt settings; globs are taken as is", () => {
            assert.equal(detectSecret("WALLET_SEED_LENGTH", "twelve", { extraNamePatterns: ["seed"] }), undefined);
            assert.equal(detectSecret("WALLET_SEED_LENGTH", "twelve", { extraNamePatterns: ["*_SEED_*"] }),
                "secret-looking name with a literal value");
        });
        it("ignoreNames: exact, case-insensitive, also for formats", () => {
            const options = { ignoreNames: ["db_password", "TEST_JWT"] };
            assert.equal(detectSecret("DB_PASSWORD", "hunter2", options), undefined);
            assert.equal(detectSecret("test_jwt", JWT, options), undefined);
            assert.equal(detectSecret("DB_PASSWORD_OLD", "hunter2", options), "secret-looking name with a literal value");
            assert.equal(looksLikeSecretName("Db_Password", options), false);
        });
        it("judges a name by the options it comes with, whatever was judged before and however many names", () => {
            const seed = { extraNamePatterns: ["seed"] };
            assert.equal(detectSecret("WALLET_SEED", "abandon"), undefined);
            assert.equal(detectSecret("WALLET_SEED", "abandon", seed), "secret-looking name with a literal value");
            assert.equal(detectSecret("WALLET_SEED", "abandon", { extraNamePatterns: ["seed"] }), "secret-looking name with a literal value");
            assert.equal(detectSecret("WALLET_SEED", "abandon"), undefined);
            // Past the bound on names remembered, verdicts are the same.
            for (let i = 0; i < 10_000; i++) {
                looksLikeSecretName(`SETTING_${i}`, seed);
            }
            assert.equal(detectSecret("WALLET_SEED", "abandon", seed), "secret-looking name with a literal value");
            assert.equal(detectSecret("DB_PASSWORD", "hunter2", seed), "secret-looking name with a literal value");
            assert.equal(detectSecret("TOKEN_TTL", "hunter2", seed), undefined);
        });
        it("skips malformed options instead of throwing", () => {
            const malformed: unknown[] = [
                "junk", 42, null, [], { extraNamePatterns: "seed" }, { ignoreNames: "DB_PASSWORD" },
                { extraNamePatterns: [null, 42, {}, "", "   ", "x".repeat(10_000)], ignoreNames: [undefined, 7] },
                { get extraNamePatterns(): string[] { throw new Error("boom"); } },
                new Proxy({}, { get() { throw new Error("boom"); } }),
            ];
            for (const options of malformed) {
                assert.equal(detectSecret("DB_PASSWORD", "hunter2", options as never), "secret-looking name with a literal value");
                assert.equal(detectSecret("WALLET_SEED", "abandon", options as never), undefined);
            }
            const mixed = { extraNamePatterns: [null, "seed"], ignoreNames: [42, "API_KEY"] } as never;
            assert.equal(detectSecret("WALLET_SEED", "abandon", mixed), "secret-looking name with a literal value");
            assert.equal(detectSecret("API_KEY", "abc", mixed), undefined);
        });
    });

    describe("odd inputs", () => {
        it("ignores non-string values", () => {
            for (const value of [null, undefined, 0, 1234, true, false, 10n, Symbol("s"), {}, [], ["hunter2"],
                { value: "hunter2" }, () => "hunter2", new String("hunter2")]) {
                assert.equal(detectSecret("DB_PASSWORD", value), undefined);
            }
        });
        it("does not judge the engine's preview unknown", () => {
            assert.equal(detectSecret("DB_PASSWORD", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"), undefined);
        });
        it("survives non-string names and weird unicode", () => {
            assert.equal(detectSecret(null as never, GITHUB), "GitHub token");
            assert.equal(detectSecret({} as never, "hunter2"), undefined);
            for (const s of ["\uD800", "\uDFFF\uD800", "🔑🔑", "\u202Epassword", "\u200B", "\u0000", "ß", "İ"]) {
                assert.doesNotThrow(() => detectSecret(`DB_PASSWORD${s}`, `x${s}y`));
                assert.doesNotThrow(() => detectSecret(s, s));
                assert.doesNotThrow(() => isSecretReference(s));
                assert.doesNotThrow(() => looksLikeSecretName(s));
            }
        });
        it("answers only with fixed kinds, never with the value", () => {
            const values = [PEM, AWS_KEY_ID, GITHUB, SLACK_HOOK, JWT, STORAGE, SAS, "hunter2", `DB:${AWS_SECRET}`];
            for (const value of values) {
                const kind = detectSecret("DB_PASSWORD", value);
                assert.ok(kind !== undefined && (SECRET_KINDS as readonly string[]).includes(kind));
                assert.ok(!kind.includes(value));
            }
        });
    });

    describe("linear time on adversarial input", () => {
        const seeds = ["a", "A", "aA", "1", "=", ":", "@", ";", "/", "-", "_", ".", " ", "\t", "eyJ", "eyJ.", "eyJa.",
            "eyJaaaaa.aa.", "AKIA", "ASIA1", "-----BEGIN ", "-----BEGIN A", "://a:", "a://", "a:b@", "a://a:a",
            "ghp_", "github_pat_", "xoxb-", "xapp-1-", "sk_live_", "AIza", "glpat-", "npm_", "${", "{{", "$(", "%",
            "Password=", ";Password=\"", "pwd= ", "&sig=", "?password=", "AccountKey=", "SharedAccessKey=",
            "aws_secret_access_key=", "{{resolve:ssm:", "@Microsoft.KeyVault(", "projects/", "/a",
            "arn:aws:secretsmanager:", "hooks.slack.com/services/T", "1h", "a.", "a=b;", "\u0000", "🔑", "\uD800"];
        const size = 100_000;
        const boundMs = 2000; // generous: catastrophic backtracking takes seconds to hours on these inputs, linear scans take milliseconds
        const entryPoints: [string, (s: string) => unknown][] = [
            ["detectSecret (secret name)", s => detectSecret("DB_PASSWORD", s)],
            ["detectSecret (plain name)", s => detectSecret("CONFIG", s)],
            ["detectSecret (as name)", s => detectSecret(s, "hunter2", { extraNamePatterns: ["*a*b*c", "seed"] })],
            ["isSecretReference", s => isSecretReference(s)],
            ["isKeyVaultReference", s => isKeyVaultReference(s)],
            ["isSecretLikeValue", s => isSecretLikeValue(s)],
            ["secretsInCode", s => secretsInCode(s)],
            ["looksLikeSecretName", s => looksLikeSecretName(s, { extraNamePatterns: ["*a*a*a*b"] })],
        ];
        for (const [entry, run] of entryPoints) {
            it(`${entry} stays under ${boundMs} ms on ${seeds.length} kinds of ${size}-character strings`, () => {
                for (const seed of seeds) {
                    for (const input of [seed.repeat(Math.ceil(size / seed.length)).slice(0, size), `x ${seed.repeat(size / 20)} ${"b".repeat(size / 2)}`]) {
                        const start = process.hrtime.bigint();
                        run(input);
                        const ms = Number(process.hrtime.bigint() - start) / 1e6;
                        assert.ok(ms < boundMs, `${entry} took ${ms.toFixed(1)} ms on repeated ${JSON.stringify(seed)}`);
                    }
                }
            });
        }
    });
});
