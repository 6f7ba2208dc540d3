// The Lambda runtime deprecation table.
import * as assert from "node:assert/strict";
import { isDeprecatedRuntime } from "../../policies/lib/aws/runtimes";

describe("isDeprecatedRuntime", () => {
    it("is deprecated from its day on, not before", () => {
        assert.equal(isDeprecatedRuntime("nodejs16.x", "2024-06-12"), true);
        assert.equal(isDeprecatedRuntime("nodejs16.x", "2024-06-11"), false);
        assert.equal(isDeprecatedRuntime("python2.7", "2030-01-01"), true);
    });

    it("knows nothing of runtimes not in the table", () => {
        assert.equal(isDeprecatedRuntime("nodejs99.x", "2999-12-31"), false);
        assert.equal(isDeprecatedRuntime("", "2999-12-31"), false);
    });

    it("does not find names on the table's prototype", () => {
        for (const name of ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__defineGetter__"]) {
            // "~" sorts after every date and every "[object ...]"/"function ..." text a prototype member turns into.
            assert.equal(isDeprecatedRuntime(name, "~"), false, name);
            assert.equal(isDeprecatedRuntime(name, "2999-12-31"), false, name);
        }
    });
});
