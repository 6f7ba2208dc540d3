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

    it("passes the seeds' secure stack", async () => {
        assert.deepEqual(await runStackPolicy(lambdaSecurityGroupEgress, secureAwsStack()), []);
    });

    it("reports inline egress to 0.0.0.0/0, linked at preview through propertyDependencies", async () => {
        const group = aws.securityGroup("open", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        const fn = aws.function("app", { role, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [UNKNOWN_STRING] } }, { vpcConfig: [group] });
        expectFindings(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn]), 1, "egress #1 of security group 'open'", "0.0.0.0/0", "Fix:");
    });

    it("reports ::/0 in a standalone SecurityGroupRule and SecurityGroupEgressRule", async () => {
        const group = aws.securityGroup("sg", {});
        const rule = aws.securityGroupRule("all-v6", { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], securityGroupId: UNKNOWN_STRING }, { securityGroupId: [group] });
        const ingress = aws.securityGroupRule("in", { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], securityGroupId: UNKNOWN_STRING }, { securityGroupId: [group] });
        const egressRule = aws.securityGroupEgressRule("all-v4", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: UNKNOWN_STRING }, { securityGroupId: [group] });
        const fn = aws.function("app", { role, vpcConfig }, { vpcConfig: [group] });
        const violations = await runStackPolicy(lambdaSecurityGroupEgress, [group, rule, ingress, egressRule, fn]);
        expectFindings(violations, 2, "Lambda function 'app'");
        assert.ok(violations.some(v => v.message.includes("SecurityGroupRule 'all-v6'") && v.message.includes("::/0")));
        assert.ok(violations.some(v => v.message.includes("SecurityGroupEgressRule 'all-v4'")));
    });

    it("links security groups by literal id once deployed", async () => {
        const group = aws.securityGroup("sg", { egress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }] });
        (group.properties as Record<string, unknown>).id = "sg-1";
        expectFindings(await runStackPolicy(lambdaSecurityGroupEgress, [group, aws.function("app", { role, vpcConfig })], { mode: "up" }), 1, "security group 'sg'");
    });

    it("accepts egress to anywhere on a configured single port only", async () => {
        const group = aws.securityGroup("https", { egress: [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
            { protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        ] });
        const fn = aws.function("app", { role, vpcConfig }, { vpcConfig: [group] });
        const violations = await runStackPolicy(lambdaSecurityGroupEgress, [group, fn], { config: { allowedPublicPorts: [443] } });
        expectFindings(violations, 1, "egress #2");
        expectFindings(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn]), 2);
    });

    it("notes unknown destinations and unknown unlinked security groups", async () => {
        const group = aws.securityGroup("sg", { egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: unknownAs(UNKNOWN_ARRAY) }] });
        const fn = aws.function("app", { role, vpcConfig }, { vpcConfig: [group] });
        expectUnknownNote(await runStackPolicy(lambdaSecurityGroupEgress, [group, fn]), "destination of egress #1");
        const orphan = aws.function("app", { role, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [UNKNOWN_STRING] } });
        expectUnknownNote(await runStackPolicy(lambdaSecurityGroupEgress, [orphan]), "vpcConfig.securityGroupIds");
    });
});
