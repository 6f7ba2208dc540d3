// The compliance frameworks the policies map to, one function each: a policy names a control of
// one of them as `framework: cisAws("1.16", "Ensure ...")`, and the SDK reports it with every
// finding. A new benchmark version changes here only.
import type { PolicyComplianceFramework } from "@pulumi/policy";

const framework = (name: string, version: string) =>
    (reference: string, specification: string): PolicyComplianceFramework => ({ name, version, reference, specification });

/** AWS Security Hub's Foundational Security Best Practices (the Lambda.* controls). */
export const fsbp = framework("AWS Foundational Security Best Practices", "1.0.0");
export const cisAws = framework("CIS AWS Foundations Benchmark", "3.0.0");
/** Section 9 (App Service) covers Function Apps. */
export const cisAzure = framework("CIS Microsoft Azure Foundations Benchmark", "2.0.0");
export const cisGcp = framework("CIS Google Cloud Platform Foundation Benchmark", "2.0.0");
