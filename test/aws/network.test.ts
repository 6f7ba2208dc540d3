import * as assert from "node:assert/strict";
import { lambdaInVpc, lambdaSecurityGroupEgress } from "../../policies/aws/network";
import { runResourcePolicy, runStackPolicy } from "../harness/args";
import { expectFindings, expectUnknownNote } from "../harness/expect";
import { aws, secureAwsStack } from "../fixtures/aws";
import { UNKNOWN_ARRAY, UNKNOWN_STRING, unknownAs } from "../fixtures/common";

const role = "arn:aws:iam::123456789012:role/app";

describe("aws-lambda-vpc-attached", () => {
    it("passes a function with subnets and security groups", async () => {
        const fn = aws.function("app", { role, vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] } });
        assert.deepEqual(await runResourcePolicy(lambdaInVpc, fn), []);
    });

    it("reports a function without vpcConfig", async () => {
        const violations = await runResourcePolicy(lambdaInVpc, aws.function("app", { role }));
        expectFindings(violations, 1, "Lambda function 'app'", "vpcConfig.subnetIds and vpcConfig.securityGroupIds", "Fix:");
        assert.equal(violations[0].enforcementLevel, "mandatory");
    });

    it("reports empty subnet lists", async () => {
        const fn = aws.function("app", { role, vpcConfig: { subnetIds: [], securityGroupIds: ["sg-1"] } });
        expectFindings(await runResourcePolicy(lambdaInVpc, fn), 1, "vpcConfig.subnetIds");
    });

    it("accepts subnets whose ids are unknown at preview (new subnets of this stack)", async () => {
        const fn = aws.function("app", { role, vpcConfig: { subnetIds: [UNKNOWN_STRING, UNKNOWN_STRING], securityGroupIds: [UNKNOWN_STRING] } });
        assert.deepEqual(await runResourcePolicy(lambdaInVpc, fn), []);
    });

    it("notes an unknown vpcConfig or subnet list instead of passing it", async () => {
        expectUnknownNote(await runResourcePolicy(lambdaInVpc, aws.function("app", { role, vpcConfig: unknownAs() })), "vpcConfig");
        const fn = aws.function("app", { role, vpcConfig: { subnetIds: unknownAs(UNKNOWN_ARRAY), securityGroupIds: ["sg-1"] } });
        expectUnknownNote(await runResourcePolicy(lambdaInVpc, fn), "vpcConfig.subnetIds");
    });
});

describe("aws-lambda-sg-no-public-egress", () => {
    const vpcConfig = { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] };

    it("passes the seeds' secure stack at preview and at up", async () => {
        assert.deepEqual(await runStackPolicy(lambdaSecurityGroupEgress, secureAwsStack()), []);
        assert.deepEqual(await runStackPolicy(lambdaSecurityGroupEgress, secureAwsStack(), { mode: "up" }), []);
    });

    it("says nothing of a group that sets no egress (the provider computes it at preview; AWS's default rule is removed)", async () => {
        const group = aws.securityGroup("sg", { vpcId: "vpc-1" });
        const fn = aws.function("app", { role, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [UNKNOWN_STRING] } }, { vpcConfig: [group] });
        assert.deepEqual(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn]), []);
        assert.deepEqual(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn], { mode: "up" }), []);
    });

    it("reports a group shared by many functions once, naming a few of them", async () => {
        const group = aws.securityGroup("open", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        const functions = Array.from({ length: 30 }, (_, i) => aws.function(`fn-${i}`, { role, vpcConfig }, { vpcConfig: [group] }));
        expectFindings(await runStackPolicy(lambdaSecurityGroupEgress, [group, ...functions]), 1, "used by Lambda functions 'fn-0', 'fn-1', 'fn-2' and 27 more");
    });

    it("reports inline egress to 0.0.0.0/0, linked at preview through propertyDependencies", async () => {
        const group = aws.securityGroup("open", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        const fn = aws.function("app", { role, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [UNKNOWN_STRING] } }, { vpcConfig: [group] });
        const violations = await runStackPolicy(lambdaSecurityGroupEgress, [group, fn]);
        expectFindings(violations, 1, "Security group 'open' (used by Lambda function 'app'): egress #1 allows egress to 0.0.0.0/0", "Fix:");
        assert.equal(violations[0].urn, group.urn, "on the group to change");
    });

    it("reports ::/0 in a standalone SecurityGroupRule and SecurityGroupEgressRule", async () => {
        const group = aws.securityGroup("sg", {});
        const rule = aws.securityGroupRule("all-v6", { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], securityGroupId: UNKNOWN_STRING }, { securityGroupId: [group] });
        const ingress = aws.securityGroupRule("in", { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], securityGroupId: UNKNOWN_STRING }, { securityGroupId: [group] });
        const egressRule = aws.securityGroupEgressRule("all-v4", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: UNKNOWN_STRING }, { securityGroupId: [group] });
        const fn = aws.function("app", { role, vpcConfig }, { vpcConfig: [group] });
        const violations = await runStackPolicy(lambdaSecurityGroupEgress, [group, rule, ingress, egressRule, fn]);
        expectFindings(violations, 2, "(on security group 'sg', used by Lambda function 'app'): the rule allows egress to");
        assert.deepEqual(violations.map(v => v.urn), [rule.urn, egressRule.urn]);
        assert.ok(violations[0].message.includes("SecurityGroupRule 'all-v6'") && violations[0].message.includes("::/0"));
        assert.ok(violations[1].message.includes("SecurityGroupEgressRule 'all-v4'"));
    });

    it("links security groups by literal id once deployed", async () => {
        const group = aws.securityGroup("sg", { egress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] });
        (group.properties as Record<string, unknown>).id = "sg-1";
        expectFindings(await runStackPolicy(lambdaSecurityGroupEgress, [group, aws.function("app", { role, vpcConfig })], { mode: "up" }), 1, "Security group 'sg'");
    });

    it("accepts egress to anywhere on a configured single port only", async () => {
        const group = aws.securityGroup("https", { egress: [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
            { protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        ] });
        const fn = aws.function("app", { role, vpcConfig }, { vpcConfig: [group] });
        const violations = await runStackPolicy(lambdaSecurityGroupEgress, [group, fn], { config: { allowedPublicPorts: [443] } });
        expectFindings(violations, 1, "egress #2");
        assert.ok(!violations[0].message.includes("egress #1"));
        expectFindings(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn]), 1, "egress #1", "egress #2");
    });

    it("notes unknown destinations and unknown unlinked security groups", async () => {
        const group = aws.securityGroup("sg", { egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: unknownAs(UNKNOWN_ARRAY) }] });
        const fn = aws.function("app", { role, vpcConfig }, { vpcConfig: [group] });
        expectUnknownNote(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn]), "Security group 'sg' (used by Lambda function 'app'): the destination of egress #1");
        const orphan = aws.function("app", { role, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [UNKNOWN_STRING] } });
        expectUnknownNote(await runStackPolicy(lambdaSecurityGroupEgress, [orphan]), "vpcConfig.securityGroupIds");
    });
});
