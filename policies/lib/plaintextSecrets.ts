// The plaintext-secret rules of every cloud share this: which settings hold a secret, what an
// unknown value means, the config keys, and how a finding is worded (a key and a kind, no value).
import type { ConfigSchema, Reporter } from "./policy";
import { UNKNOWN, isUnknown, record } from "./props";
import { SecretOptions, detectSecret, looksLikeSecretName } from "./secrets";

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

/** A rule's secret config keys as detection options (lib/secrets checks the lists). */
export function secretOptions(config: Record<string, unknown>): SecretOptions {
    return { extraNamePatterns: config.extraSecretNamePatterns, ignoreNames: config.ignoreNames };
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
 * Reports every setting that holds a plaintext secret. `where` names the place ("Lambda function
 * 'x': environment variable"), `fix` says what to use instead. An unknown value under a
 * secret-looking name waits for the value (noted); other unknown values cannot be secrets we know of.
 */
export function reportPlaintextSecrets(settings: Setting[], where: string, fix: string, report: Reporter, options: SecretOptions) {
    for (const { name, value } of settings) {
        if (isUnknown(value)) {
            if (looksLikeSecretName(name, options)) {
                report.unknown(`${where} ${printableKey(name)}`);
            }
            continue;
        }
        const kind = detectSecret(name, value, options);
        if (kind !== undefined) {
            report.violation(`${where} ${printableKey(name)} holds a plaintext secret (${kind}). Fix: ${fix}`);
        }
    }
}
