// Organisation rollout, through the launched pack: every policy's config schema is valid JSON
// Schema with defaults, every config key changes behaviour (the table below), the pack's
// initialConfig keeps each policy's level, and the shipped presets match the catalogue.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../policies/catalog";
import { commonConfig } from "../../policies/lib/config";
import { preset, presetNames } from "../../policies/lib/presets";
import { initialConfig } from "../../policies/pack";
import { AnalyzerInfo, Diagnostic, EngineResource, PackClient, UNKNOWN, projectRoot, reconcilePolicyConfig } from "../harness/engine";
import { schemaProblems, validate } from "../harness/jsonSchema";
import { launchServerlessGuard, preview } from "../harness/pack";
import { aws, lambdaTrust, policyJson, secureAwsStack } from "../fixtures/aws";
import { classic, hardenedSiteConfig, native, subnetId } from "../fixtures/azure";
import { gcp, project } from "../fixtures/gcp";

const role = "arn:aws:iam::123456789012:role/app";
const inVpc = { subnetIds: ["subnet-1"], securityGroupIds: ["sg-https"] };
const httpsOut = aws.securityGroup("https-out", {
    vpcId: "vpc-1",
    egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
});

/** A function whose role (linked through propertyDependencies) has one inline policy. */
function withInlinePolicy(...statements: object[]): EngineResource[] {
    const fnRole = aws.role("role", { assumeRolePolicy: lambdaTrust, inlinePolicies: [{ name: "main", policy: policyJson(...statements) }] });
    return [fnRole, aws.function("app", { role: UNKNOWN }, { role: [fnRole] })];
}

/** A function whose role has a managed policy attached by a RolePolicyAttachment. */
function withManagedPolicy(policyArn: string): EngineResource[] {
    const fnRole = aws.role("role", { assumeRolePolicy: lambdaTrust });
    const attachment = aws.rolePolicyAttachment("attach", { role: UNKNOWN, policyArn }, { role: [fnRole] });
    return [fnRole, aws.function("app", { role: UNKNOWN }, { role: [fnRole] }), attachment];
}

/** A 2nd-gen function running as an account outside the stack, granted `role` at project level. */
function withGcpGrant(role: string): EngineResource[] {
    const email = "ext@other.iam.gserviceaccount.com";
    return [
        gcp.functionV2("fn2", { location: "europe-west1", serviceConfig: { serviceAccountEmail: email } }),
        gcp.projectIamMember("grant", { project, role, member: `serviceAccount:${email}` }),
    ];
}

/** A classic Linux Function App with the given extra arguments. */
const classicApp = (extra: object) => classic.linuxFunctionApp("fn", { resourceGroupName: "rg", servicePlanId: "plan", siteConfig: {}, ...extra });

/** One input and one config value under which the policy's findings differ from its defaults. */
interface ConfigCase {
    resources: EngineResource[];
    value: unknown;
}

/**
 * Every config key a policy declares (besides the keys common to all policies, tested with the
 * wrapper), with an input whose findings change when the key takes `value`. A policy key missing
 * here fails the suite: add a row when you add a key.
 */
