// Exemptions, applied by the rule wrapper to every policy: by config (name/URN glob) and by a
// tag or label on the resource, with a reason and an expiry. Run with the args the SDK builds.
import * as assert from "node:assert/strict";
import type { WebAppArgs } from "@pulumi/azure-native/web/webApp";
import type { LinuxFunctionAppArgs } from "@pulumi/azure/appservice/linuxFunctionApp";
import type { ServiceArgs as CloudRunV2Args } from "@pulumi/gcp/cloudrunv2/service";
import type { ServiceArgs as CloudRunV1Args } from "@pulumi/gcp/cloudrun/service";
import type { FunctionArgs as CloudFunctionV2Args } from "@pulumi/gcp/cloudfunctionsv2/function";
import { policies } from "../../policies/catalog";
import { lambdaInVpc, lambdaSecurityGroupEgress } from "../../policies/aws/network";
import { exemptionVerdict, isDay, maxTagKeyLength, sanitizeReason, exemptTagPrefix } from "../../policies/lib/exemptions";
import { globMatches } from "../../policies/lib/glob";
import { resourceRule, stackRule } from "../../policies/lib/policy";
import { runResourcePolicy, runStackPolicy, Violation } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { aws } from "../fixtures/aws";
import { connector, gcp } from "../fixtures/gcp";
import { vpcAllTraffic } from "../../policies/gcp/network";
import { ftpDisabled } from "../../policies/azure/hardening";
import { native } from "../fixtures/azure";
import { UNKNOWN_OBJECT, resourceOf, unknownAs } from "../fixtures/common";

const role = "arn:aws:iam::123456789012:role/app";
const future = "2999-12-31";
const past = "2000-01-01";
const exempt = (resource: string, reason: string, expires?: string) =>
    ({ config: { exemptions: [{ resource, reason, ...(expires ? { expires } : {}) }] } });

function expectOne(violations: Violation[], level: string, ...fragments: string[]) {
    expectFindings(violations, 1, ...fragments);
    assert.equal(violations[0].enforcementLevel, level, violations[0].message);
}

describe("exemptions: building blocks", () => {
    it("globs match whole names and URNs; * any characters, ? one; everything else literal", () => {
        assert.ok(globMatches("legacy-*", "legacy-api"));
        assert.ok(!globMatches("legacy-*", "my-legacy-api"));
        assert.ok(globMatches("api-?", "api-1"));
        assert.ok(!globMatches("api-?", "api-12"));
        assert.ok(globMatches("urn:pulumi:prod::*::aws:lambda/function:Function::*", "urn:pulumi:prod::shop::aws:lambda/function:Function::api"));
        assert.ok(!globMatches("urn:pulumi:prod::*", "urn:pulumi:dev::shop::aws:lambda/function:Function::api"));
        assert.ok(!globMatches("a.b", "axb"));
        assert.ok(globMatches("a(b)[c]+", "a(b)[c]+"));
    });

    it("keeps reasons to a safe charset and length", () => {
        assert.equal(sanitizeReason("SEC-1234: legacy VPC (until migration)"), "SEC-1234: legacy VPC (until migration)");
        assert.equal(sanitizeReason("<script>x</script>\n$(rm -rf)`id`"), "script x /script (rm -rf) id");
        assert.equal(sanitizeReason("a".repeat(500)).length, 120);
        assert.equal(sanitizeReason(42), "");
        assert.equal(sanitizeReason(undefined), "");
    });

    it("accepts only real days in YYYY-MM-DD form", () => {
        assert.ok(isDay("2026-02-28"));
        assert.ok(isDay("2028-02-29"));
        assert.ok(!isDay("2026-02-30"));
        assert.ok(!isDay("2026-2-1"));
        assert.ok(!isDay("31-12-2999"));
    });

    it("every policy's exemption tag key fits GCP label keys (lowercase, digits, _ and -, at most 63)", () => {
        for (const policy of policies) {
            const key = `${exemptTagPrefix}${policy.name}`;
            assert.ok(key.length <= maxTagKeyLength && /^[a-z][a-z0-9_-]*$/.test(key), `${key}: too long or not a valid GCP label key`);
        }
    });
});

