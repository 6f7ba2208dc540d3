// Secret detection for environment variables, app settings and connection strings, shared by
// the AWS, Azure and GCP plaintext-secret rules.
//
// detectSecret(name, value) judges one setting in three steps:
//   1. a reference to a secrets manager (or a preview unknown) is never a secret;
//   2. a known secret format anywhere in the value is one, whatever the name;
//   3. a secret-looking name with a literal, secret-like value is one.
// It answers with a kind (a fixed phrase from SECRET_KINDS), never with any part of the value,
// and it never throws: malformed input and options are skipped, not reported.
//
// Every regex is a module-level constant and runs in linear time on any input: no nested or
// overlapping unbounded quantifiers, bounded repetition, and on unanchored patterns a lookbehind
// "not preceded by a character of the same class", so a long run is tried from its start only.

import { compileGlob, Glob, matchGlob } from "./glob";
import { isUnknown } from "./props";

/** The kinds of finding, most specific first. */
export const SECRET_KINDS = [
    "private key", // PEM -----BEGIN ... PRIVATE KEY-----
    "AWS access key ID", // AKIA / ASIA / ABIA / ACCA + 16: half of a key pair
    "AWS secret access key", // 40 base64 chars next to aws_secret_access_key, or under a secret name
    "GitHub token", // ghp_ gho_ ghu_ ghs_ ghr_ github_pat_
    "GitLab token", // glpat-
    "npm token", // npm_
    "Slack webhook URL", // hooks.slack.com/services|workflows|triggers/...
    "Slack token", // xoxa- xoxb- xoxp- xoxo- xoxs- xoxr- xapp-
    "Stripe secret key", // sk_live_ sk_test_ rk_live_ rk_test_
    "Google API key", // AIza + 35
    "JSON Web Token", // eyJ... . ... . signature
    "Azure account key", // AccountKey= (Storage, Cosmos DB connection strings)
    "Azure shared access key", // SharedAccessKey= (Service Bus, Event Hubs, IoT Hub)
    "SAS token", // sig= in a shared access signature
    "password in a URL", // scheme://user:password@host, ?password=
    "password in a connection string", // Password= / Pwd= / Passwd=
    "secret-looking name with a literal value", // DB_PASSWORD=hunter2!
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

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

interface Format {
    kind: SecretKind;
    /** Global (for exec loops); group 1, when checked, is the credential itself. */
    pattern: RegExp;
    /** Whether the captured credential is a real literal (not empty, not a placeholder). */
    check?: (credential: string) => boolean;
}

const FORMATS: readonly Format[] = [
    { kind: "private key", pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g },
    { kind: "AWS access key ID", pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g },
    {
        kind: "AWS secret access key",
        pattern: /aws_?secret_?access_?key["']?\s{0,5}[=:]\s{0,5}["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi,
    },
    {
        kind: "GitHub token",
        pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,247})/g,
    },
    { kind: "GitLab token", pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,64}/g },
    { kind: "npm token", pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
    {
        kind: "Slack webhook URL",
        pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Za-z0-9]{4,20}\/[A-Za-z0-9_/-]{10,300}/g,
    },
    {
        kind: "Slack token",
        pattern: /(?<![A-Za-z0-9-])(?:xox[abposr]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})/g,
    },
    { kind: "Stripe secret key", pattern: /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}/g },
    { kind: "Google API key", pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g },
    {
        // Signed only: an unsigned token (empty third part) is no credential.
        kind: "JSON Web Token",
        pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{10,8000}/g,
    },
    {
        kind: "Azure account key",
        pattern: /(?<![A-Za-z0-9])AccountKey\s{0,5}=\s{0,5}([^;\s]{1,512})/gi,
        check: isLiteralCredential,
    },
    {
        kind: "Azure shared access key",
        pattern: /(?<![A-Za-z0-9])SharedAccessKey\s{0,5}=\s{0,5}([^;\s]{1,512})/gi,
        check: isLiteralCredential,
    },
    { kind: "SAS token", pattern: /(?:^|[?&;\s])sig=([^&;\s#]{8,512})/gi, check: isLiteralCredential },
    {
        kind: "password in a URL",
        pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/?#@]{0,256}:([^\s/?#@]{1,256})@(?=[^\s/?#@])/g,
        check: isLiteralCredential,
    },
    {
        kind: "password in a URL",
        pattern: /[?&](?:password|passwd|pwd)=([^&#\s]{1,256})/gi,
        check: isLiteralCredential,
    },
    {
        // The key starts the value or follows ";" or a blank; quotes are stripped by the check.
        kind: "password in a connection string",
        pattern: /(?<![^;\s])(?:password|passwd|pwd)\s{0,5}=([^;]{0,512})/gi,
        check: isLiteralCredential,
    },
];

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

function hasFormat(text: string, format: Format): boolean {
    const { pattern, check } = format;
    pattern.lastIndex = 0;
    let found = false;
    for (let m = pattern.exec(text); m !== null && !found; m = pattern.exec(text)) {
        found = check === undefined || check(m[1] ?? "");
    }
    pattern.lastIndex = 0;
    return found;
}

// ---------------------------------------------------------------------------------------------
// Names

/** Name words that mark a secret (upper case, after splitting; a plural "S" is ignored). Two
 *  adjacent words are also tried joined, so API_KEY, ApiKey and APIKEY all give "APIKEY". */
const SECRET_WORDS: ReadonlySet<string> = new Set([
    "PASSWORD", "PASSWD", "PWD", "PASS", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL", "CREDS",
    "APIKEY", "ACCESSKEY", "PRIVATEKEY", "SIGNINGKEY", "SECRETKEY", "AUTHKEY", "MASTERKEY",
    "ACCOUNTKEY", "ENCRYPTIONKEY", "HMACKEY", "LICENSEKEY",
    "CONNECTIONSTRING", "CONNSTRING", "CONNSTR", "SAS", "DSN",
]);

/** Secret words also recognised at the end of a glued word: dbpassword, githubtoken. */
const GLUED_SECRET_WORDS: readonly string[] = [
    "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL", "CONNECTIONSTRING",
];

/** A name ending in one of these words is a setting about a secret, not the secret itself:
 *  TOKEN_TTL, PASSWORD_MIN_LENGTH, JWT_SECRET_NAME, AUTH_TOKEN_URL, ACCESS_KEY_ID. */
const SETTING_WORDS: ReadonlySet<string> = new Set([
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
}

const NO_OPTIONS: CompiledOptions = { ignore: new Set(), substrings: [], globs: [] };
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

/** A rule builds its options once per resource and asks about every setting: compiled once per options object. */
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
        };
        compiledOptions.set(options, result);
    }
    return result;
}

/** Whether the operator listed `name` among the names never reported. */
export function isIgnoredName(name: string, options?: SecretOptions): boolean {
    return compileOptions(options).ignore.has(name.toUpperCase());
}

function secretName(name: string, options: CompiledOptions): boolean {
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
    // a bare host: localhost, an IPv4 address, three or more labels, or name.<common suffix>
    /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]{1,63}\.){2,10}[a-z]{2,63}|[a-z0-9-]{1,63}\.(?:com|net|org|io|dev|app|cloud|internal|local|localdomain|lan|svc))(?::\d{1,5})?$/,
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
    const parts = text.split(";").filter(p => p.trim() !== "");
    const connection = parts.length >= 2 ? pairs(parts) : undefined;
    return connection === undefined || anySecretPair(connection);
}

// ---------------------------------------------------------------------------------------------
// The verdict

const AWS_SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;
const LOWER = /[a-z]/;
const UPPER = /[A-Z]/;
const DIGIT = /[0-9]/;

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
        if (compiled.ignore.has(key.toUpperCase()) || text === "" || isUnknown(text) || isSecretReference(text)) {
            return undefined;
        }
        const format = FORMATS.find(f => hasFormat(text, f));
        if (format !== undefined) {
            return format.kind;
        }
        if (!secretName(key, compiled)) {
            return undefined;
        }
        // 40 mixed base64 characters under a secret name: most likely an AWS secret key.
        if (AWS_SECRET_KEY.test(text) && LOWER.test(text) && UPPER.test(text) && DIGIT.test(text)) {
            return "AWS secret access key";
        }
        return isSecretLikeValue(text) ? "secret-looking name with a literal value" : undefined;
    } catch {
        return undefined;
    }
}
