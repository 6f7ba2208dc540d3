// The presets shipped in presets/: whole policy-pack config files, in the CLI's format
// (policy name -> { enforcementLevel, ...config }), for `--policy-pack-config` and
// `pulumi policy enable --config`. Generated from the catalogue by `npm run presets`.
import type { Policy } from "@pulumi/policy";
import { Config, defaultsOf } from "./config";
import { ruleInfoOf } from "./policy";

export type PolicyPackConfigFile = Record<string, { enforcementLevel: string } & Config>;

export const presetNames = ["advisory", "strict"] as const;
export type PresetName = typeof presetNames[number];

/**
 * advisory: every policy advisory, for audits and first rollouts.
 * strict: every policy mandatory with its default config, except where the rule's `strict` entry says otherwise.
 */
export function preset(name: PresetName, policies: readonly Policy[]): PolicyPackConfigFile {
    const file: PolicyPackConfigFile = {};
    for (const policy of policies) {
        const strict = ruleInfoOf(policy)?.strict;
        file[policy.name] = name === "advisory"
            ? { enforcementLevel: "advisory", ...defaultsOf(policy) }
            : { enforcementLevel: strict?.enforcementLevel ?? "mandatory", ...defaultsOf(policy), ...(strict?.config ?? {}) };
    }
    return file;
}