describe("exemptions by config (common key on every policy)", () => {
    const fn = aws.function("legacy-api", { role });

    it("turns a finding about a matching resource into an advisory naming the reason and the expiry", async () => {
        const violations = await runResourcePolicy(lambdaInVpc, fn, exempt("legacy-*", "SEC-1234 VPC migration", future));
        expectOne(violations, "advisory", "is not attached to a VPC", "Exempted by config exemption #1 'legacy-*'",
            "reason: \"SEC-1234 VPC migration\"", `expires ${future}`, "advisory while the exemption lasts");
        assert.equal(violations[0].urn, fn.urn);
        assert.ok(violations[0].message.startsWith(lambdaInVpc.description), "same text as the finding at its level");
    });

    it("matches URN globs, and an exemption without expiry says so", async () => {
        const violations = await runResourcePolicy(lambdaInVpc, fn, exempt("urn:pulumi:dev::*::aws:lambda/function:Function::legacy-api", "accepted"));
        expectOne(violations, "advisory", "no expiry date");
    });

    it("is back at the policy's level once expired, and says so with the stack", async () => {
        const violations = await runResourcePolicy(lambdaInVpc, fn, exempt("legacy-api", "SEC-1234", past));
        expectOne(violations, "mandatory", "is not attached to a VPC", `expired on ${past} in stack 'dev'`, "back at its enforcement level", "Fix:");
    });

    it("leaves other resources alone", async () => {
        expectOne(await runResourcePolicy(lambdaInVpc, aws.function("api", { role }), exempt("legacy-*", "x", future)), "mandatory");
    });

    it("prefers an active exemption over an expired one", async () => {
        const config = { exemptions: [{ resource: "legacy-api", reason: "old", expires: past }, { resource: "legacy-*", reason: "renewed", expires: future }] };
        expectOne(await runResourcePolicy(lambdaInVpc, fn, { config }), "advisory", "renewed");
    });

    it("shows a sanitised reason, never raw operator text", async () => {
        const violations = await runResourcePolicy(lambdaInVpc, fn, exempt("legacy-api", "<img src=x onerror=alert(1)>\nSEC-9", future));
        expectOne(violations, "advisory", "reason: \"img src=x onerror=alert(1) SEC-9\"");
    });

    it("ignores an exemption without a reason, or with an impossible date, and says why", async () => {
        expectOne(await runResourcePolicy(lambdaInVpc, fn, exempt("legacy-api", "  ", future)), "mandatory", "ignored because it gives no reason");
        expectOne(await runResourcePolicy(lambdaInVpc, fn, exempt("legacy-api", "x", "2026-02-30")), "mandatory", "expiry is not a date");
    });

    it("matches an adversarial glob against a 100,000-character name and URN in linear time", async function () {
        // Regression: the glob became a `.*` regex, which backtracks catastrophically here.
        this.timeout(10_000);
        const long = aws.function("a".repeat(100_000), { role });
        const start = process.hrtime.bigint();
        for (const resource of ["*a*a*a*b", "*a*a*a*a*a*a*a*a*a*a*?b", "*?*?*?*?*?*?*?*?*?*?*b"]) {
            const subject = { name: long.name, urn: long.urn, props: {} };
            assert.deepEqual(exemptionVerdict("aws-lambda-in-vpc", subject, { exemptions: [{ resource, reason: "x" }] }), { kind: "none" });
        }
        expectOne(await runResourcePolicy(lambdaInVpc, long, exempt("*a*a*a*b", "x", future)), "mandatory");
        expectOne(await runResourcePolicy(lambdaInVpc, long, exempt("*a*a*a*a", "SEC-1", future)), "advisory", "SEC-1");
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    });

    it("survives malformed config sent without the CLI's schema check", async () => {
        for (const exemptions of [null, "legacy-api", [null, 3, { resource: 5 }, { reason: "x" }], { resource: "legacy-api" }]) {
            expectOne(await runResourcePolicy(lambdaInVpc, fn, { config: { exemptions } }), "mandatory");
        }
    });

    it("keeps unknown-at-preview notes as they are", async () => {
        const unknownVpc = aws.function("legacy-api", { role, vpcConfig: unknownAs() });
        expectUnknownNote(await runResourcePolicy(lambdaInVpc, unknownVpc, exempt("legacy-api", "x", future)), "vpcConfig");
    });
});

