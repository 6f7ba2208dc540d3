// What the audit sends the pack for a stack export: what `pulumi policy analyze` sends.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { decodeText } from "../../cli/inputs";
import { OPAQUE_SECRET, StackExport, parseStackExport, urnLines, urnName, urnType } from "../../cli/stackExport";
import { SECRET_SIG, SIG_KEY, projectRoot } from "../harness/engine";

const fixture = (name: string) => fs.readFileSync(path.join(projectRoot(), "test", "fixtures", "exports", `${name}.json`), "utf8");
const text = fixture("insecure-stack");
const stack = parseStackExport(text);
const all = (s: StackExport, which: "analyzeResource" | "stackResource") => s.resources.map((_, i) => s[which](i));
const byName = (list: { name: string }[], name: string) => list.find(r => r.name === name) as any;

/** A minimal export around `resources`. */
const exportOf = (resources: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ version: 3, deployment: { manifest: {}, resources }, ...extra });
const STACK_URN = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev";
const root = { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: {} };

describe("stack export reading", () => {
    it("names the stack organization/project/stack: the organization from a Pulumi Cloud export, else --org or \"organization\"", () => {
        assert.equal(stack.name, "organization/orders-app/prod");
        assert.equal(stack.stackUrn, "urn:pulumi:prod::orders-app::pulumi:pulumi:Stack::orders-app-prod");
        const cloud = exportOf([root], {});
        const withOwner = JSON.parse(cloud);
        withOwner.deployment.secrets_providers = { type: "service", state: { url: "https://api.pulumi.com", owner: "acme", project: "shop", stack: "dev" } };
        assert.equal(parseStackExport(JSON.stringify(withOwner), { organization: "ignored" }).name, "acme/shop/dev");
        assert.equal(parseStackExport(cloud, { organization: "platform" }).name, "platform/shop/dev");
        assert.equal(urnName("urn:pulumi:s::p::a:b:C$d:e:F::name::with::colons"), "name::with::colons");
        assert.equal(urnType("urn:pulumi:s::p::a:b:C$d:e:F::name"), "d:e:F");
    });

    it("sends every live resource to Remediate/Analyze with its state's inputs: providers, components and the stack too", () => {
        assert.deepEqual(stack.resources.map(r => r.name),
            ["orders-app-prod", "default_7_0_0", "orders-api", "orders-role", "orders-sg", "orders", "audit-log", "orders-url", "s3-invoke"]);
        const fn = byName(all(stack, "analyzeResource"), "orders");
        assert.equal(fn.properties.arn, undefined, "outputs are not inputs");
        assert.equal(fn.parent, "urn:pulumi:prod::orders-app::orders:service:Api::orders-api");
        assert.equal(fn.propertyDependencies, undefined, "Analyze carries no dependencies");
        assert.deepEqual(fn.options, {
            protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [],
            customTimeouts: { create: 600, update: undefined, delete: undefined },
        }, "the options policy analyze sends (no deleteBeforeReplace from state)");
        assert.deepEqual(fn.provider, {
            type: "pulumi:providers:aws", name: "default_7_0_0", urn: "urn:pulumi:prod::orders-app::pulumi:providers:aws::default_7_0_0",
            properties: { region: "eu-west-1", skipCredentialsValidation: "false", version: "7.0.0" },
        });
    });

    it("sends every live resource to AnalyzeStack with its state's outputs only, with parent and dependencies", () => {
        const resources = all(stack, "stackResource");
        assert.equal(resources.length, 9, "the old copy pending deletion is left out");
        const fn = byName(resources, "orders");
        assert.equal(fn.properties.arn, "arn:aws:lambda:eu-west-1:123456789012:function:orders-9f8e7d");
        assert.equal(fn.properties.runtime, "nodejs22.x");
        assert.deepEqual(fn.propertyDependencies.role, ["urn:pulumi:prod::orders-app::orders:service:Api$aws:iam/role:Role::orders-role"]);
        const withInputOnly = parseStackExport(exportOf([root, {
            urn: "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::b", custom: true, type: "aws:s3/bucket:Bucket",
            inputs: { onlyAnInput: true }, outputs: { arn: "arn:aws:s3:::b" },
        }]));
        assert.deepEqual(withInputOnly.stackResource(1).properties, { arn: "arn:aws:s3:::b" }, "outputs are not overlaid on inputs");
        assert.deepEqual(withInputOnly.analyzeResource(1).properties, { onlyAnInput: true });
    });

    it("turns export secrets into engine secrets: the plaintext when exported, else an opaque known value; byte strings into text", () => {
        const variables = byName(all(stack, "analyzeResource"), "orders").properties.environment.variables;
        assert.deepEqual(variables.DB_PASSWORD, { [SIG_KEY]: SECRET_SIG, value: "planted-plaintext-hunter2" });
        assert.deepEqual(variables.API_TOKEN, { [SIG_KEY]: SECRET_SIG, value: OPAQUE_SECRET });
        assert.equal(variables.TABLE_NAME, "orders");
        const bytes = parseStackExport(JSON.stringify({ version: 4, features: ["byteString"], deployment: { resources: [{
            ...root, outputs: { b: { [SIG_KEY]: "803fd3297a5875dc03ca845dda5d2a98", value: Buffer.from("héllo").toString("base64") } },
        }] } }));
        assert.deepEqual(bytes.stackResource(0).properties, { b: "héllo" });
    });

    it("finds the line of each resource's URN", () => {
        const lines = urnLines(text);
        const textLines = text.split("\n");
        for (const r of stack.resources) {
            assert.ok(textLines[lines.get(r.urn)! - 1].includes(`"urn": "${r.urn}"`), r.urn);
        }
        assert.equal(urnLines(JSON.stringify({ a: { urn: "u:1" }, b: [{ urn: "u:2" }] })).get("u:2"), 1);
    });

    it("reads deployment version 4 with the features it knows, and says which it does not", () => {
        const v4 = (features: string[]) => JSON.stringify({ version: 4, features, deployment: { resources: [root] } });
        assert.equal(parseStackExport(v4(["refreshBeforeUpdate", "views", "hooks"])).deploymentVersion, 4);
        assert.throws(() => parseStackExport(v4(["views", "timeTravel"])), /features this audit does not know \(timeTravel\); update serverless-guard/);
        assert.throws(() => parseStackExport(JSON.stringify({ version: 5, deployment: { resources: [root] } })), /deployment version 5 is newer than this audit reads/);
    });

    it("refuses what the engine refuses, with a clear message", () => {
        const cases: [string, RegExp][] = [
            ["{ not json", /not valid JSON/],
            ["[1, 2]", /not a Pulumi stack export/],
            [fixture("deployment-v2"), /deployment version 2 is too old to audit/],
            [exportOf([]), /has no resources, so there is nothing to audit/],
            [exportOf([{ ...root, delete: true }]), /has no resources/],
            [exportOf([root, { type: "x" }]), /resource #2 .* has no urn or type/],
            [exportOf([root, { urn: "not-a-urn", type: "x" }]), /resource #2 .* has an invalid URN/],
            [exportOf([root, { ...root }]), /URN of a pulumi:pulumi:Stack appears twice among the live resources/],
            [JSON.stringify({ version: 3, deployment: { resources: {} } }), /deployment.resources is not a list/],
        ];
        for (const [input, message] of cases) {
            assert.throws(() => parseStackExport(input), message);
        }
        // A replacement's old copy (delete: true) may share the URN of the live one.
        assert.equal(parseStackExport(exportOf([root, { ...root, delete: true }])).resources.length, 1);
    });

    it("decodes UTF-8 with or without a BOM, and UTF-16 with its BOM (what PowerShell writes)", () => {
        const json = exportOf([root]);
        const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]);
        const utf16be = Buffer.from(utf16le.subarray(2)).swap16();
        for (const bytes of [Buffer.from(json), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]), utf16le,
            Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])]) {
            assert.equal(parseStackExport(decodeText(bytes)).name, "organization/shop/dev");
        }
        assert.throws(() => decodeText(Buffer.from([0x7b, 0xff, 0x7d])), /not UTF-8 text/);
        assert.throws(() => decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8])), /marked UTF-16LE but is not/);
    });

    it("attributes stack-wide findings to the root stack, or to its default URN when the export has none", () => {
        const bucket = { urn: "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::b", custom: true, type: "aws:s3/bucket:Bucket" };
        assert.equal(parseStackExport(exportOf([bucket])).stackUrn, "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev");
    });
});
