// No catastrophic backtracking: every regular-expression literal in policies/ (found in the
// source, so patterns added later are covered) runs in linear time on adversarial inputs of
// 100,000 characters. The inputs pump what each pattern is made of: each of its characters, its
// literal words, and random short mixes of them, after its literal prefix (to get past anchors),
// with a character it cannot end on.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { detectSecret, isSecretLikeValue, isSecretReference, looksLikeSecretName, secretsInCode } from "../../policies/lib/secrets";
import { parsePolicyDocument } from "../../policies/lib/aws/policyDocument";
import { universe } from "./arbitraries";
import type { RegexLiteral } from "./discover";
import { runs, seed } from "./settings";

const SIZE = 100_000;
/**
 * Generous, so load on a shared machine cannot trip it: a linear pattern takes about a millisecond
 * per 100,000 characters, catastrophic backtracking takes seconds to hours.
 */
const MAX_MS = 2000;
/** The least time the 4x check compares with, so a pause of the garbage collector cannot trip it. */
const MIN_BASE_MS = 25;

/** Characters worth pumping: the pattern's own, unescaped, plus one of each class. */
function alphabet(source: string): string[] {
    const chars = new Set("aA0 _-.:/=;@\"'\t\n*?{}()[]$#%&+,<>|\\!~`^".split(""));
    for (const c of source.replace(/\\[dDwWsSbB]/g, "")) {
        chars.add(c);
    }
    return [...chars];
}

/** Runs of letters and digits in the pattern (AccountKey, password, eyJ...), and its literal prefix. */
function words(source: string): string[] {
    const found = new Set(source.replace(/\\[dDwWsSbBnrt]/g, " ").match(/[A-Za-z0-9_]{2,}/g) ?? []);
    const prefix = literalPrefix(source);
    if (prefix !== "") {
        found.add(prefix);
    }
    return [...found];
}

