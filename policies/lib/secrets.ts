// Secret detection for environment variables, app settings, connection strings and function
// code, shared by the AWS, Azure and GCP plaintext-secret rules. What it knows (formats, public
// keys, secret-free settings) is in lib/secretFormats.
//
// detectSecret(name, value) judges one setting in four steps:
//   1. a reference to a secrets manager (or a preview unknown) is never a secret, nor is a key
//      public by design or a setting secret-free by design;
//   2. a known secret format anywhere in the value is one, whatever the name (also inside base64);
//   3. a secret-looking name with a literal, secret-like value is one.
// secretsInCode(text) finds the formats in code (names do not apply there).
// Both answer with kinds (fixed phrases from SECRET_KINDS), never with any part of the value,
// and never throw: malformed input and options are skipped, not reported.
//
// Every regex is a module-level constant and runs in linear time on any input: no nested or
// overlapping unbounded quantifiers, bounded repetition, and on unanchored patterns a lookbehind
// "not preceded by a character of the same class", so a long run is tried from its start only.

import { compileGlob, Glob, matchGlob } from "./glob";
import { isUnknown } from "./props";
import { CheckName, FORMATS, Format, KINDS, KindId, PUBLIC_KEYS, SECRET_FREE_SETTINGS, SecretKindInfo } from "./secretFormats";

/** The kinds of finding, most specific first. */
export const SECRET_KINDS = Object.values(KINDS).map(k => k.label);

export type SecretKind = (typeof KINDS)[KindId]["label"];

const kindsByLabel: ReadonlyMap<string, SecretKindInfo> = new Map(Object.values(KINDS).map(k => [k.label, k]));

/** What to do about a kind of secret besides storing it properly: where to rotate it, what needs none. */
export function secretKindInfo(kind: SecretKind): SecretKindInfo {
    return kindsByLabel.get(kind) ?? KINDS.namedSecret;
}

/** Operator options, as configured: lists of strings (anything else in them is skipped). */
export interface SecretOptions {
    /** More secret-looking names: case-insensitive substrings ("seed"), or globs with `*` that
     *  must match the whole name ("*_SEED"; in a glob `?` is any one character). Settings
     *  suffixes (TTL, NAME...) still exempt a name matched by a substring; a glob is taken as is. */
    extraNamePatterns?: unknown;
    /** Names (case-insensitive, exact) that are never reported. */
    ignoreNames?: unknown;
}

// ---------------------------------------------------------------------------------------------
// References

const KEY_VAULT_REFERENCE =
    /^@Microsoft\.KeyVault\((?:SecretUri=https:\/\/[^()\s]{1,2048}|VaultName=[^;()\s]{1,127};\s?SecretName=[^;()\s]{1,127}(?:;\s?SecretVersion=[^;()\s]{1,64})?)\)$/i;

/** Values that point at a secrets manager instead of holding the secret. */
const REFERENCES: readonly RegExp[] = [
    /^arn:aws[a-z-]{0,20}:secretsmanager:[a-z0-9-]{0,32}:\d{0,12}:secret:\S{1,2048}$/,
    /^arn:aws[a-z-]{0,20}:ssm:[a-z0-9-]{0,32}:\d{0,12}:parameter\/?\S{1,2048}$/,
    /^\{\{resolve:(?:ssm|ssm-secure|secretsmanager):[^{}\s]{1,2048}\}\}$/,
    /^\/aws\/reference\/secretsmanager\/\S{1,2048}$/,
    // An SSM parameter path; a file path is not a secret either.
    /^\/[\w.-][\w./-]{0,2046}$/,
    KEY_VAULT_REFERENCE,
    /^(?:\/\/secretmanager\.googleapis\.com\/)?projects\/[^/\s]{1,256}\/secrets\/[^/\s]{1,256}(?:\/versions\/[^/\s]{1,64})?$/,
    /^sm:\/\/\S{1,2048}$/,
];

