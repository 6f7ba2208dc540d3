// The policy config the Pulumi CLI sends a pack's Configure, from the pack's own metadata and the
// user's config file (the CLI's ReconcilePolicyPackConfig, without its JSON-schema validation:
// cli/policyConfig.ts validates).
import type { AnalyzerInfo, EnforcementLevel, PolicyConfigInput } from "./types";
import { isEnforcementLevel } from "./encoding";


interface ConfigEntry {
    enforcementLevel: EnforcementLevel | "";
    properties: Record<string, unknown> | undefined;
}

export function splitInput(name: string, input: PolicyConfigInput): ConfigEntry {
    const { enforcementLevel, ...properties } = input;
    if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        throw new Error(`config for ${name}: "${String(enforcementLevel)}" is not a valid enforcement level`);
    }
    return {
        enforcementLevel: enforcementLevel ?? "",
        properties: Object.keys(properties).length > 0 ? properties : undefined,
    };
}

function applyConfig(result: Map<string, ConfigEntry>, toApply: Map<string, ConfigEntry>): void {
    const all = toApply.get("all");
    if (all && all.enforcementLevel !== "") {
        for (const [k, v] of result) {
            result.set(k, { enforcementLevel: all.enforcementLevel, properties: v.properties });
        }
    }
    for (const [policy, given] of toApply) {
        const current = result.get(policy);
        let enforcementLevel = current?.enforcementLevel ?? "";
        let properties = current?.properties;
        if (given.enforcementLevel !== "") {
            enforcementLevel = given.enforcementLevel;
        }
        if (given.properties) {
            properties = { ...(properties ?? {}), ...given.properties };
        }
        result.set(policy, { enforcementLevel, properties });
    }
}

/**
 * The policy config the CLI would send to `Configure`, from the pack's metadata and the user's
 * config (policy-pack config file format).
 */
export function reconcilePolicyConfig(
    info: AnalyzerInfo,
    config: Record<string, PolicyConfigInput>,
): Record<string, { enforcementLevel: EnforcementLevel | ""; properties: Record<string, unknown> }> {
    const result = new Map<string, ConfigEntry>();
    for (const p of info.policies) {
        let props: Record<string, unknown> | undefined;
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (schema !== null && typeof schema === "object" && "default" in schema) {
                props = props ?? {};
                props[k] = (schema as { default: unknown }).default;
            }
        }
        result.set(p.name, { enforcementLevel: p.enforcementLevel, properties: props });
    }
    const initial = new Map<string, ConfigEntry>();
    for (const [k, v] of Object.entries(info.initialConfig)) {
        initial.set(k, { enforcementLevel: v.enforcementLevel, properties: v.properties });
    }
    applyConfig(result, initial);
    const given = new Map<string, ConfigEntry>();
    for (const [k, v] of Object.entries(config)) {
        given.set(k, splitInput(k, v));
    }
    applyConfig(result, given);
    const out: Record<string, { enforcementLevel: EnforcementLevel | ""; properties: Record<string, unknown> }> = {};
    for (const [k, v] of result) {
        out[k] = { enforcementLevel: v.enforcementLevel, properties: v.properties ?? {} };
    }
    return out;
}

