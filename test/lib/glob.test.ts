// The one glob matcher: `*` any run, `?` one character, everything else literal; case-insensitive
// on request; linear on adversarial input.
import * as assert from "node:assert/strict";
import { compileGlob, globMatches, matchGlob } from "../../policies/lib/glob";

const ci = { caseInsensitive: true };

describe("glob", () => {
    it("matches whole texts: * any characters (also none), everything else literal", () => {
        const cases: [string, string, boolean][] = [
            ["legacy-*", "legacy-api", true],
            ["legacy-*", "legacy-", true],
            ["legacy-*", "my-legacy-api", false],
            ["*-api", "legacy-api", true],
            ["*-api", "legacy-api2", false],
            ["a*b*c", "abc", true],
            ["a*b*c", "a-b-b-c", true],
            ["a*b*c", "acb", false],
            ["a*a*a", "aa", false],
            ["a*a*a", "aaa", true],
            ["ab*ba", "aba", false], // the first and last runs may not overlap
            ["a.b", "axb", false],
            ["a(b)[c]+^$\\", "a(b)[c]+^$\\", true],
            ["plain", "plain", true],
            ["plain", "plainer", false],
            ["plain", "Plain", false],
        ];
        for (const [pattern, text, expected] of cases) {
            assert.equal(globMatches(pattern, text), expected, `${pattern} vs ${text}`);
        }
    });

    it("? is exactly one character, in any run", () => {
        assert.ok(globMatches("api-?", "api-1"));
        assert.ok(!globMatches("api-?", "api-12"));
        assert.ok(!globMatches("api-?", "api-"));
        assert.ok(globMatches("?*", "x"));
        assert.ok(!globMatches("?*", ""));
        assert.ok(globMatches("*-?-*", "a-b-c"));
        assert.ok(globMatches("*?b?*", "aaabaaa"));
        assert.ok(!globMatches("*?b?*", "ab"));
        assert.ok(globMatches("a?c", "a\nc"), "any character, a line break too");
    });

    it("compares case-insensitively only on request", () => {
        assert.ok(globMatches("IAM:Put*", "iam:putRolePolicy", ci));
        assert.ok(!globMatches("IAM:Put*", "iam:putRolePolicy"));
        assert.ok(globMatches("*_seed", "WALLET_SEED", ci));
        assert.ok(globMatches("?_SEED", "x_seed", ci));
    });

    it("the empty pattern matches only the empty text; only * matches everything", () => {
        assert.ok(globMatches("", ""));
        assert.ok(!globMatches("", "x"));
        for (const stars of ["*", "**", "*".repeat(1000)]) {
            assert.ok(globMatches(stars, ""));
            assert.ok(globMatches(stars, "anything at all"));
            assert.ok(compileGlob(stars).anything);
        }
        assert.ok(!compileGlob("*?").anything);
    });

    it("never matches non-strings", () => {
        assert.equal(globMatches(undefined as unknown as string, "x"), false);
        assert.equal(globMatches("*", 42 as unknown as string), false);
    });

    it("strict: a ? does not cover a * in the tested pattern", () => {
        const glob = compileGlob("iam:?ass*", ci);
        assert.ok(matchGlob(glob, "iam:PassRole", true));
        assert.ok(matchGlob(glob, "iam:Pass*", true));
        assert.ok(matchGlob(glob, "iam:*ass", false));
        assert.ok(!matchGlob(glob, "iam:*ass", true));
        assert.ok(matchGlob(compileGlob("s3:*"), "s3:*", true));
        assert.ok(!matchGlob(compileGlob("s3:Get?"), "s3:Get*", true));
    });

    it("compiles once: the same pattern and case option give the same compiled glob", () => {
        assert.equal(compileGlob("cache-*-me"), compileGlob("cache-*-me"));
        assert.notEqual(compileGlob("cache-*-me"), compileGlob("cache-*-me", ci));
        const huge = "*x".repeat(300_000); // 600,000 characters: a second one overflows the budget
        for (let i = 0; i < 4; i++) {
            assert.ok(!globMatches(`${huge}${i}`, "x"));
        }
        assert.ok(globMatches("cache-*-me", "cache-it-me"), "still right after the cache started again");
    });

    it("stays linear on adversarial input (100,000 characters vs *a*a*a*b and friends)", function () {
        // A backtracking matcher takes minutes to hours here; this takes milliseconds.
        this.timeout(10_000);
        const text = "a".repeat(100_000);
        const boundMs = 2000;
        const cases: [string, string, boolean][] = [
            ["*a*a*a*b", text, false],
            ["*a*a*a*a", text, true],
            ["*a*a*a*b", `${text}b`, true],
            ["*a?a*a?a*b", text, false],
            ["?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b", text, false],
            ["*aab*", "a".repeat(50_000) + "ab".repeat(25_000), true],
            ["*a?b*", "a".repeat(100_000), false],
            ["a*".repeat(50_000) + "b", text, false],
            ["*", text, true],
        ];
        for (const [pattern, input, expected] of cases) {
            for (const options of [{}, ci]) {
                const start = process.hrtime.bigint();
                assert.equal(globMatches(pattern, input, options), expected, pattern.slice(0, 40));
                const ms = Number(process.hrtime.bigint() - start) / 1e6;
                assert.ok(ms < boundMs, `${pattern.slice(0, 40)} took ${ms.toFixed(0)} ms`);
            }
        }
    });
});