/** An Azure Key Vault reference: `@Microsoft.KeyVault(SecretUri=https://...)` or
 *  `@Microsoft.KeyVault(VaultName=...;SecretName=...[;SecretVersion=...])`. */
export function isKeyVaultReference(value: unknown): boolean {
    return typeof value === "string" && KEY_VAULT_REFERENCE.test(value.trim());
}

/** A reference to AWS Secrets Manager / SSM Parameter Store, Azure Key Vault or GCP Secret
 *  Manager (the whole value, surrounding blanks aside). */
export function isSecretReference(value: unknown): boolean {
    if (typeof value !== "string") {
        return false;
    }
    const text = value.trim();
    return REFERENCES.some(p => p.test(text));
}

// ---------------------------------------------------------------------------------------------
// Known formats

/** Placeholders for a value supplied elsewhere: ${VAR}, $(VAR), {{x}}, #{x}#, %VAR%, $VAR,
 *  <your-password>, and masks such as ***** or xxxx. */
const PLACEHOLDER =
    /^(?:\$\{[^{}]{1,256}\}|\$\([^()]{1,256}\)|\{\{[^{}]{1,256}\}\}|#\{[^{}]{1,256}\}#?|%[A-Za-z_][A-Za-z0-9_]{0,127}%|\$[A-Z_][A-Z0-9_]{0,127}|<[^<>]{1,128}>|\*{3,}|[xX]{3,})$/;

function unquote(text: string): string {
    const t = text.trim();
    const q = t[0];
    return t.length >= 2 && (q === '"' || q === "'") && t[t.length - 1] === q ? t.slice(1, -1).trim() : t;
}

function isLiteralCredential(credential: string): boolean {
    const text = unquote(credential);
    return text !== "" && !PLACEHOLDER.test(text) && !isSecretReference(text);
}

/** Characters of code around a credential, never in one written as a literal. */
const CODE_SYNTAX = /[\s"'`$(){}<>[\],;\\]/;
const QUOTE = /["'`]/;
const BASE64_KEY = /^(?:[A-Za-z0-9+/_-]|%[0-9A-Fa-f]{2}){20,1024}={0,2}$/;
const LOWER = /[a-z]/;
const UPPER = /[A-Z]/;
const DIGIT = /[0-9]/;
/** Lower case, upper case and digits, as random keys mix them. */
const isMixed = (text: string) => LOWER.test(text) && UPPER.test(text) && DIGIT.test(text);
const PRIVATE_KEY_MARK = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY/;
const URL_ENCODED = /%[0-9A-Fa-f]{2}/;

/** Names reserved for examples and documentation (RFC 2606, RFC 6761): no credential logs in there. */
const EXAMPLE_HOST = /(?:^|[.@])(?:example\.(?:com|net|org)|[a-z0-9-]{1,63}\.(?:example|test|invalid))(?::\d{1,5})?$/i;

type Check = (match: RegExpExecArray, text: string) => boolean;

const codeLiteral = (credential: string) => !CODE_SYNTAX.test(credential) && isLiteralCredential(credential);
const notExample = (match: RegExpExecArray) => !EXAMPLE_HOST.test(match[2] ?? "");

const CHECKS: Record<CheckName, Check> = {
    literal: m => isLiteralCredential(m[1] ?? ""),
    codeLiteral: m => codeLiteral(m[1] ?? ""),
    literalNotExample: m => isLiteralCredential(m[1] ?? "") && notExample(m),
    codeLiteralNotExample: m => codeLiteral(m[1] ?? "") && notExample(m),
    // in code the credential ends at the string's closing quote
    base64Key: m => BASE64_KEY.test((m[1] ?? "").split(QUOTE)[0]),
    mixed: m => isMixed(m[0]),
    privateKeyInText: (_, text) => PRIVATE_KEY_MARK.test(text),
    urlEncoded: m => URL_ENCODED.test(m[0]),
};

type Where = "settings" | "code";

// Hints: every distinct one gets an id, and one pattern per case finds at every position of a text
// the longest hint that starts there (a hundred `includes` per value cost more than the formats).

const hintIds = new Map<string, number>();
const hintKey = (hint: string, lower: boolean) => `${lower ? "i" : "s"}:${hint}`;

function hintId(hint: string, lower: boolean): number {
    const key = hintKey(hint, lower);
    let id = hintIds.get(key);
    if (id === undefined) {
        id = hintIds.size;
        hintIds.set(key, id);
    }
    return id;
}

interface HintScanner {
    lower: boolean;
    /** A lookahead at every position, capturing the longest hint there (built from the table). */
    pattern: RegExp;
    /** A matched hint: the ids of the hints it starts with, itself included. */
    prefixes: ReadonlyMap<string, readonly number[]>;
}

let scanners: readonly HintScanner[] | undefined;

function hintScanners(): readonly HintScanner[] {
    return (scanners ??= [false, true].map(lower => {
        const hints = [...hintIds.keys()].filter(k => k.startsWith(hintKey("", lower))).map(k => k.slice(2)).sort((x, y) => y.length - x.length);
        const alternatives = hints.map(h => h.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|");
        return {
            lower,
            pattern: new RegExp(`(?=(${alternatives}))`, lower ? "gi" : "g"),
            prefixes: new Map(hints.map(h => [h, hints.filter(x => h.startsWith(x)).map(x => hintId(x, lower))])),
        };
    }));
}

const noHints: ReadonlySet<number> = new Set();

/** The ids of the hints that `text` holds. */
function hintsIn(text: string): ReadonlySet<number> {
    let present: Set<number> | undefined;
    for (const { lower, pattern, prefixes } of hintScanners()) {
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
            for (const id of prefixes.get(lower ? m[1].toLowerCase() : m[1]) ?? []) {
                (present ??= new Set()).add(id);
            }
            pattern.lastIndex = m.index + 1;
        }
        pattern.lastIndex = 0;
    }
    return present ?? noHints;
}

interface CompiledFormat {
    kind: SecretKind;
    pattern: RegExp;
    /** Its hints' ids (case-insensitive patterns' hints are looked for in the lower-cased text). */
    hints: readonly number[];
    checks: Partial<Record<Where, Check>>;
    scope: Format["scope"];
}

const COMPILED: readonly CompiledFormat[] = FORMATS.map((f: Format) => ({
    kind: KINDS[f.kind].label,
    pattern: f.pattern,
    hints: f.hints.map(h => hintId(h, f.pattern.ignoreCase)),
    checks: {
        settings: f.check && CHECKS[f.check],
        code: (f.codeCheck ?? f.check) && CHECKS[f.codeCheck ?? f.check!],
    },
    scope: f.scope,
}));

/** Formats in table order, and which of them to try on a text by the hints it holds. */
interface FormatTable {
    formats: readonly CompiledFormat[];
    /** Positions of the formats tried on every text (they have no hint). */
    unhinted: readonly number[];
    /** For each hint id, the positions of the formats it lets through. */
    byHint: ReadonlyMap<number, readonly number[]>;
}

function formatTable(formats: readonly CompiledFormat[]): FormatTable {
    const byHint = new Map<number, number[]>();
    formats.forEach((f, i) => f.hints.forEach(id => byHint.set(id, [...(byHint.get(id) ?? []), i])));
    return { formats, unhinted: formats.flatMap((f, i) => (f.hints.length === 0 ? [i] : [])), byHint };
}

/** The formats that apply in settings and in code. */
const FORMATS_IN: Record<Where, FormatTable> = {
    settings: formatTable(COMPILED.filter(f => f.scope !== "code")),
    code: formatTable(COMPILED.filter(f => f.scope !== "settings")),
};

/**
 * The positions, in table order, of the formats worth trying on a text that holds `hints`: a
 * format with hints can match only a text holding one (most texts hold none, and skip the table).
 */
function formatsToTry(table: FormatTable, hints: ReadonlySet<number>): readonly number[] {
    if (hints.size === 0) {
        return table.unhinted;
    }
    const chosen = new Set(table.unhinted);
    for (const id of hints) {
        table.byHint.get(id)?.forEach(i => chosen.add(i));
    }
    return [...chosen].sort((a, b) => a - b);
}

/** Calls `visit` with each match of `format` that passes its check, until it returns false. */
function eachMatch(format: CompiledFormat, where: Where, text: string, visit: (start: number, end: number) => boolean): void {
    const { pattern } = format;
    const check = format.checks[where];
    pattern.lastIndex = 0;
    try {
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
            if ((check === undefined || check(m, text)) && !visit(m.index, m.index + m[0].length)) {
                return;
            }
        }
    } finally {
        pattern.lastIndex = 0;
    }
}

/**
 * A base64 run that may encode a key or a JSON key file: it starts as "-----BEGIN" or "{" do. No
 * hint gate: "ew" and "ey" are in most texts, and the pattern's own prefixes rule out the rest.
 */
const BASE64_RUN = /(?<![A-Za-z0-9+/=])(?:LS0tLS1CRUdJTi|ew|ey)[A-Za-z0-9+/]{60,65536}={0,2}(?![A-Za-z0-9+/=])/g;

interface Found {
    kind: SecretKind;
    start: number;
    end: number;
}

/**
 * The secrets in `text`, in the formats that apply `where`, each where it starts, up to `max`;
 * a match that overlaps a more specific format's is not counted again. Base64 runs are decoded
 * once and scanned too.
 */
function findFormats(text: string, where: Where, max: number, decode = true): Found[] {
    const found: Found[] = [];
    const overlaps = (start: number, end: number) => found.some(f => start < f.end && f.start < end);
    const table = FORMATS_IN[where];
    for (const i of formatsToTry(table, hintsIn(text))) {
        if (found.length >= max) {
            return found;
        }
        const format = table.formats[i];
        eachMatch(format, where, text, (start, end) => {
            if (!overlaps(start, end)) {
                found.push({ kind: format.kind, start, end });
            }
            return found.length < max;
        });
    }
    if (decode && found.length < max) {
        BASE64_RUN.lastIndex = 0;
        for (let m = BASE64_RUN.exec(text); m !== null && found.length < max; m = BASE64_RUN.exec(text)) {
            const end = m.index + m[0].length;
            if (overlaps(m.index, end)) {
                continue; // already found as it is (a JWT, a key): not decoded again
            }
            const inner = findFormats(Buffer.from(m[0], "base64").toString("latin1"), where, 1, false)[0];
            if (inner !== undefined) {
                found.push({ kind: inner.kind, start: m.index, end });
            }
        }
        BASE64_RUN.lastIndex = 0;
    }
    return found;
}

/** Whether the whole value is a key public by design, or a setting that holds no secret by design. */
function isPublicOrSecretFree(name: string, value: string): boolean {
    return PUBLIC_KEYS.some(k => k.pattern.test(value)) ||
        SECRET_FREE_SETTINGS.some(s => s.value.test(value) && (s.name === undefined || s.name.test(name)));
}

/** At most this many findings per piece of code: enough to act on, not a flood. */
export const MAX_CODE_FINDINGS = 20;

export interface CodeFinding {
    kind: SecretKind;
    /** 1-based line of the secret in the code. */
    line: number;
}

/**
 * The secrets in a piece of function code, by their formats only (names do not apply in code),
 * in order, each with its line; never any part of the code. Never throws.
 */
export function secretsInCode(code: unknown): CodeFinding[] {
    try {
        if (typeof code !== "string" || code === "") {
            return [];
        }
        // Most specific first; one finding per line (a key file's private key is part of the key file).
        const found = findFormats(code, "code", MAX_CODE_FINDINGS);
        const lines = new Map<Found, number>();
        let line = 1;
        let at = 0;
        for (const f of [...found].sort((a, b) => a.start - b.start)) {
            for (let i = code.indexOf("\n", at); i >= 0 && i < f.start; i = code.indexOf("\n", i + 1)) {
                line++;
                at = i + 1;
            }
            lines.set(f, line);
        }
        const perLine = new Map<number, SecretKind>();
        for (const f of found) {
            if (!perLine.has(lines.get(f)!)) {
                perLine.set(lines.get(f)!, f.kind);
            }
        }
        return [...perLine].sort(([a], [b]) => a - b).map(([l, kind]) => ({ kind, line: l }));
    } catch {
        return [];
    }
}

// ---------------------------------------------------------------------------------------------
// Names

/** Name words that mark a secret (upper case, after splitting; a plural "S" is ignored). Two
 *  adjacent words are also tried joined, so API_KEY, ApiKey and APIKEY all give "APIKEY". */
export const SECRET_WORDS: ReadonlySet<string> = new Set([
    "PASSWORD", "PASSWD", "PWD", "PASS", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL", "CREDS",
    "APIKEY", "ACCESSKEY", "PRIVATEKEY", "SIGNINGKEY", "SECRETKEY", "AUTHKEY", "MASTERKEY",
    "ACCOUNTKEY", "ENCRYPTIONKEY", "HMACKEY", "LICENSEKEY", "APPKEY", "ADMINKEY", "SERVICEKEY", "PAT",
    "CONNECTIONSTRING", "CONNSTRING", "CONNSTR", "SAS", "DSN",
]);

/** Issuers (one or more adjacent words) whose "..._KEY" is a secret: COSMOS_KEY, AZURE_STORAGE_KEY,
 *  STRIPE_KEY; PUBLIC and PUBLISHABLE names aside (public keys are recognised by value anyway). Not
 *  AWS or AZURE alone: AWS_KMS_KEY, AZURE_KEYVAULT_KEY name keys, they are none. */
export const KEY_ISSUERS: readonly string[] = [
    "AZURE_STORAGE", "STORAGE_ACCOUNT", "COSMOS", "COSMOSDB", "OPENAI", "ANTHROPIC", "CLAUDE", "GEMINI", "MISTRAL", "COHERE",
    "GROQ", "STRIPE", "SENDGRID", "MAILGUN", "MAILCHIMP", "MAILJET", "POSTMARK", "TWILIO", "VONAGE", "DATADOG", "DD",
    "NEWRELIC", "NEW_RELIC", "PINECONE", "REPLICATE", "DEEPGRAM", "ELEVENLABS", "BREVO", "SENDINBLUE", "SPARKPOST",
];
const PUBLIC_WORDS: ReadonlySet<string> = new Set(["PUBLIC", "PUBLISHABLE", "PUB"]);

/** Secret words also recognised at the end of a glued word: dbpassword, githubtoken. */
export const GLUED_SECRET_WORDS: readonly string[] = [
    "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL", "CONNECTIONSTRING",
];

/** A name ending in one of these words is a setting about a secret, not the secret itself:
 *  TOKEN_TTL, PASSWORD_MIN_LENGTH, JWT_SECRET_NAME, AUTH_TOKEN_URL, ACCESS_KEY_ID. */
export const SETTING_WORDS: ReadonlySet<string> = new Set([
    // sizes, counts and limits
    "TTL", "LENGTH", "LEN", "MIN", "MAX", "MINIMUM", "MAXIMUM", "LIMIT", "COUNT", "SIZE", "BYTES",
    "BITS", "ROUNDS", "ITERATIONS", "COST", "RETRIES", "ATTEMPTS", "COMPLEXITY", "LEVEL",
    // time
    "EXPIRY", "EXPIRES", "EXPIRE", "EXPIRATION", "EXPIRED", "LIFETIME", "DURATION", "TIMEOUT",
    "INTERVAL", "AGE", "ROTATION", "SECONDS", "SECS", "SEC", "MS", "MILLIS", "MILLISECONDS",
    "MINUTES", "MINS", "HOURS", "HRS", "DAYS", "WEEKS",
    // where the secret is, or what it is called
    "URL", "URI", "ENDPOINT", "HOST", "HOSTNAME", "DOMAIN", "PORT", "PATH", "FILE", "FILENAME",
    "DIR", "DIRECTORY", "LOCATION", "BUCKET", "TABLE", "QUEUE", "TOPIC", "VAULT", "STORE", "ARN",
    "NAME", "ID", "REF", "REFERENCE", "PARAM", "PARAMETER", "FIELD", "HEADER", "PREFIX", "SUFFIX",
    // how it is used
    "TYPE", "KIND", "FORMAT", "ENCODING", "MODE", "STRATEGY", "METHOD", "PROVIDER", "BACKEND",
    "SOURCE", "SCOPE", "REGION", "ISSUER", "AUDIENCE", "VERSION", "ALGORITHM", "ALG", "POLICY",
    "PATTERN", "TEMPLATE", "ENABLED", "DISABLED", "ENABLE", "DISABLE", "REQUIRED",
    // who it belongs to, or a form that is not plaintext
    "USER", "USERNAME", "EMAIL", "ENCRYPTED", "CIPHERTEXT",
]);

/** Word boundaries in a name: separators, and camelCase (dbPassword, APIKey, db2Password). */
const NAME_SPLIT = /[\s_.:/-]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

function nameWords(name: string): string[] {
    return name
        .split(NAME_SPLIT)
        .filter(w => w !== "")
        .map(w => w.toUpperCase());
}

function singular(word: string): string {
    return word.length > 3 && word.endsWith("S") ? word.slice(0, -1) : word;
}

function isSecretWord(word: string): boolean {
    const one = singular(word);
    return SECRET_WORDS.has(word) || SECRET_WORDS.has(one) || GLUED_SECRET_WORDS.some(w => one.endsWith(w));
}

function isSettingWord(word: string): boolean {
    return SETTING_WORDS.has(word) || SETTING_WORDS.has(singular(word));
}

// ---------------------------------------------------------------------------------------------
// Options

interface CompiledOptions {
    ignore: ReadonlySet<string>;
    substrings: readonly string[];
    /** Patterns with `*`, matched whole and case-insensitively. */
    globs: readonly Glob[];
    /** Names judged with these options so far: a stack repeats the same setting names on every function. */
    judged: Map<string, boolean>;
}

/** The most names each options object remembers (a bound on what an odd stack can make it keep). */
const MAX_JUDGED_NAMES = 4096;

const NO_OPTIONS: CompiledOptions = { ignore: new Set(), substrings: [], globs: [], judged: new Map() };
const MAX_OPTION_LENGTH = 256;

/** The usable strings of an option list; anything malformed (or throwing) is skipped. */
function optionStrings(options: object, key: string): string[] {
    try {
        const list: unknown = (options as Record<string, unknown>)[key];
        if (!Array.isArray(list)) {
            return [];
        }
        return list
            .filter((e): e is string => typeof e === "string" && e.length <= MAX_OPTION_LENGTH)
            .map(e => e.trim())
            .filter(e => e !== "");
    } catch {
        return [];
    }
}

/** A rule has one options object per config (lib/plaintextSecrets) and asks about every setting: compiled once per options object. */
const compiledOptions = new WeakMap<object, CompiledOptions>();

function compileOptions(options: unknown): CompiledOptions {
    if (options === null || typeof options !== "object") {
        return NO_OPTIONS;
    }
    let result = compiledOptions.get(options);
    if (result === undefined) {
        const patterns = optionStrings(options, "extraNamePatterns");
        result = {
            ignore: new Set(optionStrings(options, "ignoreNames").map(n => n.toUpperCase())),
            substrings: patterns.filter(p => !p.includes("*")).map(p => p.toUpperCase()),
            globs: patterns.filter(p => p.includes("*")).map(p => compileGlob(p, { caseInsensitive: true })),
            judged: new Map(),
        };
        compiledOptions.set(options, result);
    }
    return result;
}

/** Whether the operator listed `name` among the names never reported. */
export function isIgnoredName(name: string, options?: SecretOptions): boolean {
    return compileOptions(options).ignore.has(name.toUpperCase());
}

/** COSMOS_KEY, AZURE_STORAGE_KEY: an issuer's key, not a PUBLIC one. */
function isIssuerKey(words: readonly string[]): boolean {
    const joined = `_${words.join("_")}_`;
    return singular(words[words.length - 1]) === "KEY" && KEY_ISSUERS.some(i => joined.includes(`_${i}_`)) && !words.some(w => PUBLIC_WORDS.has(w));
}

function secretName(name: string, options: CompiledOptions): boolean {
    let verdict = options.judged.get(name);
    if (verdict === undefined) {
        verdict = judgedSecretName(name, options);
        if (options.judged.size >= MAX_JUDGED_NAMES) {
            options.judged.clear();
        }
        options.judged.set(name, verdict);
    }
    return verdict;
}

function judgedSecretName(name: string, options: CompiledOptions): boolean {
    const upper = name.toUpperCase();
    if (name === "" || options.ignore.has(upper)) {
        return false;
    }
    if (options.globs.some(g => matchGlob(g, name))) {
        return true;
    }
    const words = nameWords(name);
    const last = words[words.length - 1];
    if (last === undefined || isSettingWord(last)) {
        return false;
    }
    return (
        words.some((w, i) => isSecretWord(w) || (i + 1 < words.length && isSecretWord(w + words[i + 1]))) ||
        isIssuerKey(words) ||
        options.substrings.some(s => upper.includes(s))
    );
}

/** Whether a name looks like it holds a secret (DB_PASSWORD, stripeApiKey, ClientSecret), and is
 *  not a setting about one (TOKEN_TTL, PASSWORD_MIN_LENGTH, JWT_SECRET_NAME). */
export function looksLikeSecretName(name: unknown, options?: SecretOptions): boolean {
    try {
        return typeof name === "string" && secretName(name, compileOptions(options));
    } catch {
        return false;
    }
}

// ---------------------------------------------------------------------------------------------
// Values

/** Values that are no secret whatever their name. */
const NOT_SECRET_VALUES: readonly RegExp[] = [
    /^[+-]?(?:\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})(?:e[+-]?\d{1,5})?$/i, // number
    /^(?:true|false|yes|no|on|off|enabled|disabled|null|none|nil|undefined|n\/a|-|\{\}|\[\])$/i,
    // duration or size: 30s, 1h30m, 500 ms, 512Mi, 10MB
    /^(?:\d{1,15}(?:\.\d{1,9})?\s?(?:ns|us|ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|[kmgtp]i?b?)){1,4}$/i,
    /^P(?=[\dT])(?:\d{1,9}[YMWD]){0,4}(?:T(?:\d{1,9}(?:\.\d{1,9})?[HMS]){1,3})?$/, // ISO 8601 duration
    /^arn:aws[a-z-]{0,20}:[a-z0-9-]{1,64}:/, // an ARN names a resource
    // a bare host (any case, as DNS): localhost, an IPv4 address, three or more labels, or name.<common suffix>
    /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]{1,63}\.){2,10}[a-z]{2,63}|[a-z0-9-]{1,63}\.(?:com|net|org|io|dev|app|cloud|internal|local|localdomain|lan|svc))(?::\d{1,5})?$/i,
    PLACEHOLDER,
];

