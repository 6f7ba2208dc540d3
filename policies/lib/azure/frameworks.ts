/** A control of the CIS Microsoft Azure Foundations Benchmark 2.0.0, section 9 (App Service). */
export const cisAzure = (control: string, specification: string) => ({
    name: "CIS Microsoft Azure Foundations Benchmark", version: "2.0.0", reference: control, specification,
});
