// Exemptions, remediation and stack configuration through the launched pack, as the engine
// drives it: Configure (reconciled like the CLI), ConfigureStack, Analyze, AnalyzeStack, Remediate
// (the Azure fixes, chained as the SDK chains them).
import * as assert from "node:assert/strict";
import { Diagnostic, PackClient, Remediation, SECRET_SIG, SIG_KEY, UNKNOWN } from "../harness/engine";
import { launchServerlessGuard, preview } from "../harness/pack";
import { aws } from "../fixtures/aws";
import { classic, native } from "../fixtures/azure";
import { secretAs, unknownAs } from "../fixtures/common";

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
        const remediating = [
            "azure-functionapp-ftp-disabled",
            "azure-functionapp-https-only",
            "azure-functionapp-managed-identity",
            "azure-functionapp-min-tls-1-2",
            "azure-functionapp-remote-debugging-off",
        ];
        const atRemediate = Object.fromEntries(remediating.map(name => [name, { enforcementLevel: "remediate" }]));
        const password = { [SIG_KEY]: SECRET_SIG, value: "hunter2" };
        const app = native.webApp("orders", {
            resourceGroupName: "rg", kind: "functionapp,linux", httpsOnly: false,
            siteConfig: {
                minTlsVersion: "1.0", scmMinTlsVersion: unknownAs(), ftpsState: "AllAllowed", remoteDebuggingEnabled: true, http20Enabled: false,
                appSettings: [{ name: "DB_PASSWORD", value: secretAs("hunter2") }, { name: "STAGE", value: "prod" }],
            },
        });
        const classicApp = classic.linuxFunctionApp("orders-classic", {
            resourceGroupName: "rg", servicePlanId: "plan", storageAccountAccessKey: secretAs("key"),
            appSettings: { DB_PASSWORD: secretAs("hunter2") },
            siteConfig: { minimumTlsVersion: "1.1", scmMinimumTlsVersion: "1.0", ftpsState: "AllAllowed", remoteDebuggingEnabled: true },
        });
        /** Each remediation sees the one before; the last one's properties are what the engine deploys. */
        const finalProperties = (remediations: Remediation[]) => remediations[remediations.length - 1].properties!;

        it("native app: the five safe fixes, secrets still secret, the unknown SCM TLS version left unknown; Analyze then reports none of them", async () => {
            await pack.configure(atRemediate);
            const { remediations } = await pack.remediate(app);
            assert.deepEqual(remediations.map(r => r.policyName).sort(), remediating);
            assert.deepEqual(finalProperties(remediations), {
                resourceGroupName: "rg", kind: "functionapp,linux", httpsOnly: true, identity: { type: "SystemAssigned" },
                siteConfig: {
                    minTlsVersion: "1.2", scmMinTlsVersion: UNKNOWN, ftpsState: "Disabled", remoteDebuggingEnabled: false, http20Enabled: false,
                    appSettings: [{ name: "DB_PASSWORD", value: password }, { name: "STAGE", value: "prod" }],
                },
            });
            const after = (await pack.analyze({ ...app, properties: finalProperties(remediations) })).diagnostics;
            assert.deepEqual(remediating.filter(name => of(after, name).some(d => !/unknown during preview/.test(d.message))), []);
            // The unknown one is still a note, and what has no safe fix (HTTP/2) keeps reporting.
            assert.match(of(after, "azure-functionapp-min-tls-1-2")[0].message, /scmMinTlsVersion is unknown during preview/);
            assert.equal(of(after, "azure-functionapp-http2").length, 1);
        });

        it("classic app: each provider's property names and values; secrets still secret", async () => {
            await pack.configure({ ...atRemediate, "azure-functionapp-ftp-disabled": { enforcementLevel: "remediate", allowFtpsOnly: true } });
            const { remediations } = await pack.remediate(classicApp);
            assert.deepEqual(remediations.map(r => r.policyName).sort(), remediating);
            assert.deepEqual(finalProperties(remediations), {
                resourceGroupName: "rg", servicePlanId: "plan", storageAccountAccessKey: { [SIG_KEY]: SECRET_SIG, value: "key" },
                appSettings: { DB_PASSWORD: password }, httpsOnly: true, identity: { type: "SystemAssigned" },
                siteConfig: { minimumTlsVersion: "1.2", scmMinimumTlsVersion: "1.2", ftpsState: "FtpsOnly", remoteDebuggingEnabled: false },
            });
        });

        it("tracing has no fix: at remediate it reports as mandatory and changes nothing", async () => {
            await pack.configure({ "aws-lambda-tracing-enabled": { enforcementLevel: "remediate" } });
            const fn = aws.function("api", { role, tracingConfig: { mode: "PassThrough" } });
            const { remediations, notApplicable } = await pack.remediate(fn);
            assert.deepEqual(remediations, []);
            assert.ok(notApplicable.some(n => n.policyName === "aws-lambda-tracing-enabled"));
            assert.equal(of((await pack.analyze(fn)).diagnostics, "aws-lambda-tracing-enabled")[0].enforcementLevel, "mandatory");
        });

        it("policies without a fix keep reporting at remediate (as mandatory); exempted resources are not changed", async () => {
            await pack.configure({ all: { enforcementLevel: "remediate" } });
            assert.deepEqual((await pack.remediate(app)).remediations.map(r => r.policyName).sort(), remediating);
            assert.equal(of((await pack.analyze(app)).diagnostics, "azure-functionapp-http2")[0].enforcementLevel, "mandatory");

            await pack.configure({ "azure-functionapp-https-only": { enforcementLevel: "remediate", exemptions: [{ resource: "orders", reason: "legacy clients", expires: future }] } });
            assert.deepEqual((await pack.remediate(app)).remediations, []);
            assert.equal(of((await pack.analyze(app)).diagnostics, "azure-functionapp-https-only")[0].enforcementLevel, "advisory");
        });

        it("at the default levels nothing is remediated", async () => {
            await pack.configure({});
            assert.deepEqual((await pack.remediate(app)).remediations, []);
            assert.deepEqual((await pack.remediate(classicApp)).remediations, []);
        });
    });
});
