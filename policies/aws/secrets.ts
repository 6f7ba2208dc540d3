// Plaintext secrets in Lambda environment variables.
import { resourceRule } from "../lib/policy";
import { UNKNOWN, read } from "../lib/props";
import { reportPlaintextSecrets, secretConfig, secretOptions, settingsOf } from "../lib/plaintextSecrets";
import { lambdaLabel } from "../lib/aws/naming";
import { awsTypes } from "../lib/aws/types";

export const envNoPlaintextSecrets = resourceRule({
    name: "aws-lambda-env-no-plaintext-secrets",
    description: "Lambda environment variables hold no plaintext secrets. A Pulumi secret is plaintext too once it is in the Lambda configuration: anyone with lambda:GetFunctionConfiguration reads it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Store the secret in AWS Secrets Manager or SSM Parameter Store (SecureString), pass its ARN or parameter name in the environment variable, grant the role secretsmanager:GetSecretValue or ssm:GetParameter on that one ARN, and read it at run time (for example with the Parameters and Secrets Lambda extension).",
    tags: ["aws", "lambda", "plaintext-secrets"],
    config: secretConfig,
}, [awsTypes.function], (fn, report, config) => {
    const variables = settingsOf(read(fn.props, "environment", "variables"));
    if (variables === UNKNOWN) {
        return report.unknown(`${lambdaLabel(fn)}: environment.variables`);
    }
    reportPlaintextSecrets(variables, `${lambdaLabel(fn)}: environment variable`,
        "store it in Secrets Manager or SSM Parameter Store and pass the secret's ARN or parameter name instead (a Pulumi secret is still plaintext in the Lambda configuration).",
        report, secretOptions(config));
});

export const awsSecretPolicies = [envNoPlaintextSecrets];