/** Interpolation anywhere in the value: the secret comes from elsewhere. */
const INTERPOLATION = /\$\{[^{}$\s]{1,128}\}|\$\([^()$\s]{1,128}\)|\{\{[^{}]{1,256}\}\}/;

const URL_START = /^[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\//;
const URL_QUERY_START = /[?#]/;
const URL_QUERY_SEPARATOR = /[&#;]/;
const CONNECTION_STRING_KEY = /^[A-Za-z][A-Za-z0-9 _.-]{0,63}$/;

/** key=value pairs: a URL's query and fragment, or a connection string's `;`-separated parts. */
function pairs(parts: readonly string[]): { key: string; value: string }[] | undefined {
    const result: { key: string; value: string }[] = [];
    for (const part of parts) {
        const eq = part.indexOf("=");
        const key = part.slice(0, eq).trim();
        if (eq < 0 || !CONNECTION_STRING_KEY.test(key)) {
            return undefined;
        }
        result.push({ key, value: part.slice(eq + 1) });
    }
    return result;
}

function anySecretPair(list: readonly { key: string; value: string }[]): boolean {
    return list.some(p => secretName(p.key, NO_OPTIONS) && isSecretLikeValue(unquote(p.value)));
}

/** Whether a value is a literal that could be a secret: not empty, not a reference or a
 *  placeholder, not a number, boolean, duration, ARN or host, not a URL or connection string
 *  without a secret part (credentials were already caught as formats). */
export function isSecretLikeValue(value: unknown): boolean {
    if (typeof value !== "string") {
        return false;
    }
    const text = value.trim();
    if (text === "" || isUnknown(text) || isSecretReference(text) || INTERPOLATION.test(text)) {
        return false;
    }
    if (NOT_SECRET_VALUES.some(p => p.test(text))) {
        return false;
    }
    if (URL_START.test(text)) {
        // Only the query or fragment can still hold one: ?token=..., #access_token=...
        const start = text.search(URL_QUERY_START);
        const query = start < 0 ? [] : text.slice(start + 1).split(URL_QUERY_SEPARATOR).filter(p => p.includes("="));
        return anySecretPair(pairs(query) ?? []);
    }
    // host:port,option=value,...: a Redis connection string (its password was a format)
    const options = text.split(",");
    if (options.length >= 2 && NOT_SECRET_VALUES.some(p => p.test(options[0].trim()))) {
        const list = pairs(options.slice(1));
        if (list !== undefined) {
            return anySecretPair(list);
        }
    }
    const parts = text.split(";").filter(p => p.trim() !== "");
    const connection = parts.length >= 2 ? pairs(parts) : undefined;
    return connection === undefined || anySecretPair(connection);
}

// ---------------------------------------------------------------------------------------------
// The verdict

const AWS_SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;
/** Names that say AWS: only there is a bare 40-character key called an AWS secret access key. */
const AWS_NAME = /(?:^|[^A-Z])(?:AWS|S3)(?:[^A-Z]|$)|SECRET_?ACCESS_?KEY/i;

/**
 * The kind of secret that the setting `name` = `value` holds in plaintext, or `undefined`.
 * Only strings are judged: numbers, booleans and anything else are never secrets (callers unwrap
 * Pulumi secret wrappers first). Preview unknowns are not judged here: the caller decides.
 */
export function detectSecret(name: string, value: unknown, options?: SecretOptions): SecretKind | undefined {
    try {
        if (typeof value !== "string") {
            return undefined;
        }
        const key = typeof name === "string" ? name : "";
        const compiled = compileOptions(options);
        const text = value.trim();
        if (compiled.ignore.has(key.toUpperCase()) || text === "" || isUnknown(text) || isSecretReference(text) ||
            isPublicOrSecretFree(key, text)) {
            return undefined;
        }
        const format = findFormats(text, "settings", 1)[0];
        if (format !== undefined) {
            return format.kind;
        }
        if (!secretName(key, compiled)) {
            return undefined;
        }
        if (AWS_NAME.test(key) && AWS_SECRET_KEY.test(text) && isMixed(text)) {
            return KINDS.awsSecretAccessKey.label;
        }
        return isSecretLikeValue(text) ? KINDS.namedSecret.label : undefined;
    } catch {
        return undefined;
    }
}
