// The policy-pack config file, read and validated as the Pulumi CLI does before Configure
// (pulumi/pulumi pkg/resource/analyzer/config.go): the file's entries, then the reconciled config
// (schema defaults, the pack's initialConfig, the file) checked against each policy's JSON schema.
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { AnalyzerInfo, PolicyConfigInput } from "../engine/client/types";
import { reconcilePolicyConfig } from "../engine/client/config";
import { enforcementLevelToProto } from "../engine/client/encoding";
import { InputError } from "./errors";
import { didYouMean } from "./suggest";

const LEVELS: readonly string[] = Object.keys(enforcementLevelToProto);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export interface ParsedConfig {
    /** Policy name (or "all") to its level and keys, as the CLI reads the file. */
    config: Record<string, PolicyConfigInput>;
    /** What the file holds that the offline audit does not use. */
    warnings: string[];
}

function level(policy: string, value: unknown): string {
    if (typeof value !== "string") {
        throw new InputError(`${policy}: the enforcement level must be a string, one of ${LEVELS.join(", ")}`);
    }
    if (!LEVELS.includes(value)) {
        throw new InputError(`${policy}: "${value}" is not an enforcement level (${LEVELS.join(", ")})${didYouMean(value, LEVELS)}`);
    }
    return value;
}

/** Parses the file's text like the CLI's parsePolicyPackConfig; an empty file is no config. */
export function parsePolicyConfig(text: string): ParsedConfig {
    if (text.trim() === "") {
        return { config: {}, warnings: [] };
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new InputError("it is not valid JSON");
    }
    if (!isObject(doc)) {
        throw new InputError("it must be a JSON object of policy names");
    }
    const warnings: string[] = [];
    const config: Record<string, PolicyConfigInput> = {};
    for (const [policy, entry] of Object.entries(doc)) {
        if (policy === "environments") {
            if (!Array.isArray(entry) || !entry.every(e => typeof e === "string")) {
                throw new InputError('"environments" must be an array of strings');
            }
            warnings.push("the config's ESC environments are not opened by the offline audit; their policyConfig is not applied");
            continue;
        }
        let input: PolicyConfigInput;
        if (typeof entry === "string") {
            input = { enforcementLevel: level(policy, entry) };
        } else if (isObject(entry)) {
            input = { ...entry };
            if ("enforcementLevel" in input) {
                input.enforcementLevel = level(policy, input.enforcementLevel);
            }
        } else {
            throw new InputError(`${policy}: expected an enforcement level or an object`);
        }
        // The CLI drops entries that set nothing.
        if (Object.keys(input).length > 0) {
            config[policy] = input;
        }
    }
    return { config, warnings };
}

/** One compiled validator per policy schema, as gojsonschema sees it: `{type: object, properties, required}`. */
function compile(info: AnalyzerInfo): Map<string, ValidateFunction> {
    // strict: false and no logger, because the CLI's validator ignores keywords and formats it does not know.
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
    const validators = new Map<string, ValidateFunction>();
    for (const policy of info.policies) {
        if (policy.configSchema) {
            const { properties, required } = policy.configSchema;
            validators.set(policy.name, ajv.compile({
                type: "object",
                ...(Object.keys(properties).length > 0 ? { properties } : {}),
                ...(required.length > 0 ? { required } : {}),
            }));
        }
    }
    return validators;
}

/** An ajv error in words: where (policy.key[0].field), what; names and rules only, never the value. */
function describe(policy: string, error: ErrorObject): string {
    const where = error.instancePath.split("/").slice(1).map(p => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("");
    const extra = error.keyword === "additionalProperties" ? ` (${String(error.params.additionalProperty)})` : "";
    return `${policy}${where} ${error.message ?? "is invalid"}${extra}`;
}

/**
 * Checks the config against the pack as the CLI does: every policy's reconciled config against its
 * schema (errors stop the audit), and entries for policies the pack does not have (without a level
 * the CLI refuses them; with one it passes them on and the pack ignores them). Keys a policy does
 * not declare are accepted, as the CLI accepts them, with a warning.
 */
export function checkPolicyConfig(info: AnalyzerInfo, config: Record<string, PolicyConfigInput>): string[] {
    const names = info.policies.map(p => p.name);
    const warnings: string[] = [];
    const problems: string[] = [];
    for (const [name, input] of Object.entries(config)) {
        const policy = info.policies.find(p => p.name === name);
        if (name === "all") {
            continue;
        }
        if (!policy) {
            const pack = `${info.name} ${info.version}`;
            if (input.enforcementLevel === undefined) {
                problems.push(`${name} is not a policy of ${pack}${didYouMean(name, names)}, and without an enforcementLevel the Pulumi CLI refuses it`);
            } else {
                warnings.push(`the config names ${name}, which is not a policy of ${pack}${didYouMean(name, names)}; the pack ignores it`);
            }
            continue;
        }
        const keys = Object.keys(policy.configSchema?.properties ?? {});
        for (const key of Object.keys(input)) {
            if (key !== "enforcementLevel" && !keys.includes(key)) {
                warnings.push(`the config sets ${name}.${key}, which ${name} does not read${didYouMean(key, keys)}; the pack ignores it`);
            }
        }
    }
    const reconciled = reconcilePolicyConfig(info, config);
    for (const [name, validate] of compile(info)) {
        if (!validate(reconciled[name]?.properties ?? {})) {
            problems.push(...(validate.errors ?? []).map(e => describe(name, e)));
        }
    }
    if (problems.length > 0) {
        throw new InputError(problems.sort().join("; "));
    }
    return warnings;
}
