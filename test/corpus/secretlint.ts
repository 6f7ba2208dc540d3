// secretlint (dev-only cross-check) with its recommended preset, run in-process on a list of
// values: which of them it reports. It is an ES module, so it is imported, not required.

const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;

/** The indexes of the values secretlint reports, each value on its own lines after a neutral name. */
export async function secretlintFinds(values: readonly string[]): Promise<Set<number>> {
    const [{ lintSource }, { creator }] = await Promise.all([
        importModule("@secretlint/core"), importModule("@secretlint/secretlint-rule-preset-recommend"),
    ]);
    const starts: number[] = [];
    let content = "";
    for (const value of values) {
        starts.push(content.length);
        content += `CONFIG_BLOB=${value}\n`;
    }
    const result = await lintSource({
        source: { filePath: "/corpus/settings.env", content, contentType: "text" },
        options: { config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator }] }, maskSecrets: true },
    });
    const found = new Set<number>();
    for (const message of result.messages as { range: [number, number] }[]) {
        let i = starts.length - 1;
        while (i > 0 && starts[i] > message.range[0]) {
            i--;
        }
        found.add(i);
    }
    return found;
}
