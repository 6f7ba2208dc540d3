// Engine test harness: the engine side of the protocol that the audit command uses too
// (engine/client/), the engine's encodings (engine/wire.ts), and where the project's fixtures live.
import * as path from "path";
import { packageRoot } from "../../engine/client/launch";

export * from "../../engine/wire";
export * from "../../engine/client/types";
export * from "../../engine/client/encoding";
export * from "../../engine/client/config";
export * from "../../engine/client/launch";

/** The project root: the nearest directory above the harness holding a package.json. */
export const projectRoot = packageRoot;

/** `<project root>/test/fixtures/<name>` */
export function fixturePath(name: string): string {
    return path.join(projectRoot(), "test", "fixtures", name);
}
