// Engine test harness: the audit command's Analyzer client (cli/analyzer.ts), plus where the
// project's fixtures live. One implementation of the engine side serves the CLI and the tests.
import * as path from "path";
import { packageRoot } from "../../cli/analyzer";

export * from "../../cli/analyzer";

/** The project root: the nearest directory above the harness holding a package.json. */
export const projectRoot = packageRoot;

/** `<project root>/test/fixtures/<name>` */
export function fixturePath(name: string): string {
    return path.join(projectRoot(), "test", "fixtures", name);
}
