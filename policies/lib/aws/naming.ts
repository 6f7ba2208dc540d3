import type { Resource } from "../policy";

export const fsbp = (control: string, specification: string) => ({
    name: "AWS Foundational Security Best Practices", version: "1.0.0", reference: control, specification,
});

export const lambdaLabel = (fn: Resource) => `Lambda function '${fn.name}'`;
