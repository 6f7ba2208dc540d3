// Plaintext secrets in the environment of Cloud Run services/jobs and Cloud Functions, where
// Secret Manager references (secretKeyRef, secretEnvironmentVariables, secretVolumes) belong.
import { Reporter, Resource, resourceRule } from "../lib/policy";
import { UNKNOWN, isSet, isUnknown, items, read, str } from "../lib/props";
import { Setting, reportPlaintextSecrets, reportSecretsInCode, secretConfig, secretOptions, settingsOf } from "../lib/plaintextSecrets";
import type { SecretOptions } from "../lib/secrets";
import { gcpTypes, workloadTypes } from "../lib/gcp/types";
import { Path, containerEnvs, dotted, envMaps, workloadLabel } from "../lib/gcp/workloads";

const runFix = "store it in Secret Manager and reference it from the variable (valueSource.secretKeyRef on Cloud Run v2, valueFrom.secretKeyRef on v1) " +
    "or mount it as a secret volume; a Pulumi secret is still plaintext in the service configuration.";
const functionFix = "store it in Secret Manager and use secretEnvironmentVariables or secretVolumes instead (build-time variables must not carry secrets at all); " +
    "a Pulumi secret is still plaintext in the function configuration.";

type EnvSetting = Setting & { wholeEntry?: boolean };

/** Container env entries without a Secret Manager reference, as settings; UNKNOWN when the list is. */
function containerSettings(containers: unknown, reference: Path): { container: number; settings: EnvSetting[] | typeof UNKNOWN }[] {
    return items(containers).map((container, i) => {
        const envs = read(container, "envs");
        if (isUnknown(envs)) {
            return { container: i, settings: UNKNOWN };
        }
        const settings = items(envs).flatMap((env, j) => {
            if (env === UNKNOWN) {
                return [{ name: `#${j + 1}`, value: UNKNOWN, wholeEntry: true }];
            }
            if (isSet(read(env, ...reference))) {
                return [];
            }
            const name = str(read(env, "name"));
            return [{ name: typeof name === "string" ? name : `#${j + 1}`, value: read(env, "value") }];
        });
        return { container: i, settings };
    });
}

function judgeContainers(workload: Resource, report: Reporter, options: SecretOptions) {
    const places = containerEnvs[workload.type];
    if (!places) {
        return;
    }
    const containers = read(workload.props, ...places.containers);
    if (containers === UNKNOWN) {
        return report.unknown(`${workloadLabel(workload)}: ${dotted(places.containers)}`);
    }
    for (const { container, settings } of containerSettings(containers, places.reference)) {
        const where = `${dotted(places.containers)}[${container}].envs`;
        if (settings === UNKNOWN) {
            report.unknown(`${workloadLabel(workload)}: ${where}`);
        } else {
            settings.filter(s => s.wholeEntry).forEach(s => report.unknown(`${workloadLabel(workload)}: ${where} entry ${s.name}`));
            reportPlaintextSecrets(settings.filter(s => !s.wholeEntry), `${workloadLabel(workload)}: ${where} variable`, runFix, report, options);
        }
    }
}

export const envNoPlaintextSecrets = resourceRule({
    name: "gcp-serverless-env-no-plaintext-secrets",
    description: "Environment variables of Cloud Run services/jobs and Cloud Functions (runtime and build time) hold no plaintext secrets; " +
        "secrets come from Secret Manager references.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Store the secret in Secret Manager, grant the workload's service account roles/secretmanager.secretAccessor on that secret only, and reference it: " +
        "Cloud Run v2 envs[].valueSource.secretKeyRef, Cloud Run v1 envs[].valueFrom.secretKeyRef, Cloud Functions secretEnvironmentVariables or secretVolumes " +
        "(serviceConfig.* on 2nd gen). The formats are listed in docs/secret-formats.md.",
    tags: ["gcp", "cloud-run", "cloud-functions", "plaintext-secrets"],
    config: secretConfig,
}, workloadTypes, (workload, report, config) => {
    const options = secretOptions(config);
    judgeContainers(workload, report, options);
    for (const path of envMaps[workload.type] ?? []) {
        const settings = settingsOf(read(workload.props, ...path));
        if (settings === UNKNOWN) {
            report.unknown(`${workloadLabel(workload)}: ${dotted(path)}`);
            continue;
        }
        reportPlaintextSecrets(settings, `${workloadLabel(workload)}: ${dotted(path)} variable`,
            containerEnvs[workload.type] ? runFix : functionFix, report, options);
    }
});

export const codeNoPlaintextSecrets = resourceRule({
    name: "gcp-serverless-code-no-plaintext-secrets",
    description: "Function source archives uploaded from the program to a bucket object (an AssetArchive, such as the code of gcp.cloudfunctions.CallbackFunction) hold no secret in a known format: anyone who can read the object, or download the function's source, reads it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Store the secret in Secret Manager and read it at run time (secretEnvironmentVariables or secretVolumes, or the client library with the function's service account) instead of writing it into the code. A callback function serializes every value its closure captures into the archive: read secrets inside the function instead of capturing them. Archives from files on disk (FileArchive) are not visible to the pack. The formats are listed in docs/secret-formats.md.",
    tags: ["gcp", "cloud-functions", "plaintext-secrets"],
}, [gcpTypes.bucketObject], (object, report) => reportSecretsInCode(object.props, ["source"], `Bucket object '${object.name}'`,
    "read it at run time from Secret Manager instead (whatever a callback function's closure captures is serialized into the archive).", report, true));

export const gcpSecretPolicies = [envNoPlaintextSecrets, codeNoPlaintextSecrets];
