// Unknown-safe reading of plain props: engine sentinels and the UNKNOWN symbol read as UNKNOWN,
// the SDK's Secret wrappers (left by a previous remediation) read like plain values, wrong types
// and null read as absent, and nothing throws.
import * as assert from "node:assert/strict";
import { Secret, unknownCheckingProxy } from "@pulumi/policy";
import { UNKNOWN, bool, isSet, isUnknown, items, list, num, plainProps, read, record, str, strings } from "../../policies/lib/props";
import { UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_OBJECT, UNKNOWN_STRING } from "../fixtures/common";

const sentinels = [UNKNOWN_STRING, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_ARRAY, UNKNOWN_OBJECT];
const unknowns: unknown[] = [UNKNOWN, ...sentinels, new Secret(UNKNOWN_STRING)];

describe("props", () => {
    describe("isUnknown", () => {
        it("knows every engine sentinel and the UNKNOWN symbol, nothing else", () => {
            for (const u of [UNKNOWN, ...sentinels]) {
                assert.ok(isUnknown(u), String(u));
            }
            for (const v of [undefined, null, "", "04da6b54-80e4-46f7-96ec-b56ff0331ba8", 0, {}, Symbol("unknown")]) {
                assert.ok(!isUnknown(v), String(v));
            }
        });
    });

    describe("read", () => {
        const props = { a: { b: [{ c: "x" }, UNKNOWN_OBJECT] }, n: null, s: "text", u: UNKNOWN_STRING };

        it("follows paths through objects and lists", () => {
            assert.equal(read(props, "a", "b", 0, "c"), "x");
            assert.equal(read(props, "s"), "text");
            assert.equal(read(props), props);
        });

        it("is UNKNOWN when the value or anything on the way is", () => {
            assert.equal(read(props, "u"), UNKNOWN);
            assert.equal(read(props, "u", "deeper"), UNKNOWN);
            assert.equal(read(props, "a", "b", 1, "c"), UNKNOWN);
            assert.equal(read(UNKNOWN, "x"), UNKNOWN);
            assert.equal(read({ x: UNKNOWN }, "x", "y"), UNKNOWN);
        });

        it("is undefined when anything on the way is absent, null or not an object", () => {
            assert.equal(read(props, "missing", "x"), undefined);
            assert.equal(read(props, "n", "x"), undefined);
            assert.equal(read(props, "s", "x"), undefined);
            assert.equal(read(null, "x"), undefined);
            assert.equal(read(42, "x"), undefined);
            assert.equal(read(props, "n"), null);
        });

        it("reads through Secret wrappers at any depth", () => {
            const wrapped = new Secret({ a: new Secret([new Secret({ c: "x" })]), u: new Secret(UNKNOWN_BOOL) });
            assert.equal(read(wrapped, "a", 0, "c"), "x");
            assert.equal(read(wrapped, "u"), UNKNOWN);
            assert.equal(read(new Secret("x")), "x");
        });
    });

    describe("str, bool, num", () => {
        it("read plain and secret values alike", () => {
            for (const wrap of [(v: unknown) => v, (v: unknown) => new Secret(v)]) {
                assert.equal(str(wrap("x")), "x");
                assert.equal(str(wrap("")), "");
                assert.equal(bool(wrap(true)), true);
                assert.equal(bool(wrap(false)), false);
                assert.equal(bool(wrap("true")), true);
                assert.equal(bool(wrap("false")), false);
                assert.equal(num(wrap(3)), 3);
                assert.equal(num(wrap("2.5")), 2.5);
                assert.equal(num(wrap(0)), 0);
            }
        });

        it("are UNKNOWN for every unknown, plain or wrapped", () => {
            for (const u of unknowns) {
                assert.equal(str(u), UNKNOWN, String(u));
                assert.equal(bool(u), UNKNOWN, String(u));
                assert.equal(num(u), UNKNOWN, String(u));
            }
        });

        it("are undefined for wrong types and null, plain or wrapped", () => {
            for (const v of [undefined, null, [], {}, () => 1, Symbol("s"), new Secret(null), new Secret({})]) {
                assert.equal(str(v), undefined, String(v));
                assert.equal(bool(v), undefined, String(v));
                assert.equal(num(v), undefined, String(v));
            }
            assert.equal(str(42), undefined);
            assert.equal(str(new Secret(true)), undefined);
            for (const v of ["TRUE", "yes", 1, 0, new Secret("on")]) {
                assert.equal(bool(v), undefined, String(v));
            }
            for (const v of ["", "  ", "12abc", NaN, Infinity, "Infinity", true, new Secret("x")]) {
                assert.equal(num(v), undefined, String(v));
            }
        });
    });

    describe("list and record", () => {
        it("return the array or object itself when nothing in it is wrapped", () => {
            const array = ["a", UNKNOWN_STRING];
            const object = { k: "v", u: UNKNOWN_STRING };
            assert.equal(list(array), array);
            assert.equal(record(object), object);
        });

        it("open a secret list or map, and secret elements or fields", () => {
            assert.deepEqual(list(new Secret(["a", "b"])), ["a", "b"]);
            assert.deepEqual(list(["a", new Secret("b")]), ["a", "b"]);
            assert.deepEqual(record(new Secret({ k: "v" })), { k: "v" });
            assert.deepEqual(record({ k: new Secret("v"), n: 1 }), { k: "v", n: 1 });
            assert.deepEqual(record(new Secret({ k: new Secret({ deep: "x" }) })), { k: { deep: "x" } });
        });

        it("are UNKNOWN for every unknown; elements and fields may still be unknown", () => {
            for (const u of unknowns) {
                assert.equal(list(u), UNKNOWN, String(u));
                assert.equal(record(u), UNKNOWN, String(u));
            }
            assert.deepEqual(list([UNKNOWN_STRING]), [UNKNOWN_STRING]);
            assert.deepEqual(record({ k: UNKNOWN_STRING }), { k: UNKNOWN_STRING });
        });

        it("are undefined for wrong types and null; a list is no record, a record no list", () => {
            for (const v of [undefined, null, 42, true, "text", () => 1, new Secret(null), new Secret("text")]) {
                assert.equal(list(v), undefined, String(v));
                assert.equal(record(v), undefined, String(v));
            }
            assert.equal(list({}), undefined);
            assert.equal(record([]), undefined);
            assert.equal(record(new Secret([])), undefined);
        });

        it("do not throw on an object whose getters throw", () => {
            const hostile = new Proxy({ k: 1 }, { get() { throw new Error("boom"); } });
            assert.equal(record(hostile), hostile);
        });
    });

    describe("items", () => {
        it("gives the elements, unknown ones as UNKNOWN and secret ones opened", () => {
            assert.deepEqual(items(["a", UNKNOWN_STRING, UNKNOWN, new Secret("b"), new Secret(UNKNOWN_OBJECT), null]),
                ["a", UNKNOWN, UNKNOWN, "b", UNKNOWN, null]);
            assert.deepEqual(items(new Secret(["a", new Secret("b")])), ["a", "b"]);
        });

        it("is [UNKNOWN] for an unknown list, [] for absent or wrong types", () => {
            for (const u of unknowns) {
                assert.deepEqual(items(u), [UNKNOWN], String(u));
            }
            for (const v of [undefined, null, "text", 42, {}, new Secret({})]) {
                assert.deepEqual(items(v), [], String(v));
            }
        });
    });

    describe("strings", () => {
        it("gives the strings of a list or a single string, secret or not", () => {
            assert.deepEqual(strings(["a", 42, null, new Secret("b"), {}]), { values: ["a", "b"], unknown: false });
            assert.deepEqual(strings("a"), { values: ["a"], unknown: false });
            assert.deepEqual(strings(new Secret("a")), { values: ["a"], unknown: false });
            assert.deepEqual(strings(new Secret(["a", new Secret("b")])), { values: ["a", "b"], unknown: false });
        });

        it("says when the list or an element is unknown, plain or wrapped", () => {
            for (const u of unknowns) {
                assert.deepEqual(strings(u), { values: [], unknown: true }, String(u));
                assert.deepEqual(strings(["a", u]), { values: ["a"], unknown: true }, String(u));
            }
        });

        it("is empty for absent values and wrong types", () => {
            for (const v of [undefined, null, 42, true, {}, new Secret(42)]) {
                assert.deepEqual(strings(v), { values: [], unknown: false }, String(v));
            }
        });
    });

    describe("plainProps", () => {
        it("reads the plain object behind the SDK's unknown-checking proxy, so unknowns do not throw", () => {
            const plain = { runtime: UNKNOWN_STRING, role: "r", environment: { variables: { A: UNKNOWN_STRING } } };
            const proxied = unknownCheckingProxy(plain) as Record<string, unknown>;
            assert.throws(() => proxied.runtime);
            const props = plainProps(proxied);
            assert.equal(props, plain);
            assert.equal(str(read(props, "runtime")), UNKNOWN);
            assert.equal(read(props, "environment", "variables", "A"), UNKNOWN);
            assert.equal(str(read(props, "role")), "r");
        });

        it("takes a plain object as it is, and opens a Secret wrapper", () => {
            const plain = { a: 1 };
            assert.equal(plainProps(plain), plain);
            assert.equal(plainProps(new Secret(plain)), plain);
        });

        it("is {} for null, non-objects and arrays", () => {
            for (const v of [undefined, null, 42, "text", [], [1], UNKNOWN, UNKNOWN_OBJECT, new Secret(null)]) {
                assert.deepEqual(plainProps(v), {}, String(v));
            }
        });
    });

    describe("isSet", () => {
        it("is true for anything but undefined and null; unknown counts as set", () => {
            for (const v of [0, "", false, UNKNOWN, UNKNOWN_STRING, {}]) {
                assert.ok(isSet(v), String(v));
            }
            assert.ok(!isSet(undefined));
            assert.ok(!isSet(null));
        });
    });
});
