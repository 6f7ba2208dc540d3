// What the pack runs with is pinned: exact versions in package.json, and a lockfile that matches.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../harness/engine";

const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

describe("robustness: supply chain", () => {
    const root = projectRoot();
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const lockPath = path.join(root, "package-lock.json");

    it("runtime dependencies use exact versions", () => {
        const loose = Object.entries(pkg.dependencies ?? {}).filter(([, version]) => !EXACT.test(String(version)));
        assert.deepEqual(loose, [], "runtime dependencies must be pinned to an exact version");
        assert.ok(Object.keys(pkg.dependencies ?? {}).length > 0);
    });

    it("package-lock.json exists and matches package.json's dependency lists", () => {
        assert.ok(fs.existsSync(lockPath), "package-lock.json is missing");
        const lock = JSON.parse(fs.readFileSync(lockPath, "utf8"));
        assert.ok(lock.lockfileVersion >= 2, `lockfileVersion ${lock.lockfileVersion}`);
        const rootEntry = lock.packages?.[""] ?? {};
        assert.equal(lock.name, pkg.name);
        assert.deepEqual(rootEntry.dependencies ?? {}, pkg.dependencies ?? {}, "lockfile out of date: run npm install");
        assert.deepEqual(rootEntry.devDependencies ?? {}, pkg.devDependencies ?? {}, "lockfile out of date: run npm install");
    });

    it("the lockfile resolves each runtime dependency to the pinned version, with an integrity hash (and from the registry)", () => {
        const lock = JSON.parse(fs.readFileSync(lockPath, "utf8"));
        for (const [name, version] of Object.entries(pkg.dependencies ?? {})) {
            const entry = lock.packages?.[`node_modules/${name}`];
            assert.ok(entry, `${name} is not in the lockfile`);
            assert.equal(entry.version, version, name);
            if (entry.resolved !== undefined) { // left out when npm omits registry URLs from the lockfile
                assert.match(String(entry.resolved), /^https:\/\/registry\.npmjs\.org\//, `${name} resolved from ${entry.resolved}`);
            }
            assert.match(String(entry.integrity), /^sha512-/, `${name} has no sha512 integrity`);
        }
    });
});
