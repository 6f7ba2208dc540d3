// Policy config: each rule's own keys, the keys every policy shares, how a rule reads its config,
// and the pack's initialConfig (code defaults that a config file or a policy group can override).
import type { EnforcementLevel, Policy, PolicyPackConfig } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export type ConfigSchema = Record<string, PolicyConfigJSONSchema & { default: unknown }>;
export type Config = Record<string, unknown>;

/** A calendar day, as exemptions' expiry dates are written. */
export const dayPattern = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/** Keys the rule wrapper gives every policy (a rule must not declare them itself). */
export const commonConfig: ConfigSchema = {
    exemptions: {
        type: "array",
        default: [],
        description: "Resources this policy reports as advisory instead of at its enforcement level, each with a reason and an optional expiry date (YYYY-MM-DD, inclusive). After the expiry the finding is back at its level.",
        items: {
            type: "object",
            properties: {
                resource: {
                    type: "string", minLength: 1, maxLength: 1024,
                    description: "The resource's logical name or URN; * matches any characters, ? one character.",
                },
                reason: {
                    type: "string", minLength: 1, maxLength: 500,
                    description: "Why the risk is accepted (shown in the finding, e.g. a ticket reference).",
                },
                expires: {
                    type: "string", pattern: dayPattern,
                    description: "Last day (UTC) the exemption applies, YYYY-MM-DD.",
                },
            },
            required: ["resource", "reason"],
            additionalProperties: false,
        },
    },
};

/** The JSON schema of a policy's config: its own keys and the common ones. */
export function configSchemaOf(policyName: string, own: ConfigSchema = {}): { properties: ConfigSchema } {
    for (const key of Object.keys(own)) {
        if (key in commonConfig || key === "enforcementLevel") {
            throw new Error(`${policyName}: config key '${key}' is reserved (common to every policy)`);
        }
    }
    return { properties: { ...own, ...commonConfig } };
}

/** Each schema's configs, by the configured object they were read from (the pack's loop gives one per policy until the next Configure). */
const configsOf = new WeakMap<ConfigSchema, WeakMap<object, Config>>();

/**
 * What the engine configured, each key falling back to its schema default (the CLI fills them in,
 * raw Configure may not). Read-only: the same configured object gives the same config.
 */
export function configOf(schema: ConfigSchema, getConfig: () => object): Config {
    let configured: unknown;
    try {
        configured = getConfig();
    } catch {
        configured = undefined;
    }
    if (configured === null || typeof configured !== "object") {
        return withDefaults(schema, {});
    }
    let configs = configsOf.get(schema);
    if (configs === undefined) {
        configs = new WeakMap();
        configsOf.set(schema, configs);
    }
    let config = configs.get(configured);
    if (config === undefined) {
        config = withDefaults(schema, configured as Config);
        configs.set(configured, config);
    }
    return config;
}

function withDefaults(schema: ConfigSchema, given: Config): Config {
    const config: Config = {};
    for (const [key, property] of Object.entries(schema)) {
        config[key] = given[key] ?? property.default;
    }
    return Object.freeze(config);
}

/** The schema defaults of a policy's config. */
export function defaultsOf(policy: Pick<Policy, "configSchema">): Config {
    const defaults: Config = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (typeof schema === "object" && schema !== null && "default" in schema) {
            defaults[key] = schema.default;
        }
    }
    return defaults;
}

/**
 * The pack's initialConfig: every policy with its level and its config defaults. The level is
 * always explicit: an entry without one reaches the CLI as ADVISORY (the protobuf default).
 */
export function initialConfigOf(policies: readonly Policy[]): PolicyPackConfig {
    const config: PolicyPackConfig = {};
    for (const policy of policies) {
        const enforcementLevel: EnforcementLevel = policy.enforcementLevel ?? "advisory";
        config[policy.name] = { enforcementLevel, ...defaultsOf(policy) };
    }
    return config;
}
