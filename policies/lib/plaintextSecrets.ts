// The plaintext-secret rules of every cloud share this: which settings hold a secret, what an
// unknown value means, the config keys, and how a finding is worded (a key and a kind, no value).
import type { Config, ConfigSchema, Reporter } from "./policy";
import { UNKNOWN, isUnknown, record } from "./props";
import { codeAt } from "./functionCode";
import { SecretKind, SecretOptions, detectSecret, looksLikeSecretName, secretKindInfo, secretsInCode } from "./secrets";

export const secretConfig: ConfigSchema = {
    extraSecretNamePatterns: {
        type: "array", items: { type: "string" }, default: [],
        description: "More secret-looking setting names: case-insensitive substrings (\"seed\") or whole-name globs (\"*_SEED\").",
    },
    ignoreNames: {
        type: "array", items: { type: "string" }, default: [],
        description: "Setting names (case-insensitive, exact) never reported, e.g. a public key that only looks secret.",
    },
};

const optionsOf = new WeakMap<Config, SecretOptions>();

/** A rule's secret config keys as detection options (lib/secrets checks the lists, and compiles them once per options object). */
export function secretOptions(config: Config): SecretOptions {
    let options = optionsOf.get(config);
    if (options === undefined) {
        options = { extraNamePatterns: config.extraSecretNamePatterns, ignoreNames: config.ignoreNames };
        optionsOf.set(config, options);
    }
    return options;
}

/** A setting name fit for a message: printable, bounded. */
export function printableKey(name: string): string {
    const printable = name.replace(/[^\x20-\x7e]/g, "?");
    return printable.length > 100 ? `${printable.slice(0, 100)}...` : printable;
}

export interface Setting {
    name: string;
    value: unknown;
}

/** Settings of a name → value map (known entries only); `UNKNOWN` when the map itself is. */
export function settingsOf(map: unknown): Setting[] | typeof UNKNOWN {
    const entries = record(map);
    if (entries === UNKNOWN) {
        return UNKNOWN;
    }
    return Object.entries(entries ?? {}).map(([name, value]) => ({ name, value }));
}

/**
 * The fix for a kind of secret: its credential-free replacement first where there is one
 * (`instead` overrides the kind's), else `store` (where the cloud keeps secrets), then rotation.
 */
function secretFix(kind: SecretKind, store: string, instead?: string): string {
    const info = secretKindInfo(kind);
    const better = instead ?? info.instead;
    return `${better ? `${better}; or ` : ""}${store} Rotate it in ${info.rotate} if it was ever deployed or committed.`;
}

/** A credential-free fix for the secret in a setting of this name, if the platform has one. */
type SettingFix = (name: string) => string | undefined;

/**
 * Reports every setting that holds a plaintext secret. `where` names the place ("Lambda function
 * 'x': environment variable"), `fix` says where to keep it instead. An unknown value under a
 * secret-looking name waits for the value (noted); other unknown values cannot be secrets we know of.
 */
export function reportPlaintextSecrets(settings: Setting[], where: string, fix: string, report: Reporter, options: SecretOptions,
    settingFix?: SettingFix) {
    for (const { name, value } of settings) {
        if (isUnknown(value)) {
            if (looksLikeSecretName(name, options)) {
                report.unknown(`${where} ${printableKey(name)}`);
            }
            continue;
        }
        const kind = detectSecret(name, value, options);
        if (kind !== undefined) {
            report.violation(`${where} ${printableKey(name)} holds a plaintext secret (${kind}). Fix: ${secretFix(kind, fix, settingFix?.(name))}`);
        }
    }
}

/**
 * Reports the secrets in the function code at `path` (asset text and archives' text entries, by
 * format: names do not apply in code), each by entry and line, never quoting the code. `where`
 * names the resource ("Lambda function 'x'"); `fix` says where the code should read the secret
 * from instead. With `archivesOnly`, a single asset is no code (a storage object holding data).
 */
export function reportSecretsInCode(props: object, path: readonly string[], where: string, fix: string, report: Reporter,
    archivesOnly = false) {
    const code = codeAt(props, path);
    if (archivesOnly && !code.archive) {
        return; // an unknown storage object may well hold no code: judged once known
    }
    if (code.unknown) {
        return report.unknown(`${where}: ${path.join(".")}`);
    }
    for (const { entry, text } of code.texts) {
        const place = entry === "" ? path.join(".") : `${path.join(".")} entry ${printableKey(entry)}`;
        for (const { kind, line } of secretsInCode(text)) {
            report.violation(`${where}: ${place}, line ${line}, holds a plaintext secret (${kind}). Fix: ${secretFix(kind, fix)}`);
        }
    }
}