const configCases: Record<string, Record<string, ConfigCase>> = {
    "azure-functionapp-no-plaintext-secrets": {
        extraSecretNamePatterns: {
            resources: [classicApp({ appSettings: { MY_SEED: "pLk8-Qz7-Rx2-Wv9" } })],
            value: ["*_SEED"],
        },
        ignoreNames: {
            resources: [classicApp({ appSettings: { CLIENT_SECRET: "s3cr3t-Value-9x!" } })],
            value: ["client_secret"],
        },
    },
    "azure-functionapp-vnet-route-all": {
        requireAllTrafficRouting: {
            resources: [classicApp({ virtualNetworkSubnetId: subnetId })],
            value: true,
        },
    },
    "azure-functionapp-ftp-disabled": {
        allowFtpsOnly: {
            resources: [native.webApp("app", { resourceGroupName: "rg", kind: "functionapp", siteConfig: { ...hardenedSiteConfig(), ftpsState: "FtpsOnly" } })],
            value: true,
        },
    },
    "gcp-serverless-sa-no-privileged-roles": {
        extraForbiddenRoles: {
            resources: withGcpGrant("roles/secretmanager.secretAccessor"),
            value: ["roles/secretmanager.secretAccessor"],
        },
        allowedRoles: {
            resources: withGcpGrant(`projects/${project}/roles/ordersAdmin`),
            value: [`projects/${project}/roles/ordersAdmin`],
        },
    },
    "gcp-serverless-env-no-plaintext-secrets": {
        extraSecretNamePatterns: {
            resources: [gcp.functionV1("fn1", { runtime: "nodejs22", environmentVariables: { WALLET_SEED: "correct horse battery staple" } })],
            value: ["seed"],
        },
        ignoreNames: {
            resources: [gcp.functionV1("fn1", { runtime: "nodejs22", environmentVariables: { DB_PASSWORD: "s3cr3t-Passw0rd!" } })],
            value: ["DB_PASSWORD"],
        },
    },
    "aws-lambda-role-no-service-wildcard": {
        allowedServices: {
            resources: withInlinePolicy({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bucket/*" }),
            value: ["s3"],
        },
    },
    "aws-lambda-role-no-admin-managed-policy": {
        acceptedManagedPolicies: {
            resources: withManagedPolicy("arn:aws:iam::aws:policy/PowerUserAccess"),
            value: ["PowerUserAccess"],
        },
    },
    "aws-lambda-role-scoped-resources": {
        acceptedActions: {
            resources: withInlinePolicy({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }),
            value: ["dynamodb:GetItem"],
        },
    },
    "aws-lambda-env-no-plaintext-secrets": {
        extraSecretNamePatterns: {
            resources: [aws.function("api", { role, environment: { variables: { WALLET_SEED: "abandon-ability-able" } } })],
            value: ["seed"],
        },
        ignoreNames: {
            resources: [aws.function("api", { role, environment: { variables: { DB_PASSWORD: "hunter2-but-longer" } } })],
            value: ["DB_PASSWORD"],
        },
    },
    "aws-lambda-sg-no-public-egress": {
        allowedPublicPorts: {
            resources: [httpsOut, aws.function("api", { role, vpcConfig: inVpc }, { vpcConfig: [httpsOut] })],
            value: [443],
        },
    },
    "aws-lambda-runtime-supported": {
        extraDeprecatedRuntimes: {
            resources: [aws.function("api", { role, runtime: "python3.13" })],
            value: ["python3.13"],
        },
    },
    "aws-lambda-layers-trusted-accounts": {
        trustedLayerAccounts: {
            resources: [aws.function("api", { role, layers: ["arn:aws:lambda:eu-west-1:999999999999:layer:x:1"] })],
            value: ["999999999999"],
        },
    },
};

const commonKeys = new Set(Object.keys(commonConfig));
const ownKeys = (schema: AnalyzerInfo["policies"][number]["configSchema"]) =>
    Object.keys(schema?.properties ?? {}).filter(key => !commonKeys.has(key));
const findingsOf = (diagnostics: Diagnostic[], policy: string) =>
    diagnostics.filter(d => d.policyName === policy).map(d => `${d.enforcementLevel}: ${d.message}`).sort();
const topLevel = (schema: AnalyzerInfo["policies"][number]["configSchema"]) =>
    ({ type: "object", properties: schema?.properties ?? {}, required: schema?.required ?? [] });

describe("rollout: config, initialConfig and presets through the engine", () => {
    let pack: PackClient;
    let info: AnalyzerInfo;

    before(async () => {
        pack = await launchServerlessGuard();
        info = await pack.getAnalyzerInfo();
    });

    after(async () => {
        await pack?.close();
    });

    it("serves every policy of the catalogue", () => {
        assert.deepEqual(info.policies.map(p => p.name), policies.map(p => p.name));
    });

    it("gives every policy a well-formed JSON schema whose keys all have a default and a description", () => {
        for (const policy of info.policies) {
            assert.ok(policy.configSchema, `${policy.name} has no config schema`);
            assert.deepEqual(schemaProblems(topLevel(policy.configSchema)), [], policy.name);
            for (const [key, schema] of Object.entries(policy.configSchema.properties)) {
                assert.ok(typeof schema === "object" && schema !== null && "default" in schema, `${policy.name}.${key} has no default`);
                assert.equal(typeof (schema as { description?: unknown }).description, "string", `${policy.name}.${key} has no description`);
            }
            for (const key of commonKeys) {
                assert.deepEqual(policy.configSchema.properties[key], JSON.parse(JSON.stringify(commonConfig[key])), `${policy.name}.${key}`);
            }
        }
    });

    it("sends initialConfig with every policy's own level (explicit) and its defaults", () => {
        for (const policy of info.policies) {
            const entry = info.initialConfig[policy.name];
            assert.ok(entry, `${policy.name} missing from initialConfig`);
            assert.equal(entry.enforcementLevel, policy.enforcementLevel, policy.name);
            const defaults = Object.fromEntries(Object.entries(policy.configSchema!.properties)
                .map(([key, schema]) => [key, (schema as { default: unknown }).default]));
            assert.deepEqual(entry.properties, defaults, policy.name);
        }
        assert.deepEqual(Object.keys(initialConfig), info.policies.map(p => p.name), "the builder the tests import is what the pack sends");
    });

    it("reconciles like the CLI into config that satisfies each schema (defaults, presets)", async () => {
        for (const config of [{}, ...presetNames.map(name => preset(name, policies))]) {
            const reconciled = reconcilePolicyConfig(info, config);
            for (const policy of info.policies) {
                assert.notEqual(reconciled[policy.name].enforcementLevel, "", policy.name);
                assert.deepEqual(validate(reconciled[policy.name].properties, topLevel(policy.configSchema)), [], policy.name);
            }
            await pack.configure(config);
        }
    });

    it("has a behaviour case for every config key a policy declares, and no stale rows", () => {
        const missing: string[] = [];
        for (const policy of info.policies) {
            for (const key of ownKeys(policy.configSchema)) {
                if (!configCases[policy.name]?.[key]) {
                    missing.push(`${policy.name}.${key}`);
                }
            }
        }
        assert.deepEqual(missing, [], "config keys without a row in configCases (test/engine/config.test.ts)");
        for (const [name, cases] of Object.entries(configCases)) {
            const policy = info.policies.find(p => p.name === name);
            assert.ok(policy, `configCases names ${name}, which the pack does not have`);
            assert.deepEqual(Object.keys(cases).filter(key => !ownKeys(policy.configSchema).includes(key)), [], name);
        }
    });

    for (const [policyName, cases] of Object.entries(configCases)) {
        for (const [key, { resources, value }] of Object.entries(cases)) {
            it(`${policyName}: config ${key} changes the findings`, async () => {
                const policy = info.policies.find(p => p.name === policyName)!;
                assert.deepEqual(validate(value, policy.configSchema!.properties[key]), [], "the case's value satisfies the schema");
                await pack.configure({});
                const byDefault = findingsOf(await preview(pack, resources), policyName);
                await pack.configure({ [policyName]: { [key]: value } });
                const configured = findingsOf(await preview(pack, resources), policyName);
                assert.notDeepEqual(configured, byDefault, `${key} = ${JSON.stringify(value)} changed nothing`);
            });
        }
    }

    it("lets a config file override the code defaults: levels per policy and for all", async () => {
        const fn = aws.function("api", { role });
        await pack.configure({});
        const tracing = (d: Diagnostic[]) => d.filter(x => x.policyName === "aws-lambda-tracing-enabled").map(x => x.enforcementLevel);
        assert.deepEqual(tracing(await preview(pack, [fn])), ["advisory"]);
        await pack.configure({ "aws-lambda-tracing-enabled": { enforcementLevel: "mandatory" } });
        assert.deepEqual(tracing(await preview(pack, [fn])), ["mandatory"]);
        await pack.configure({ all: { enforcementLevel: "advisory" } });
        const levels = new Set((await preview(pack, [fn])).map(d => d.enforcementLevel));
        assert.deepEqual([...levels], ["advisory"]);
        await pack.configure({ all: { enforcementLevel: "disabled" }, "aws-lambda-vpc-attached": { enforcementLevel: "mandatory" } });
        assert.deepEqual([...new Set((await preview(pack, [fn])).map(d => d.policyName))], ["aws-lambda-vpc-attached"]);
    });

    it("advisory preset: findings everywhere, none mandatory; strict preset: mandatory, hardening as chosen", async () => {
        const insecure = [aws.function("api", { role, runtime: "nodejs14.x" })];
        await pack.configure(preset("advisory", policies));
        const audit = await preview(pack, insecure);
        assert.ok(audit.length > 3);
        assert.deepEqual([...new Set(audit.map(d => d.enforcementLevel))], ["advisory"]);
        await pack.configure(preset("strict", policies));
        const strict = await preview(pack, insecure);
        const levelOf = (name: string) => strict.find(d => d.policyName === name)?.enforcementLevel;
        assert.equal(levelOf("aws-lambda-vpc-attached"), "mandatory");
        assert.equal(levelOf("aws-lambda-runtime-supported"), "mandatory");
        assert.equal(levelOf("aws-lambda-tracing-enabled"), "mandatory");
        assert.equal(levelOf("aws-lambda-reserved-concurrency"), "advisory");
        // The secure example's only gap under strict is tracing (hardening the seeds leave advisory).
        const secure = await preview(pack, secureAwsStack());
        const blocking = new Set(secure.filter(d => d.enforcementLevel === "mandatory").map(d => d.policyName));
        assert.deepEqual([...blocking], ["aws-lambda-tracing-enabled"]);
    });
});

describe("rollout: the committed presets", () => {
    for (const name of presetNames) {
        it(`presets/${name}.json covers exactly the catalogue's policies and is up to date (else: npm run generate)`, () => {
            const file = JSON.parse(fs.readFileSync(path.join(projectRoot(), "presets", `${name}.json`), "utf8"));
            assert.deepEqual(Object.keys(file).sort(), policies.map(p => p.name).sort());
            assert.deepEqual(file, preset(name, policies));
        });
    }
});
