// The policy config file, checked as the Pulumi CLI checks it, against the schemas the built pack
// declares (GetAnalyzerInfo), with a JSON Schema validator.
import * as assert from "node:assert/strict";
import { checkPolicyConfig, parsePolicyConfig } from "../../cli/policyConfig";
import { nearest } from "../../cli/suggest";
import { AnalyzerInfo, launchPack, projectRoot } from "../harness/engine";

const VPC = "aws-lambda-vpc-attached";
const EGRESS = "aws-lambda-sg-no-public-egress";

describe("policy config validation", () => {
    let info: AnalyzerInfo;
    before(async () => {
        const pack = await launchPack(projectRoot());
        try {
            info = await pack.getAnalyzerInfo();
        } finally {
            await pack.close();
        }
    });

    const check = (config: unknown) => checkPolicyConfig(info, parsePolicyConfig(JSON.stringify(config)).config);
    const rejects = (config: unknown, message: RegExp) => assert.throws(() => check(config), message);

    it("rejects what the schemas reject: pattern, required, additionalProperties, types, ranges", () => {
        const exemption = { resource: "legacy-*", reason: "SEC-1234", expires: "2026-09-30" };
        assert.deepEqual(check({ [VPC]: { exemptions: [exemption] } }), []);
        rejects({ [VPC]: { exemptions: [{ ...exemption, expires: "next week" }] } }, new RegExp(`${VPC}.exemptions\\[0\\].expires must match pattern`));
        rejects({ [VPC]: { exemptions: [{ resource: "legacy-*" }] } }, /exemptions\[0\] must have required property 'reason'/);
        rejects({ [VPC]: { exemptions: [{ ...exemption, owner: "me" }] } }, /exemptions\[0\] must NOT have additional properties \(owner\)/);
        rejects({ [EGRESS]: { allowedPublicPorts: "443" } }, /allowedPublicPorts must be array/);
        rejects({ [EGRESS]: { allowedPublicPorts: [70000] } }, /allowedPublicPorts\[0\] must be <= 65535/);
        rejects({ [EGRESS]: { allowedPublicPorts: [44.5] } }, /allowedPublicPorts\[0\] must be integer/);
    });

    it("names keys and rules in its messages, never the values", () => {
        const planted = "planted-config-value-9b1c";
        assert.throws(() => check({ [VPC]: { exemptions: [{ resource: "x", reason: "y", expires: planted }] } }),
            (e: Error) => !e.message.includes(planted) && /expires must match pattern/.test(e.message));
    });

    it("lists every problem at once", () => {
        rejects({ [VPC]: { exemptions: [{ resource: "x" }] }, [EGRESS]: { allowedPublicPorts: "443" } },
            /allowedPublicPorts must be array; aws-lambda-vpc-attached.exemptions\[0\] must have required property 'reason'/);
    });

    it("levels: the string and the object form, `all`; anything else is refused with a suggestion", () => {
        assert.deepEqual(check({ all: "advisory", [VPC]: { enforcementLevel: "disabled" }, [EGRESS]: "mandatory" }), []);
        assert.throws(() => parsePolicyConfig(JSON.stringify({ [VPC]: "mandatroy" })), /"mandatroy" is not an enforcement level .*\(did you mean mandatory\?\)/);
        assert.throws(() => parsePolicyConfig(JSON.stringify({ [VPC]: { enforcementLevel: 2 } })), /level must be a string/);
        assert.throws(() => parsePolicyConfig(JSON.stringify({ [VPC]: 3 })), /expected an enforcement level or an object/);
    });

    it("a policy the pack does not have: a warning with the nearest name, or refused without a level (as the CLI refuses it)", () => {
        const [warning] = check({ "aws-lambda-vpc-atached": "mandatory" });
        assert.match(warning, /names aws-lambda-vpc-atached, which is not a policy of serverless-guard .* \(did you mean aws-lambda-vpc-attached\?\); the pack ignores it/);
        rejects({ "aws-lambda-vpc-atached": { exemptions: [] } }, /aws-lambda-vpc-atached is not a policy .*did you mean aws-lambda-vpc-attached\?.*without an enforcementLevel the Pulumi CLI refuses it/);
        assert.doesNotMatch(check({ "something-else-entirely-unrelated": "advisory" })[0], /did you mean/);
    });

    it("a key the policy does not read: accepted, as the CLI accepts it, with a warning and the nearest key", () => {
        assert.match(check({ [EGRESS]: { allowedPublicPort: [443] } })[0],
            /sets aws-lambda-sg-no-public-egress.allowedPublicPort, which .* does not read \(did you mean allowedPublicPorts\?\)/);
    });

    it("reads the file as the CLI does: empty is no config, ESC environments are set aside, an object is required", () => {
        assert.deepEqual(parsePolicyConfig("  \n"), { config: {}, warnings: [] });
        const withEnvironments = parsePolicyConfig(JSON.stringify({ environments: ["org/policy-env"], [VPC]: "advisory" }));
        assert.deepEqual(withEnvironments.config, { [VPC]: { enforcementLevel: "advisory" } });
        assert.match(withEnvironments.warnings[0], /ESC environments are not opened by the offline audit/);
        assert.throws(() => parsePolicyConfig(JSON.stringify({ environments: "x" })), /"environments" must be an array of strings/);
        assert.throws(() => parsePolicyConfig("[]"), /must be a JSON object of policy names/);
        assert.throws(() => parsePolicyConfig("{"), /not valid JSON/);
        assert.deepEqual(parsePolicyConfig(JSON.stringify({ [VPC]: {} })).config, {}, "an entry that sets nothing is dropped");
    });

    it("suggests only near names", () => {
        assert.equal(nearest("aws-lamda-vpc-attached", ["aws-lambda-vpc-attached", "gcp-serverless-vpc-egress"]), "aws-lambda-vpc-attached");
        assert.equal(nearest("AWS-LAMBDA-VPC-ATTACHED", ["aws-lambda-vpc-attached"]), "aws-lambda-vpc-attached");
        assert.equal(nearest("vpc", ["aws-lambda-vpc-attached"]), undefined);
        assert.equal(nearest("x", []), undefined);
    });
});
