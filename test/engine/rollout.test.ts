// Exemptions, remediation and stack configuration through the launched pack, as the engine
// drives it: Configure (reconciled like the CLI), ConfigureStack, Analyze, AnalyzeStack, Remediate.
import * as assert from "node:assert/strict";
import { Diagnostic, PackClient, SECRET_SIG, SIG_KEY, secret } from "../harness/engine";
import { launchServerlessGuard, preview } from "../harness/pack";
import { aws } from "../fixtures/aws";

const role = "arn:aws:iam::123456789012:role/app";
const future = "2999-12-31";
const past = "2000-01-01";
const of = (diagnostics: Diagnostic[], policy: string) => diagnostics.filter(d => d.policyName === policy);

describe("rollout through the engine: exemptions, remediation, stack configuration", () => {
    let pack: PackClient;

    before(async () => {
        pack = await launchServerlessGuard();
    });

    after(async () => {
        await pack?.close();
    });

    const legacy = aws.function("legacy-api", { role });

    it("runs before any ConfigureStack call, and the same after one", async () => {
        await pack.configure({});
        const before = await preview(pack, [legacy]);
        await pack.configureStack({ organization: "acme", project: "shop", stack: "dev", tags: { "pulumi:project": "shop", env: "dev" }, dryRun: true });
        assert.deepEqual(await preview(pack, [legacy]), before);
        await pack.configureStack({});
        assert.deepEqual(await preview(pack, [legacy]), before);
    });

    it("config exemption: advisory with reason and expiry while it lasts, back at mandatory after", async () => {
        await pack.configure({ "aws-lambda-vpc-attached": { exemptions: [{ resource: "legacy-*", reason: "SEC-1234 migration", expires: future }] } });
        const [exempted] = of(await preview(pack, [legacy]), "aws-lambda-vpc-attached");
        assert.equal(exempted.enforcementLevel, "advisory");
        assert.match(exempted.message, /not attached to a VPC[\s\S]*reason: "SEC-1234 migration"; expires 2999-12-31/);
        assert.equal(exempted.urn, legacy.urn);

        await pack.configure({ "aws-lambda-vpc-attached": { exemptions: [{ resource: "legacy-*", reason: "SEC-1234 migration", expires: past }] } });
        const [lapsed] = of(await preview(pack, [legacy]), "aws-lambda-vpc-attached");
        assert.equal(lapsed.enforcementLevel, "mandatory");
        assert.match(lapsed.message, /expired on 2000-01-01 in stack 'dev'/);
    });

    it("config exemptions survive an `all` level and stay per policy", async () => {
        await pack.configure({ all: { enforcementLevel: "mandatory" }, "aws-lambda-vpc-attached": { exemptions: [{ resource: "legacy-api", reason: "x" }] } });
        const diagnostics = await preview(pack, [legacy]);
        assert.equal(of(diagnostics, "aws-lambda-vpc-attached")[0].enforcementLevel, "advisory");
        assert.equal(of(diagnostics, "aws-lambda-tracing-enabled")[0].enforcementLevel, "mandatory");
    });

    it("tag exemption on the resource, for a resource rule and for a stack rule", async () => {
        await pack.configure({});
        const group = aws.securityGroup("open", { vpcId: "vpc-1", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        const fn = aws.function("api", {
            role, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] },
            tags: { "sg-exempt-aws-lambda-sg-no-public-egress": future, "sg-exempt-reason": "sec-77_egress-proxy" },
        }, { vpcConfig: [group] });
        const [finding] = of(await preview(pack, [group, fn]), "aws-lambda-sg-no-public-egress");
        assert.equal(finding.enforcementLevel, "advisory");
        assert.match(finding.message, /sec-77_egress-proxy/);
    });

    describe("Remediate", () => {
        const fn = aws.function("api", {
            role, tracingConfig: { mode: "PassThrough" },
            environment: { variables: { DB_PASSWORD: secret("hunter2") as unknown as string, STAGE: "prod" } },
            kmsKeyArn: secret("arn:aws:kms:eu-west-1:123456789012:key/k") as unknown as string,
        });

        it("at level remediate, tracing is fixed with secrets still secret; Analyze then reports nothing for it", async () => {
            await pack.configure({ "aws-lambda-tracing-enabled": { enforcementLevel: "remediate" } });
            const { remediations } = await pack.remediate(fn);
            assert.deepEqual(remediations.map(r => r.policyName), ["aws-lambda-tracing-enabled"]);
            const properties = remediations[0].properties!;
            assert.deepEqual(properties.tracingConfig, { mode: "Active" });
            // Secrets at the top level and nested (a copy of the proxied props would send the top-level one as plaintext).
            assert.deepEqual(properties.environment, { variables: { DB_PASSWORD: { [SIG_KEY]: SECRET_SIG, value: "hunter2" }, STAGE: "prod" } });
            assert.deepEqual(properties.kmsKeyArn, { [SIG_KEY]: SECRET_SIG, value: "arn:aws:kms:eu-west-1:123456789012:key/k" });
            assert.equal(of((await pack.analyze({ ...fn, properties })).diagnostics, "aws-lambda-tracing-enabled").length, 0);
            // Not remediated (e.g. a remediation skipped), the finding is mandatory at this level.
            assert.equal(of((await pack.analyze(fn)).diagnostics, "aws-lambda-tracing-enabled")[0].enforcementLevel, "mandatory");
        });

        it("policies without a fix keep reporting at remediate (as mandatory); exempted resources are not changed", async () => {
            await pack.configure({ all: { enforcementLevel: "remediate" } });
            const { remediations } = await pack.remediate(fn);
            assert.deepEqual(remediations.map(r => r.policyName), ["aws-lambda-tracing-enabled"]);
            assert.equal(of((await pack.analyze(fn)).diagnostics, "aws-lambda-vpc-attached")[0].enforcementLevel, "mandatory");

            await pack.configure({ "aws-lambda-tracing-enabled": { enforcementLevel: "remediate", exemptions: [{ resource: "api", reason: "cost", expires: future }] } });
            assert.deepEqual((await pack.remediate(fn)).remediations, []);
            assert.equal(of((await pack.analyze(fn)).diagnostics, "aws-lambda-tracing-enabled")[0].enforcementLevel, "advisory");
        });

        it("at the default level nothing is remediated", async () => {
            await pack.configure({});
            assert.deepEqual((await pack.remediate(fn)).remediations, []);
        });
    });
});
