// The one glob matcher: `*` any run of characters (also none), `?` exactly one, everything else
// literal; optionally case-insensitive. Shared by exemptions (operator globs over names and URNs),
// secret-name patterns and IAM action patterns.
//
// No regex: a pattern compiles once (cached) into its literal runs between `*`s. A match anchors
// the first and last run and finds each middle run leftmost after the previous one, which is exact
// for globs. Runs without `?` are found with indexOf; the search never goes back, so an input such
// as `*a*a*a*b` against 100,000 characters takes one pass per run, not a backtracking blow-up.

export interface GlobOptions {
    /** Compare case-insensitively (both sides lower-cased). */
    caseInsensitive?: boolean;
}

export interface Glob {
    /** Literal runs between `*`s (may contain `?`), lower-cased when case-insensitive; one run when there is no `*`. */
    readonly runs: readonly string[];
    /** Which runs contain `?` (those are compared character by character). */
    readonly wild: readonly boolean[];
    /** Characters a match needs at least. */
    readonly minLength: number;
    /** Only `*`s: matches everything. */
    readonly anything: boolean;
    readonly caseInsensitive: boolean;
}

/** The caches hold patterns up to this many characters in all, then start again. */
const cacheBudget = 1_000_000;
const caches = { sensitive: new Map<string, Glob>(), insensitive: new Map<string, Glob>() };
let cachedChars = 0;

/** `pattern` compiled, from the cache when it was compiled before. */
export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
    const caseInsensitive = options.caseInsensitive === true;
    const cache = caseInsensitive ? caches.insensitive : caches.sensitive;
    let glob = cache.get(pattern);
    if (glob === undefined) {
        glob = build(pattern, caseInsensitive);
        if (cachedChars + pattern.length > cacheBudget) {
            // Real patterns are small and few; a full cache means unusual input.
            caches.sensitive.clear();
            caches.insensitive.clear();
            cachedChars = 0;
        }
        if (pattern.length <= cacheBudget) {
            cache.set(pattern, glob);
            cachedChars += pattern.length;
        }
    }
    return glob;
}

function build(pattern: string, caseInsensitive: boolean): Glob {
    const parts = (caseInsensitive ? pattern.toLowerCase() : pattern).split("*");
    // Empty middle runs come from `**`; they match nothing and are dropped.
    const runs = parts.filter((run, i) => run !== "" || i === 0 || i === parts.length - 1);
    return {
        runs,
        wild: runs.map(run => run.includes("?")),
        minLength: runs.reduce((n, run) => n + run.length, 0),
        anything: runs.length === 2 && runs[0] === "" && runs[1] === "",
        caseInsensitive,
    };
}

/** Whether `pattern` matches all of `text`. Non-strings never match. */
export function globMatches(pattern: string, text: string, options?: GlobOptions): boolean {
    return typeof pattern === "string" && typeof text === "string" && matchGlob(compileGlob(pattern, options), text);
}

/**
 * Whether `glob` matches all of `text`. With `strict`, `text` is itself a pattern and a `?` in the
 * glob does not match a `*` in it, so a match means the glob covers everything `text` matches
 * (sound, not complete).
 */
export function matchGlob(glob: Glob, text: string, strict = false): boolean {
    if (glob.anything) {
        return true;
    }
    if (text.length < glob.minLength) {
        return false;
    }
    const t = glob.caseInsensitive ? text.toLowerCase() : text;
    const { runs } = glob;
    if (runs.length === 1) {
        return t.length === runs[0].length && runAt(glob, 0, t, 0, strict);
    }
    const lastIndex = runs.length - 1;
    const end = t.length - runs[lastIndex].length;
    if (!runAt(glob, 0, t, 0, strict) || !runAt(glob, lastIndex, t, end, strict)) {
        return false;
    }
    let pos = runs[0].length;
    for (let i = 1; i < lastIndex; i++) {
        const found = findRun(glob, i, t, pos, end, strict);
        if (found < 0) {
            return false;
        }
        pos = found + runs[i].length;
    }
    return true;
}

/** Whether run `r` matches `t` at `at`. */
function runAt(glob: Glob, r: number, t: string, at: number, strict: boolean): boolean {
    const run = glob.runs[r];
    if (!glob.wild[r]) {
        return t.startsWith(run, at);
    }
    for (let i = 0; i < run.length; i++) {
        const c = run[i];
        const d = t[at + i];
        if (c !== d && !(c === "?" && d !== undefined && !(strict && d === "*"))) {
            return false;
        }
    }
    return true;
}

/** Leftmost position of run `r` in `t` at or after `from`, ending by `end`; -1 if none. */
function findRun(glob: Glob, r: number, t: string, from: number, end: number, strict: boolean): number {
    const run = glob.runs[r];
    if (!glob.wild[r]) {
        const found = t.indexOf(run, from);
        return found >= 0 && found + run.length <= end ? found : -1;
    }
    for (let at = from; at + run.length <= end; at++) {
        if (runAt(glob, r, t, at, strict)) {
            return at;
        }
    }
    return -1;
}