/** The literal text a pattern starts with after `^`: `@Microsoft.KeyVault(` for `^@Microsoft\.KeyVault\(`. */
function literalPrefix(source: string): string {
    let out = "";
    let i = source.startsWith("^") ? 1 : 0;
    while (i < source.length) {
        const c = source[i];
        if (c === "\\" && i + 1 < source.length && !/[A-Za-z0-9]/.test(source[i + 1])) {
            out += source[i + 1];
            i += 2;
        } else if (/[A-Za-z0-9 _:@=,-]/.test(c) && !/[*+?{]/.test(source[i + 1] ?? "")) {
            out += c;
            i += 1;
        } else {
            break;
        }
    }
    return out;
}

/** Everything a policy does with a pattern on a value: test, every match (global), split. */
function exercise(regex: RegExp, input: string): void {
    if (regex.global || regex.sticky) {
        regex.lastIndex = 0;
        for (let m = regex.exec(input), n = 0; m !== null && n < 1_000_000; m = regex.exec(input), n++) {
            if (m[0] === "") {
                regex.lastIndex++;
            }
        }
        regex.lastIndex = 0;
    } else {
        regex.test(input);
        input.split(regex);
    }
}

function timeOf(regex: RegExp, input: string): number {
    const start = process.hrtime.bigint();
    exercise(regex, input);
    return Number(process.hrtime.bigint() - start) / 1e6;
}

const pumped = (prefix: string, pump: string, suffix: string, size: number) =>
    prefix + pump.repeat(Math.ceil(size / pump.length)).slice(0, size) + suffix;

interface Worst {
    ms: number;
    prefix: string;
    pump: string;
    suffix: string;
}

/** Times the pattern on one pumped input; fails at once when it is over the bound. */
function attack(target: RegexLiteral, prefix: string, pump: string, suffix: string, worst: Worst): void {
    if (pump === "") {
        return;
    }
    const ms = timeOf(target.regex, pumped(prefix, pump, suffix, SIZE));
    assert.ok(ms < MAX_MS, `${target.label} took ${ms.toFixed(0)} ms on ${JSON.stringify(prefix)} + ${JSON.stringify(pump)} x ${SIZE / pump.length} + ${JSON.stringify(suffix)}`);
    if (ms > worst.ms) {
        Object.assign(worst, { ms, prefix, pump, suffix });
    }
}

describe("robustness: regular expressions run in linear time on 100,000-character adversarial input", function () {
    this.timeout(120_000);

    it("finds the patterns of policies/", () => {
        assert.ok(universe.regexes.length >= 40, `${universe.regexes.length} patterns`);
        assert.ok(universe.regexes.some(r => r.label.includes("policies/lib/secrets.ts")));
        assert.ok(universe.regexes.some(r => r.label.includes("policies/lib/aws/policyDocument/")));
    });

    for (const target of universe.regexes) {
        it(target.label, () => {
            const source = target.regex.source;
            const chars = alphabet(source);
            const prefixes = ["", literalPrefix(source)];
            const worst: Worst = { ms: 0, prefix: "", pump: "", suffix: "" };
            for (const prefix of new Set(prefixes)) {
                for (const c of chars) {
                    attack(target, prefix, c, "!\u0000", worst);
                }
                for (const w of words(source)) {
                    for (const sep of ["", " ", "=", ":", ";", ".", "/", "-", "a"]) {
                        attack(target, prefix, w + sep, "\u0000", worst);
                    }
                }
            }
            // random mixes of the pattern's characters and words
            fc.assert(fc.property(
                fc.constantFrom(...prefixes),
                fc.array(fc.oneof(fc.constantFrom(...chars), fc.constantFrom(...words(source), "x")), { minLength: 1, maxLength: 5 }),
                fc.constantFrom("", "!", "\u0000", " ", "\n"),
                (prefix, parts, suffix) => attack(target, prefix, parts.join(""), suffix, worst),
            ), { numRuns: runs(15), ...seed() });
            // and the worst input, four times longer, takes less than ten times as long
            const base = Math.max(worst.ms, timeOf(target.regex, pumped(worst.prefix, worst.pump, worst.suffix, SIZE)), MIN_BASE_MS);
            const four = timeOf(target.regex, pumped(worst.prefix, worst.pump, worst.suffix, 4 * SIZE));
            assert.ok(four < 10 * base, `${target.label}: 4x input took ${four.toFixed(1)} ms, 1x ${base.toFixed(1)} ms (pump ${JSON.stringify(worst.pump)})`);
        });
    }
});

describe("robustness: the functions that judge values run in linear time on 100,000-character adversarial input", function () {
    this.timeout(120_000);
    // The words of every pattern, pumped: what each judging function's patterns are made of.
    const pumps = [...new Set(universe.regexes.flatMap(r => words(r.regex.source)))];
    const judges: [string, (input: string) => unknown][] = [
        ["detectSecret under a secret name", input => detectSecret("DB_PASSWORD", input)],
        ["detectSecret under another name", input => detectSecret("CONFIG", input)],
        ["secretsInCode", secretsInCode],
        ["isSecretLikeValue", isSecretLikeValue],
        ["isSecretReference", isSecretReference],
        ["looksLikeSecretName", looksLikeSecretName],
        ["parsePolicyDocument (as a value in every element)", input => parsePolicyDocument({
            Statement: [{ Sid: input, Effect: "Allow", Action: [input, `${input}:*`], Resource: input, Condition: { StringLike: { [input]: input } } }],
        })],
    ];
    for (const [name, judge] of judges) {
        it(name, () => {
            fc.assert(fc.property(
                fc.array(fc.oneof(fc.constantFrom(...pumps), fc.constantFrom("=", ";", ":", "/", "*", " ", "@", "?", "&", "a", "A", "0")), { minLength: 1, maxLength: 4 }),
                fc.constantFrom("", "!", "\u0000"),
                (parts, suffix) => {
                    const input = pumped("", parts.join(""), suffix, SIZE);
                    const start = process.hrtime.bigint();
                    judge(input);
                    const ms = Number(process.hrtime.bigint() - start) / 1e6;
                    assert.ok(ms < MAX_MS, `${name} took ${ms.toFixed(0)} ms on ${JSON.stringify(parts.join(""))} x ${SIZE}`);
                },
            ), { numRuns: runs(40), ...seed() });
        });
    }
});
