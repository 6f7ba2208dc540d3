// Plaintext secrets in Lambda environment variables and in the code the program uploads.
import { resourceRule } from "../lib/policy";
import { UNKNOWN, read } from "../lib/props";
import { printableKey, reportPlaintextSecrets, reportSecretsInCode, secretConfig, secretOptions, settingsOf } from "../lib/plaintextSecrets";
import { isPulumiSecret } from "../../engine/sdk/secretMarks";
import { isIgnoredName } from "../lib/secrets";
import { lambdaLabel } from "../lib/aws/naming";
import { awsTypes } from "../lib/aws/types";

export const envNoPlaintextSecrets = resourceRule({
    name: "aws-lambda-env-no-plaintext-secrets",
    description: "Lambda environment variables hold no plaintext secrets. A Pulumi secret is plaintext too once it is in the Lambda configuration: anyone with lambda:GetFunctionConfiguration reads it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Store the secret in AWS Secrets Manager or SSM Parameter Store (SecureString), pass its ARN or parameter name in the environment variable, grant the role secretsmanager:GetSecretValue or ssm:GetParameter on that one ARN, and read it at run time (for example with the Parameters and Secrets Lambda extension). The formats are listed in docs/secret-formats.md.",
    tags: ["aws", "lambda", "plaintext-secrets"],
    config: secretConfig,
}, [awsTypes.function], (fn, report, config) => {
    const options = secretOptions(config);
    const path = ["environment", "variables"];
    const pulumiSecretFix = "Fix: store it in Secrets Manager or SSM Parameter Store and pass the secret's ARN or parameter name instead.";
    const variables = settingsOf(read(fn.props, ...path));
    if (variables === UNKNOWN) {
        return isPulumiSecret(fn.props, path)
            ? report.violation(`${lambdaLabel(fn)}: environment.variables is a Pulumi secret, which Lambda keeps in plaintext in the function's configuration. ${pulumiSecretFix}`)
            : report.unknown(`${lambdaLabel(fn)}: environment.variables`);
    }
    const isMarked = (name: string) => !isIgnoredName(name, options) && isPulumiSecret(fn.props, [...path, name]);
    const unmarked = [];
    for (const variable of variables) {
        if (isMarked(variable.name)) {
            report.violation(`${lambdaLabel(fn)}: environment variable ${printableKey(variable.name)} holds a Pulumi secret, which Lambda keeps in plaintext in the function's configuration (readable with lambda:GetFunctionConfiguration). ${pulumiSecretFix}`);
        } else {
            unmarked.push(variable);
        }
    }
    reportPlaintextSecrets(unmarked, `${lambdaLabel(fn)}: environment variable`,
        "store it in Secrets Manager or SSM Parameter Store and pass the secret's ARN or parameter name instead.",
        report, options);
});

export const codeNoPlaintextSecrets = resourceRule({
    name: "aws-lambda-code-no-plaintext-secrets",
    description: "Lambda function code uploaded from the program (an AssetArchive or StringAsset, such as the serialized closure of aws.lambda.CallbackFunction) holds no secret in a known format: anyone who can download the code (lambda:GetFunction) reads it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Store the secret in Secrets Manager or SSM Parameter Store and read it at run time with the execution role instead of writing it into the code. A CallbackFunction serializes every value its closure captures into the code: read secrets inside the function instead of capturing them. Code from files on disk (FileArchive, FileAsset) is not visible to the pack. The formats are listed in docs/secret-formats.md.",
    tags: ["aws", "lambda", "plaintext-secrets"],
}, [awsTypes.function], (fn, report) => reportSecretsInCode(fn.props, ["code"], lambdaLabel(fn),
    "read it at run time from Secrets Manager or SSM Parameter Store instead (whatever a CallbackFunction's closure captures is serialized into the code).", report));

export const awsSecretPolicies = [envNoPlaintextSecrets, codeNoPlaintextSecrets];
