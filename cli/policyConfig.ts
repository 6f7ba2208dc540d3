// The policy-pack config file, in the format `pulumi preview --policy-pack-config` takes: policy name
// (or "all") to an enforcement level, or to `{ enforcementLevel?, ...config keys }`.
import { AnalyzerInfo, PolicyConfigInput, PolicyInfo } from "./analyzer";

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The config file is unusable: the audit stops with a usage error. */
export class ConfigError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Parses the file's text into the object form; a bare level string becomes `{ enforcementLevel }`. */
export function parsePolicyConfig(text: string): Record<string, PolicyConfigInput> {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new ConfigError("the policy pack config is not valid JSON");
    }
    if (!isObject(doc)) {
        throw new ConfigError("the policy pack config must be a JSON object of policy names");
    }
    const config: Record<string, PolicyConfigInput> = {};
    for (const [policy, entry] of Object.entries(doc)) {
        const input: PolicyConfigInput = typeof entry === "string" ? { enforcementLevel: entry } : isObject(entry) ? entry : {};
        if (typeof entry !== "string" && !isObject(entry)) {
            throw new ConfigError(`config for ${policy}: expected an enforcement level or an object`);
        }
        if (input.enforcementLevel !== undefined && !LEVELS.includes(input.enforcementLevel as string)) {
            throw new ConfigError(`config for ${policy}: enforcementLevel must be one of ${LEVELS.join(", ")}`);
        }
        config[policy] = input;
    }
    return config;
}

type Schema = Record<string, unknown>;

/** Whether `value` has the JSON-schema `type` (the subset policy config schemas use). */
function hasType(value: unknown, type: unknown): boolean {
    switch (type) {
        case "string": return typeof value === "string";
        case "boolean": return typeof value === "boolean";
        case "number": return typeof value === "number" && Number.isFinite(value);
        case "integer": return Number.isInteger(value);
        case "array": return Array.isArray(value);
        case "object": return isObject(value);
        case "null": return value === null;
        default: return true;
    }
}

/** What is wrong with `value` against `schema`, or undefined. Names keys and expectations, never values. */
function schemaProblem(value: unknown, schema: Schema, where: string): string | undefined {
    const types = [schema.type].flat().filter(t => t !== undefined);
    if (types.length > 0 && !types.some(t => hasType(value, t))) {
        return `${where} must be of type ${types.join(" or ")}`;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some(e => JSON.stringify(e) === JSON.stringify(value))) {
        return `${where} must be one of the values the policy lists`;
    }
    if (typeof value === "number") {
        if (typeof schema.minimum === "number" && value < schema.minimum) {
            return `${where} must be at least ${schema.minimum}`;
        }
        if (typeof schema.maximum === "number" && value > schema.maximum) {
            return `${where} must be at most ${schema.maximum}`;
        }
    }
    if (Array.isArray(value) && isObject(schema.items)) {
        for (let i = 0; i < value.length; i++) {
            const problem = schemaProblem(value[i], schema.items, `${where}[${i}]`);
            if (problem) {
                return problem;
            }
        }
    }
    return undefined;
}

export interface CheckedConfig {
    /** The entries to reconcile: those naming a policy of the pack, and "all". */
    config: Record<string, PolicyConfigInput>;
    /** Names the pack does not know (policies or keys), reported as warnings. */
    warnings: string[];
}

/**
 * Checks the config against the pack: each known key against its policy's schema (the Pulumi CLI
 * validates the same before Configure). Entries for policies the pack does not have are dropped
 * with a warning, so one config file can serve several versions of the pack.
 */
export function checkPolicyConfig(info: AnalyzerInfo, config: Record<string, PolicyConfigInput>): CheckedConfig {
    const policies = new Map<string, PolicyInfo>(info.policies.map(p => [p.name, p]));
    const checked: Record<string, PolicyConfigInput> = {};
    const warnings: string[] = [];
    for (const [name, input] of Object.entries(config)) {
        const policy = policies.get(name);
        if (name === "all") {
            checked[name] = { enforcementLevel: input.enforcementLevel };
            continue;
        }
        if (!policy) {
            warnings.push(`the policy pack config names ${name}, which is not a policy of ${info.name} ${info.version}; ignored`);
            continue;
        }
        const properties = policy.configSchema?.properties ?? {};
        for (const [key, value] of Object.entries(input)) {
            if (key === "enforcementLevel") {
                continue;
            }
            const schema = properties[key];
            if (!isObject(schema)) {
                warnings.push(`the policy pack config sets ${name}.${key}, which ${name} does not read; ignored`);
                continue;
            }
            const problem = schemaProblem(value, schema, `${name}.${key}`);
            if (problem) {
                throw new ConfigError(`config for ${problem}`);
            }
        }
        checked[name] = input;
    }
    return { config: checked, warnings };
}
