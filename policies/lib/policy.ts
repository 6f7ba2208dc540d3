// How a rule becomes a CrossGuard policy: metadata, config with defaults, type matching,
// exemptions, optional safe remediation, and a guarantee that a rule never throws into the engine.
import type {
    EnforcementLevel,
    Policy,
    PolicyComplianceFramework,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { runsOnlyFor } from "./argsOnce";
import { Config, ConfigSchema, configOf, configSchemaOf } from "./config";
import { exemptionNote, exemptionVerdict } from "./exemptions";
import { Props, plainProps } from "./props";
import { GraphResource, StackGraph, stackGraph } from "./stackGraph";

export type { Config, ConfigSchema } from "./config";

/** A policy's entry in a preset (presets/<name>.json): its level and config values there. */
export interface PresetEntry {
    enforcementLevel: EnforcementLevel;
    config?: Config;
}

export interface RuleInfo {
    /** kebab-case, starts with the cloud; never changes once released. */
    name: string;
    description: string;
    severity: Severity;
    enforcementLevel: EnforcementLevel;
    remediationSteps: string;
    tags: string[];
    framework?: PolicyComplianceFramework;
    /** Config keys of this rule, each with its default (the wrapper adds the common ones, e.g. exemptions). */
    config?: ConfigSchema;
    /** Its entry in the strict preset; by default mandatory with the default config. */
    strict?: PresetEntry;
}

/** A resource as rules see it: plain props, unknowns left as sentinels (read them with lib/props). */
export interface Resource {
    type: string;
    name: string;
    urn: string;
    props: Props;
}

/** What a rule says about a resource. Messages name resources, properties and keys; never values. */
export interface Reporter {
    /**
     * A finding, at the rule's enforcement level unless `level` is given (a config key that makes an
     * advisory rule mandatory); advisory while `about` is exempted. `about` defaults to the resource being judged.
     */
    violation(message: string, about?: Resource, level?: EnforcementLevel): void;
    /** The verdict depends on `what`, which is unknown during preview: an advisory note, not a pass. */
    unknown(what: string, about?: Resource): void;
}

/**
 * A fix that cannot break a working deployment, run when the policy's level is `remediate`: new
 * props (build them with lib/remediate's withValue, which keeps secrets secret) or nothing.
 */
export type Remediation = (resource: Resource, config: Config) => Props | undefined;

export const referenceUrl = "https://github.com/serverless-guard/serverless-guard/blob/main/README.md";

/** The RuleInfo behind each policy the wrappers built (for presets and tests). */
const infos = new WeakMap<Policy, RuleInfo>();

export function ruleInfoOf(policy: Policy): RuleInfo | undefined {
    return infos.get(policy);
}

function policyFields(info: RuleInfo) {
    return {
        name: info.name,
        description: info.description,
        enforcementLevel: info.enforcementLevel,
        severity: info.severity,
        remediationSteps: info.remediationSteps,
        tags: info.tags,
        framework: info.framework,
        url: `${referenceUrl}#${info.name}`,
        configSchema: configSchemaOf(info.name, info.config),
    };
}

function registered<P extends Policy>(info: RuleInfo, policy: P): P {
    infos.set(policy, info);
    return policy;
}

/** ReportViolation also takes an object that overrides the level; its typings do not say so. */
function reportAt(level: EnforcementLevel, reportViolation: ReportViolation, message: string, urn: string | undefined) {
    reportViolation({ message, enforcementLevel: level, urn } as unknown as string);
}

const advisory = (reportViolation: ReportViolation, message: string, urn: string | undefined) =>
    reportAt("advisory", reportViolation, message, urn);

function reporter(info: RuleInfo, config: Config, reportViolation: ReportViolation, subject: Resource): Reporter {
    // Exemptions: an active one makes the finding advisory; any that matches is named in the message.
    // A finding at another level than the rule's: the object form does not prefix the description
    // as the string form does, so add it (findings read the same at every level).
    const violation = (message: string, about = subject, level?: EnforcementLevel) => {
        const verdict = exemptionVerdict(info.name, about, config);
        const text = verdict.kind === "none" ? message : `${message} ${exemptionNote(verdict, about.urn)}`;
        const at = verdict.kind === "active" ? "advisory" : level;
        return at
            ? reportAt(at, reportViolation, `${info.description}\n${text}`, about.urn)
            : reportViolation(text, about.urn);
    };
    return {
        violation,
        unknown: (what, about = subject) => advisory(reportViolation,
            `${what} is unknown during preview, so this rule cannot decide yet; it is checked again once the value is known.`,
            about.urn),
    };
}

/** A rule that failed on input nobody expected says so, without any value, and does not throw. */
function reportInternalError(info: RuleInfo, reportViolation: ReportViolation, urn: string) {
    advisory(reportViolation,
        `serverless-guard could not evaluate ${info.name} on this resource (unexpected property shape); review it by hand.`, urn);
}

/** The SDK skips a policy without deserializing anything when its validation carries a single type. */
function tagWithType<F extends Function>(fn: F, types: readonly string[]): F {
    if (types.length === 1) {
        (fn as unknown as { __pulumiType: string }).__pulumiType = types[0];
    }
    return fn;
}

const asResource = (args: ResourceValidationArgs): Resource =>
    ({ type: args.type, name: args.name, urn: args.urn, props: plainProps(args.props) });

/** A rule about one resource at a time, of the given types; optionally with a safe remediation. */
export function resourceRule(
    info: RuleInfo,
    types: readonly string[],
    validate: (resource: Resource, report: Reporter, config: Config) => void,
    remediate?: Remediation,
): ResourceValidationPolicy {
    const typeSet = new Set(types);
    const fields = policyFields(info);
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!typeSet.has(args.type)) {
            return;
        }
        const resource = asResource(args);
        try {
            const config = configOf(fields.configSchema.properties, args.getConfig);
            validate(resource, reporter(info, config, reportViolation, resource), config);
        } catch {
            reportInternalError(info, reportViolation, args.urn);
        }
    };
    // An exempted resource is left as it is; a remediation that fails leaves the finding to Analyze.
    const remediateResource = remediate && ((args: ResourceValidationArgs): Props | undefined => {
        if (!typeSet.has(args.type)) {
            return undefined;
        }
        try {
            const resource = asResource(args);
            const config = configOf(fields.configSchema.properties, args.getConfig);
            if (exemptionVerdict(info.name, resource, config).kind === "active") {
                return undefined;
            }
            return remediate(resource, config) ?? undefined;
        } catch {
            return undefined;
        }
    });
    runsOnlyFor(validateResource, types);
    return registered(info, {
        ...fields,
        validateResource: tagWithType(validateResource, types),
        ...(remediateResource ? { remediateResource: tagWithType(remediateResource, types) } : {}),
    });
}

/**
 * A rule that needs the rest of the stack (roles, security groups, role assignments...): it judges
 * each resource of `subjectTypes` with the stack graph at hand. A failure on one subject does not
 * stop the others. Exemptions look at the resource each finding is about.
 */
export function stackRule(
    info: RuleInfo,
    subjectTypes: readonly string[],
    validate: (subject: GraphResource, stack: StackGraph, report: Reporter, config: Config) => void,
): StackValidationPolicy {
    const fields = policyFields(info);
    const validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const graph = stackGraph(args.resources);
        const config = configOf(fields.configSchema.properties, args.getConfig);
        for (const subject of graph.ofType(...subjectTypes)) {
            try {
                validate(subject, graph, reporter(info, config, reportViolation, subject), config);
            } catch {
                reportInternalError(info, reportViolation, subject.urn);
            }
        }
    };
    return registered(info, { ...fields, validateStack: tagWithType(validateStack, subjectTypes) });
}
