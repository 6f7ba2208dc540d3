// Public egress: a Lambda function runs in a VPC, and its security groups do not open egress to anywhere.
import { resourceRule, stackRule } from "../lib/policy";
import { UNKNOWN, items, num, read, str, strings } from "../lib/props";
import { GraphResource, StackGraph, indexBy } from "../lib/stackGraph";
import { someOf } from "../lib/findings";
import { resourceLabel } from "../lib/resource";
import { egressRulesOf, securityGroupsOf } from "../lib/aws/links";
import { lambdaLabel } from "../lib/aws/naming";
import { fsbp } from "../lib/frameworks";
import { awsTypes } from "../lib/aws/types";

export const lambdaInVpc = resourceRule({
    name: "aws-lambda-vpc-attached",
    description: "Lambda functions run inside a VPC, so that their egress goes through subnets and security groups you control.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set vpcConfig with private subnetIds and securityGroupIds; give the subnets egress through a NAT gateway or VPC endpoints you control.",
    tags: ["aws", "lambda", "public-egress"],
    framework: fsbp("Lambda.3", "Lambda functions should be in a VPC"),
}, [awsTypes.function], (fn, report) => {
    const vpcConfig = read(fn.props, "vpcConfig");
    if (vpcConfig === UNKNOWN) {
        return report.unknown(`${lambdaLabel(fn)}: vpcConfig`);
    }
    const missing: string[] = [];
    for (const key of ["subnetIds", "securityGroupIds"]) {
        const value = read(vpcConfig, key);
        if (value === UNKNOWN) {
            return report.unknown(`${lambdaLabel(fn)}: vpcConfig.${key}`);
        }
        const { values, unknown } = strings(value);
        if (values.length === 0 && !unknown) {
            missing.push(key);
        }
    }
    if (missing.length > 0) {
        report.violation(`${lambdaLabel(fn)} is not attached to a VPC (vpcConfig.${missing.join(" and vpcConfig.")} empty or absent), ` +
            "so it reaches the internet directly. Fix: set vpcConfig.subnetIds to private subnets and vpcConfig.securityGroupIds to groups with restricted egress.");
    }
});

const anywhere = new Set(["0.0.0.0/0", "::/0"]);

/** One egress permission, from an inline `egress` block or a standalone rule. */
interface Egress { destinations: unknown; fromPort: unknown; toPort: unknown; protocol: unknown; where: string }

/** The egress permissions a resource declares: a group's inline `egress` blocks, or a standalone rule. */
function egressOf(resource: GraphResource): Egress[] {
    if (resource.type === awsTypes.securityGroup) {
        return items(read(resource.props, "egress")).map((e, i): Egress => ({
            destinations: [...items(read(e, "cidrBlocks")), ...items(read(e, "ipv6CidrBlocks"))],
            fromPort: read(e, "fromPort"), toPort: read(e, "toPort"), protocol: read(e, "protocol"),
            where: `egress #${i + 1}`,
        }));
    }
    const rule = resource;
    return [rule.type === awsTypes.securityGroupRule
        ? {
            destinations: [...items(read(rule.props, "cidrBlocks")), ...items(read(rule.props, "ipv6CidrBlocks"))],
            fromPort: read(rule.props, "fromPort"), toPort: read(rule.props, "toPort"), protocol: read(rule.props, "protocol"),
            where: "the rule",
        }
        : {
            destinations: [read(rule.props, "cidrIpv4"), read(rule.props, "cidrIpv6")],
            fromPort: read(rule.props, "fromPort"), toPort: read(rule.props, "toPort"), protocol: read(rule.props, "ipProtocol"),
            where: "the rule",
        }];
}

/** True when the rule's ports all fall within the accepted public ports (all protocols never do). */
function onlyAcceptedPorts(egress: Egress, acceptedPorts: number[]): boolean {
    const protocol = str(egress.protocol);
    const from = num(egress.fromPort);
    const to = num(egress.toPort);
    if (protocol === "-1" || protocol === "all" || typeof from !== "number" || typeof to !== "number") {
        return false;
    }
    return from === to && acceptedPorts.includes(from);
}

