// What the audit sends the pack for a stack export: the engine's view of each resource.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { OPAQUE_SECRET, parseStackExport, urnLines, urnName } from "../../cli/stackExport";
import { SECRET_SIG, SIG_KEY, projectRoot } from "../harness/engine";

const text = fs.readFileSync(path.join(projectRoot(), "test", "fixtures", "exports", "insecure-stack.json"), "utf8");
const stack = parseStackExport(text);
const byName = (list: { name: string }[], name: string) => list.find(r => r.name === name) as any;

describe("stack export reading", () => {
    it("names the stack and project from the stack resource's URN", () => {
        assert.equal(stack.stack, "prod");
        assert.equal(stack.project, "orders-app");
        assert.equal(stack.stackUrn, "urn:pulumi:prod::orders-app::pulumi:pulumi:Stack::orders-app-prod");
        assert.equal(urnName("urn:pulumi:s::p::a:b:C$d:e:F::name::with::colons"), "name::with::colons");
    });

    it("sends custom resources to Analyze with their inputs; not providers, components or pending deletions", () => {
        assert.deepEqual(stack.analyze.map(r => r.name),
            ["orders-role", "orders-sg", "orders", "audit-log", "orders-url", "s3-invoke"]);
        const fn = byName(stack.analyze, "orders");
        assert.equal(fn.properties.arn, undefined, "outputs are not inputs");
        assert.equal(fn.parent, "urn:pulumi:prod::orders-app::orders:service:Api::orders-api");
        assert.deepEqual(fn.propertyDependencies.role, ["urn:pulumi:prod::orders-app::orders:service:Api$aws:iam/role:Role::orders-role"]);
        assert.deepEqual(fn.options.customTimeouts, { create: 600, update: undefined, delete: undefined });
        assert.deepEqual(fn.provider, {
            type: "pulumi:providers:aws", name: "default_7_0_0", urn: "urn:pulumi:prod::orders-app::pulumi:providers:aws::default_7_0_0",
            properties: { region: "eu-west-1", skipCredentialsValidation: "false", version: "7.0.0" },
        });
    });

    it("sends every live resource to AnalyzeStack, inputs overlaid with outputs", () => {
        assert.deepEqual(stack.stackResources.map(r => r.type), [
            "pulumi:pulumi:Stack", "pulumi:providers:aws", "orders:service:Api", "aws:iam/role:Role", "aws:ec2/securityGroup:SecurityGroup",
            "aws:lambda/function:Function", "aws:lambda/function:Function", "aws:lambda/functionUrl:FunctionUrl", "aws:lambda/permission:Permission"]);
        const fn = byName(stack.stackResources, "orders");
        assert.equal(fn.properties.arn, "arn:aws:lambda:eu-west-1:123456789012:function:orders-9f8e7d");
        assert.equal(fn.properties.runtime, "nodejs22.x");
    });

    it("turns export secrets into engine secrets: the plaintext when exported, else an opaque known value", () => {
        const variables = byName(stack.analyze, "orders").properties.environment.variables;
        assert.deepEqual(variables.DB_PASSWORD, { [SIG_KEY]: SECRET_SIG, value: "planted-plaintext-hunter2" });
        assert.deepEqual(variables.API_TOKEN, { [SIG_KEY]: SECRET_SIG, value: OPAQUE_SECRET });
        assert.equal(variables.TABLE_NAME, "orders");
    });

    it("finds the line of each resource's URN", () => {
        const lines = urnLines(text);
        const all = text.split("\n");
        for (const r of stack.resources) {
            assert.ok(all[lines.get(r.urn)! - 1].includes(`"urn": "${r.urn}"`), r.urn);
        }
        assert.equal(urnLines(JSON.stringify({ a: { urn: "u:1" }, b: [{ urn: "u:2" }] })).get("u:2"), 1);
    });
});