describe("exemptions by tag or label (every policy, every cloud)", () => {
    const tagged = (tags: Record<string, string>) => aws.function("api", { role, tags });

    it("AWS tags: sg-exempt-<policy> with the expiry, sg-exempt-reason with the reason", async () => {
        const violations = await runResourcePolicy(lambdaInVpc, tagged({ "sg-exempt-aws-lambda-vpc-attached": future, "sg-exempt-reason": "sec-1234_legacy-vpc" }));
        expectOne(violations, "advisory", "Exempted by tag 'sg-exempt-aws-lambda-vpc-attached'", "reason: \"sec-1234_legacy-vpc\"", `expires ${future}`);
    });

    it("sg-exempt-all covers every policy; an empty value or 'never' means no expiry; keys are case-insensitive", async () => {
        expectOne(await runResourcePolicy(lambdaInVpc, tagged({ "sg-exempt-all": "", "sg-exempt-reason": "sandbox" })), "advisory", "no expiry date");
        expectOne(await runResourcePolicy(lambdaInVpc, tagged({ "SG-Exempt-All": "never", "SG-Exempt-Reason": "sandbox" })), "advisory", "no expiry date");
    });

    it("reads provider default tags (tagsAll) too", async () => {
        const fn = aws.function("api", { role, tagsAll: { "sg-exempt-all": future, "sg-exempt-reason": "sandbox-account" } } as any);
        expectOne(await runResourcePolicy(lambdaInVpc, fn), "advisory", "sandbox-account");
    });

    it("a tag for another policy does not exempt", async () => {
        expectOne(await runResourcePolicy(lambdaInVpc, tagged({ "sg-exempt-aws-lambda-tracing-enabled": future, "sg-exempt-reason": "x" })), "mandatory");
    });

    it("expired, reasonless or malformed tags leave the finding at its level and say why", async () => {
        expectOne(await runResourcePolicy(lambdaInVpc, tagged({ "sg-exempt-all": past, "sg-exempt-reason": "x" })), "mandatory", `expired on ${past}`);
        expectOne(await runResourcePolicy(lambdaInVpc, tagged({ "sg-exempt-all": future })), "mandatory", "gives no reason");
        expectOne(await runResourcePolicy(lambdaInVpc, tagged({ "sg-exempt-all": "31-12-2999", "sg-exempt-reason": "x" })), "mandatory", "expiry is not a date");
    });

    it("tags unknown at preview exempt nothing and break nothing", async () => {
        const fn = aws.function("api", { role, tags: unknownAs(UNKNOWN_OBJECT) });
        expectOne(await runResourcePolicy(lambdaInVpc, fn), "mandatory");
    });

    // A rule that reports every resource of the given types: shows the wrapper on other clouds' resources.
    const alwaysReports = resourceRule({
        name: "test-always-reports", description: "Test rule.", severity: "low", enforcementLevel: "mandatory",
        remediationSteps: "None.", tags: [],
    }, ["azure-native:web:WebApp", "azure:appservice/linuxFunctionApp:LinuxFunctionApp", "gcp:cloudrunv2/service:Service",
        "gcp:cloudrun/service:Service", "gcp:cloudfunctionsv2/function:Function"], (resource, report) => report.violation(`'${resource.name}' reported.`));
    const labels = { "sg-exempt-test-always-reports": "2999-12-31", "sg-exempt-reason": "sec-1234_accepted" };

    it("Azure tags (azure-native and classic)", async () => {
        const webApp = resourceOf<WebAppArgs>("azure-native:web:WebApp")("app", { resourceGroupName: "rg", kind: "functionapp", tags: labels });
        const classic = resourceOf<LinuxFunctionAppArgs>("azure:appservice/linuxFunctionApp:LinuxFunctionApp")("classic", {
            resourceGroupName: "rg", servicePlanId: "plan", siteConfig: {}, tags: labels,
        });
        expectOne(await runResourcePolicy(alwaysReports, webApp), "advisory", "sec-1234_accepted");
        expectOne(await runResourcePolicy(alwaysReports, classic), "advisory", "sec-1234_accepted");
    });

    it("GCP labels: Cloud Run v2 and Cloud Functions v2 labels, Cloud Run v1 metadata.labels", async () => {
        const v2 = resourceOf<CloudRunV2Args>("gcp:cloudrunv2/service:Service")("svc", { location: "europe-west1", template: { containers: [] }, labels });
        const v1 = resourceOf<CloudRunV1Args>("gcp:cloudrun/service:Service")("svc1", { location: "europe-west1", metadata: { labels } });
        const fn2 = resourceOf<CloudFunctionV2Args>("gcp:cloudfunctionsv2/function:Function")("fn", { location: "europe-west1", labels });
        for (const resource of [v2, v1, fn2]) {
            expectOne(await runResourcePolicy(alwaysReports, resource), "advisory", "sec-1234_accepted", `expires ${future}`);
        }
        // Every part of the format is a valid GCP label: lowercase letters, digits, _ and -, at most 63.
        for (const [key, value] of Object.entries(labels)) {
            assert.match(key, /^[a-z][a-z0-9_-]{0,62}$/);
            assert.match(value, /^[a-z0-9_-]{0,63}$/);
        }
    });
});