/** The security groups functions run in, with those functions, and the standalone rules of each group. */
function groupIndex(stack: StackGraph) {
    return stack.memo("aws.functionGroups", () => {
        const functionsByGroup = indexBy(stack.ofType(awsTypes.function), fn => securityGroupsOf(stack, fn).groups.map(g => g.urn));
        const groups = stack.ofType(awsTypes.securityGroup).filter(g => functionsByGroup.has(g.urn));
        return { functionsByGroup, groupsByRule: indexBy(groups, group => egressRulesOf(stack, group).map(r => r.urn)) };
    });
}

/** "(used by Lambda function 'a')", "(on security group 'sg', used by Lambda functions 'a', 'b' and 3 more)". */
function usedBy(groups: GraphResource[], functions: GraphResource[], rule: boolean): string {
    const fns = `used by Lambda function${functions.length === 1 ? "" : "s"} ${someOf(functions.map(fn => `'${fn.name}'`))}`;
    return rule ? `(on security group${groups.length === 1 ? "" : "s"} ${someOf(groups.map(g => `'${g.name}'`))}, ${fns})` : `(${fns})`;
}

export const lambdaSecurityGroupEgress = stackRule({
    name: "aws-lambda-sg-no-public-egress",
    description: "The security groups of a Lambda function do not allow egress to 0.0.0.0/0 or ::/0.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Replace 0.0.0.0/0 and ::/0 egress with the CIDRs, prefix lists (VPC endpoints) or security groups the function needs to reach. " +
        "If it must call public HTTPS APIs, list port 443 in allowedPublicPorts and keep every other port closed.",
    tags: ["aws", "lambda", "public-egress"],
    config: {
        allowedPublicPorts: {
            type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, default: [],
            description: "Ports (single-port rules only, TCP or UDP) on which egress to 0.0.0.0/0 or ::/0 is accepted, e.g. [443].",
        },
    },
}, [awsTypes.function, awsTypes.securityGroup, awsTypes.securityGroupRule, awsTypes.securityGroupEgressRule], (subject, stack, report, config) => {
    if (subject.type === awsTypes.function) {
        if (securityGroupsOf(stack, subject).unknown) {
            report.unknown(`${lambdaLabel(subject)}: vpcConfig.securityGroupIds`);
        }
        return;
    }
    // Each egress permission is judged on the resource that declares it: the group's inline egress, or a standalone rule.
    const { functionsByGroup, groupsByRule } = groupIndex(stack);
    const groups = subject.type === awsTypes.securityGroup ? (functionsByGroup.has(subject.urn) ? [subject] : []) : groupsByRule.get(subject.urn) ?? [];
    const functions = [...new Set(groups.flatMap(g => functionsByGroup.get(g.urn) ?? []))];
    if (functions.length === 0) {
        return;
    }
    const label = `${subject.type === awsTypes.securityGroup ? `Security group '${subject.name}'` : resourceLabel(subject)} ` +
        `${usedBy(groups, functions, subject.type !== awsTypes.securityGroup)}: `;
    const acceptedPorts = (config.allowedPublicPorts as unknown[]).filter((p): p is number => typeof p === "number");
    for (const egress of egressOf(subject)) {
        const { values, unknown: destinationUnknown } = strings(egress.destinations);
        const open = values.filter(cidr => anywhere.has(cidr.trim()));
        if (open.length > 0 && !onlyAcceptedPorts(egress, acceptedPorts)) {
            report.violation(`${label}${egress.where} allows egress to ${open.join(" and ")}. ` +
                "Fix: restrict the destination to the CIDRs, prefix lists or security groups the function needs.", subject, { reaches: functions });
        } else if (open.length === 0 && destinationUnknown) {
            report.unknown(`${label}the destination of ${egress.where}`);
        }
    }
});

export const awsNetworkPolicies = [lambdaInVpc, lambdaSecurityGroupEgress];
