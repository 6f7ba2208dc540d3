// The layout CONTRIBUTING.md describes: modules import one way (no circle, type-only imports
// included, since a circle of types is still two modules that cannot be read apart).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { projectRoot } from "../harness/engine";

const sourceFolders = ["policies", "engine", "cli", "testing"];

function sourcesUnder(folder: string): string[] {
    return fs.readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
        const file = path.join(folder, entry.name);
        return entry.isDirectory() ? sourcesUnder(file) : entry.name.endsWith(".ts") ? [file] : [];
    });
}

function resolve(from: string, spec: string): string | undefined {
    const base = path.resolve(path.dirname(from), spec);
    return [`${base}.ts`, path.join(base, "index.ts")].find(f => fs.existsSync(f));
}

function importGraph(): Map<string, string[]> {
    const files = sourceFolders.flatMap(folder => sourcesUnder(path.join(projectRoot(), folder)));
    return new Map(files.map(file => [file, ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles
        .map(i => i.fileName).filter(spec => spec.startsWith(".")).map(spec => resolve(file, spec)).filter((f): f is string => f !== undefined)]));
}

/** The first circle found by depth-first search, as a list of files, or undefined. */
function firstCircle(graph: Map<string, string[]>): string[] | undefined {
    const done = new Set<string>();
    const onPath: string[] = [];
    const visit = (file: string): string[] | undefined => {
        const at = onPath.indexOf(file);
        if (at >= 0) {
            return [...onPath.slice(at), file];
        }
        if (done.has(file)) {
            return undefined;
        }
        onPath.push(file);
        for (const next of graph.get(file) ?? []) {
            const circle = visit(next);
            if (circle) {
                return circle;
            }
        }
        onPath.pop();
        done.add(file);
        return undefined;
    };
    for (const file of graph.keys()) {
        const circle = visit(file);
        if (circle) {
            return circle;
        }
    }
    return undefined;
}

describe("layout", () => {
    it("has no import circle in policies/, engine/, cli/ or testing/", () => {
        const graph = importGraph();
        assert.ok(graph.size > 50, `${graph.size} modules`);
        const circle = firstCircle(graph);
        assert.equal(circle, undefined, circle && circle.map(f => path.relative(projectRoot(), f)).join(" -> "));
    });

    it("finds a circle when there is one", () => {
        assert.deepEqual(firstCircle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]])), ["a", "b", "c", "a"]);
        assert.equal(firstCircle(new Map([["a", ["b"]], ["b", []], ["c", ["a", "b"]]])), undefined);
    });
});