describe("exemptions on Azure rules (functionAppRule builds on resourceRule)", () => {
    it("azure-functionapp-ftp-disabled: a tag on the app makes the finding advisory", async () => {
        const app = native.webApp("app", { resourceGroupName: "rg", kind: "functionapp", siteConfig: { ftpsState: "AllAllowed" },
            tags: { "sg-exempt-azure-functionapp-ftp-disabled": future, "sg-exempt-reason": "sec-6_legacy-deploy" } });
        expectOne(await runResourcePolicy(ftpDisabled, app), "advisory", "plain FTP", "sec-6_legacy-deploy");
        expectOne(await runResourcePolicy(ftpDisabled, app, { config: { exemptions: [] }, stackTags: {} }), "advisory");
    });
});

describe("exemptions on a rule that is advisory by default", () => {
    it("stay advisory, also where config makes the rule mandatory, and name the exemption", async () => {
        const fn = gcp.functionV1("fn1", { runtime: "nodejs22", vpcConnector: connector, vpcConnectorEgressSettings: "PRIVATE_RANGES_ONLY",
            labels: { "sg-exempt-gcp-serverless-vpc-all-traffic": future, "sg-exempt-reason": "sec-5_public-apis" } });
        expectOne(await runResourcePolicy(vpcAllTraffic, fn), "advisory", "vpcConnectorEgressSettings", "sec-5_public-apis");
        expectOne(await runResourcePolicy({ ...vpcAllTraffic, enforcementLevel: "mandatory" }, fn), "advisory", "sec-5_public-apis");
    });
});

describe("exemptions in stack rules look at the resource each finding is about", () => {
    const group = aws.securityGroup("open", { vpcId: "vpc-1", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
    const fn = (tags?: Record<string, string>) =>
        aws.function("api", { role, ...(tags ? { tags } : {}), vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } }, { vpcConfig: [group] });

    it("aws-lambda-sg-no-public-egress: the finding is about the group; its exemption applies, and that of every function it serves", async () => {
        expectOne(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn()], exempt("open", "shared egress proxy pending", future)), "advisory", "shared egress proxy pending");
        expectOne(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn()], exempt("api", "egress proxy pending", future)), "advisory", "egress proxy pending", "for 'api'");
        expectOne(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn({ "sg-exempt-all": future, "sg-exempt-reason": "x" })]), "advisory");
        const other = aws.function("worker", { role, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } }, { vpcConfig: [group] });
        expectOne(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn(), other], exempt("api", "egress proxy pending", future)), "mandatory",
            "used by Lambda functions 'api' and 'worker'");
    });

    it("a finding about another resource (Reporter about) follows that resource's exemption", async () => {
        const aboutRoles = stackRule({
            name: "test-about-roles", description: "Test rule.", severity: "low", enforcementLevel: "mandatory", remediationSteps: "None.", tags: [],
        }, ["aws:lambda/function:Function"], (subject, stack, report) => {
            for (const r of stack.ofType("aws:iam/role:Role")) {
                report.violation(`role '${r.name}' of '${subject.name}'.`, r);
            }
        });
        const exemptRole = aws.role("exempt-role", { assumeRolePolicy: "{}", tags: { "sg-exempt-test-about-roles": future, "sg-exempt-reason": "x" } });
        const plainRole = aws.role("plain-role", { assumeRolePolicy: "{}" });
        const violations = await runStackPolicy(aboutRoles, [exemptRole, plainRole, fn({ "sg-exempt-all": future, "sg-exempt-reason": "fn" })]);
        assert.deepEqual(violations.map(v => [v.urn, v.enforcementLevel]), [[exemptRole.urn, "advisory"], [plainRole.urn, "mandatory"]]);
    });

    it("works without stack tags, and with them", async () => {
        const stackTags = { "pulumi:project": "shop", env: "prod" };
        expectOne(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn()], { ...exempt("open", "x", past), stackTags }), "mandatory", "in stack 'dev'");
    });
});
