// How a rule becomes a CrossGuard policy: metadata, config with defaults, type matching,
// reporting, and a guarantee that a rule never throws into the engine.
import type {
    EnforcementLevel,
    PolicyComplianceFramework,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Props, plainProps } from "./props";
import { GraphResource, StackGraph, stackGraph } from "./stackGraph";

export type ConfigSchema = Record<string, PolicyConfigJSONSchema & { default: unknown }>;

export interface RuleInfo {
    /** kebab-case, starts with the cloud; never changes once released. */
    name: string;
    description: string;
    severity: Severity;
    enforcementLevel: EnforcementLevel;
    remediationSteps: string;
    tags: string[];
    framework?: PolicyComplianceFramework;
    /** Config keys of this rule, each with its default. */
    config?: ConfigSchema;
}

/** A resource as rules see it: plain props, unknowns left as sentinels (read them with lib/props). */
export interface Resource {
    type: string;
    name: string;
    urn: string;
    props: Props;
}

export type Config = Record<string, unknown>;

/** What a rule says about a resource. Messages name resources, properties and keys; never values. */
export interface Reporter {
    /**
     * A finding, at the rule's enforcement level unless `level` is given (a config key that makes an
     * advisory rule mandatory). `about` defaults to the resource being judged.
     */
    violation(message: string, about?: Resource, level?: EnforcementLevel): void;
    /** A finding reported as advisory whatever the rule's level (a part of a rule that config can make strict). */
    advisory(message: string, about?: Resource): void;
    /** The verdict depends on `what`, which is unknown during preview: an advisory note, not a pass. */
    unknown(what: string, about?: Resource): void;
}

export const referenceUrl = "https://github.com/serverless-guard/serverless-guard/blob/main/README.md";

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
        configSchema: { properties: info.config ?? {} },
    };
}

/** Code defaults overlaid with what the engine configured (the CLI has filled schema defaults already). */
function configOf(info: RuleInfo, getConfig: () => object): Config {
    const given = getConfig() as Config;
    const config: Config = {};
    for (const [key, schema] of Object.entries(info.config ?? {})) {
        config[key] = given[key] ?? schema.default;
    }
    return config;
}

/** ReportViolation also takes an object that overrides the level; its typings do not say so. */
function reportAt(level: EnforcementLevel, reportViolation: ReportViolation, message: string, urn: string | undefined) {
    reportViolation({ message, enforcementLevel: level, urn } as unknown as string);
}

const advisory = (reportViolation: ReportViolation, message: string, urn: string | undefined) =>
    reportAt("advisory", reportViolation, message, urn);

function reporter(info: RuleInfo, reportViolation: ReportViolation, subject: Resource): Reporter {
    // A finding at another level than the rule's: the object form does not prefix the description
    // as the string form does, so add it (findings read the same at every level).
    const violation = (message: string, about = subject, level?: EnforcementLevel) => level
        ? reportAt(level, reportViolation, `${info.description}\n${message}`, about.urn)
        : reportViolation(message, about.urn);
    return {
        violation,
        advisory: (message, about = subject) => violation(message, about, "advisory"),
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

/** A rule about one resource at a time, of the given types. */
export function resourceRule(
    info: RuleInfo,
    types: readonly string[],
    validate: (resource: Resource, report: Reporter, config: Config) => void,
): ResourceValidationPolicy {
    const typeSet = new Set(types);
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!typeSet.has(args.type)) {
            return;
        }
        const resource = { type: args.type, name: args.name, urn: args.urn, props: plainProps(args.props) };
        try {
            validate(resource, reporter(info, reportViolation, resource), configOf(info, args.getConfig));
        } catch {
            reportInternalError(info, reportViolation, args.urn);
        }
    };
    return { ...policyFields(info), validateResource: tagWithType(validateResource, types) };
}

/**
 * A rule that needs the rest of the stack (roles, security groups, role assignments...): it judges
 * each resource of `subjectTypes` with the stack graph at hand. A failure on one subject does not
 * stop the others.
 */
export function stackRule(
    info: RuleInfo,
    subjectTypes: readonly string[],
    validate: (subject: GraphResource, stack: StackGraph, report: Reporter, config: Config) => void,
): StackValidationPolicy {
    const validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const graph = stackGraph(args.resources);
        const config = configOf(info, args.getConfig);
        for (const subject of graph.ofType(...subjectTypes)) {
            try {
                validate(subject, graph, reporter(info, reportViolation, subject), config);
            } catch {
                reportInternalError(info, reportViolation, subject.urn);
            }
        }
    };
    return { ...policyFields(info), validateStack: tagWithType(validateStack, subjectTypes) };
}
