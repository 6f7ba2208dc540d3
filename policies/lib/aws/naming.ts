import type { Resource } from "../resource";

export const lambdaLabel = (fn: Resource) => `Lambda function '${fn.name}'`;
