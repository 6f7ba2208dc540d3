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
import { runsOnlyFor } from "../../engine/sdk/argsOnce";
import { appliesOnlyTo } from "../../engine/sdk/internals";
import { Config, ConfigSchema, configOf, configSchemaOf } from "./config";
import { Verdict, exemptionNote, exemptionVerdict } from "./exemptions";
import { findingMessage, maxMessageLength, unknownNote } from "./findings";
import { Props, plainProps } from "./props";
import type { Resource } from "./resource";
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
    /** For a rule with both parts: what each decides, for the policy reference. */
    decides?: { analyze: string; analyzeStack: string };
}

export type { Resource };

/**
 * What a rule says about a resource. Messages name resources, properties and keys; never values.
 * Everything a rule says about one resource in one request becomes one diagnostic (lib/findings).
 */
export interface Reporter {
    /**
     * A cause of the rule's finding about `about` (default: the resource judged): what is wrong, then
     * " Fix: " and what to change. At the rule's enforcement level unless `level` is given (a config
     * key that makes an advisory rule mandatory); advisory while `about` is exempted, or every
     * resource it `reaches` is (a shared role, group or grant exempted for all the functions it serves).
     */
    violation(message: string, about?: Resource, options?: { level?: EnforcementLevel; reaches?: readonly Resource[] }): void;
    /**
     * The verdict depends on `what`, which is unknown during preview: an advisory note, not a pass.
     * `why` explains it when the cause is known (rules waiting for the same value share the note).
     */
    unknown(what: string, about?: Resource, why?: string): void;
}

/**
 * A fix that cannot break a working deployment, run when the policy's level is `remediate`: new
 * props (build them with lib/remediate's withValue, which keeps secrets secret) or nothing.
 */
export type Remediation = (resource: Resource, config: Config) => Props | undefined;

export const referenceUrl = "https://github.com/serverless-guard/serverless-guard/blob/main/docs/reference.md";

/** When a rule decides: in Analyze (before each resource's step), in AnalyzeStack (at the end), or both. */
export type Phases = "analyze" | "analyzeStack" | "both";

/** The RuleInfo behind each policy the wrappers built, and when it decides (for presets, the reference and tests). */
const infos = new WeakMap<Policy, RuleInfo & { phases: Phases }>();

export function ruleInfoOf(policy: Policy): (RuleInfo & { phases: Phases }) | undefined {
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

function registered<P extends Policy>(info: RuleInfo, phases: Phases, policy: P): P {
    infos.set(policy, { ...info, phases });
    return policy;
}

/** ReportViolation also takes an object that overrides the level; its typings do not say so. */
function reportAt(level: EnforcementLevel, reportViolation: ReportViolation, message: string, urn: string | undefined) {
    reportViolation({ message, enforcementLevel: level, urn } as unknown as string);
}

const advisory = (reportViolation: ReportViolation, message: string, urn: string | undefined) =>
    reportAt("advisory", reportViolation, message, urn);

/** What one rule said about one resource so far. */
interface Said {
    about: Resource;
    /** Each cause once, in the order reported. */
    causes: Set<string>;
    level?: EnforcementLevel;
    reaches?: Map<string, Resource>;
    waitsFor: string[];
    why?: string;
}

/**
 * Collects what a rule says, by resource, and reports it as one diagnostic per resource: its causes
 * (exemptions apply to the resource the finding is about), or else the values it waits for.
 */
class Findings {
    /** Made on the first thing said: most rules say nothing about most resources. */
    private byUrn: Map<string, Said> | undefined;

    constructor(private readonly info: RuleInfo, private readonly config: Config) {}

    private said(about: Resource): Said {
        const byUrn = (this.byUrn ??= new Map());
        let entry = byUrn.get(about.urn);
        if (!entry) {
            entry = { about, causes: new Set(), waitsFor: [] };
            byUrn.set(about.urn, entry);
        }
        return entry;
    }

    reporter(subject: Resource): Reporter {
        return {
            violation: (message, about = subject, { level, reaches = [] } = {}) => {
                const entry = this.said(about);
                entry.causes.add(message);
                if (level === "mandatory" || (level && !entry.level)) {
                    entry.level = level;
                }
                for (const reached of reaches) {
                    (entry.reaches ??= new Map()).set(reached.urn, reached);
                }
            },
            unknown: (what, about = subject, why) => {
                const entry = this.said(about);
                if (!entry.waitsFor.includes(what)) {
                    entry.waitsFor.push(what);
                }
                entry.why ??= why;
            },
        };
    }

    /** Reports what was said, in the order resources were first spoken of, and forgets it. */
    flush(reportViolation: ReportViolation) {
        if (this.byUrn === undefined) {
            return;
        }
        for (const { about, causes, level, reaches, waitsFor, why } of this.byUrn.values()) {
            if (causes.size === 0) {
                advisory(reportViolation, unknownNote(waitsFor, why), about.urn);
                continue;
            }
            // A finding at another level than the rule's: the object form does not prefix the description
            // as the string form does, so add it (findings read the same at every level).
            const verdict = this.exemption(about, reaches ? [...reaches.values()] : []);
            const note = verdict.kind === "none" ? "" : ` ${exemptionNote(verdict, about.urn)}`;
            const budget = maxMessageLength - this.info.description.length - note.length - 1;
            const text = `${findingMessage([...causes], waitsFor, budget)}${note}`;
            const at = verdict.kind === "active" ? "advisory" : level;
            if (at) {
                reportAt(at, reportViolation, `${this.info.description}\n${text}`, about.urn);
            } else {
                reportViolation(text, about.urn);
            }
        }
        this.byUrn.clear();
    }

    /** The exemption verdict for a finding about `about`, or the one every resource it reaches has. */
    private exemption(about: Resource, reaches: Resource[]): Verdict {
        const own = exemptionVerdict(this.info.name, about, this.config);
        if (own.kind === "active" || reaches.length === 0) {
            return own;
        }
        const reached = reaches.map(r => exemptionVerdict(this.info.name, r, this.config));
        const first = reached[0];
        if (first.kind !== "active" || !reached.every(v => v.kind === "active")) {
            return own;
        }
        const where = `${reaches[0].name}'${reaches.length > 1 ? ` and the ${reaches.length - 1} other resource(s) it reaches` : ""}`;
        return { kind: "active", exemption: { ...first.exemption, source: `${first.exemption.source} (for '${where})` } };
    }
}

/** A rule that failed on input nobody expected says so, without any value, and does not throw. */
function reportInternalError(info: RuleInfo, reportViolation: ReportViolation, urn: string) {
    advisory(reportViolation,
        `serverless-guard could not evaluate ${info.name} on this resource (unexpected property shape); review it by hand.`, urn);
}

/** A validation declared for a single type: the SDK skips it for others without deserializing anything. */
const tagWithType = <F extends Function>(fn: F, types: readonly string[]): F => (types.length === 1 ? appliesOnlyTo(fn, types[0]) : fn);

const asResource = (args: ResourceValidationArgs): Resource =>
    ({ type: args.type, name: args.name, urn: args.urn, props: plainProps(args.props) });

export type ValidateResource = (resource: Resource, report: Reporter, config: Config) => void;
export type ValidateStack = (subject: GraphResource, stack: StackGraph, report: Reporter, config: Config) => void;
type Fields = ReturnType<typeof policyFields>;

/** The part of a policy that judges one resource's inputs (Analyze, Remediate). */
function resourcePart(info: RuleInfo, fields: Fields, types: readonly string[], validate: ValidateResource, remediate?: Remediation) {
    const typeSet = new Set(types);
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!typeSet.has(args.type)) {
            return;
        }
        const resource = asResource(args);
        try {
            const config = configOf(fields.configSchema.properties, args.getConfig);
            const findings = new Findings(info, config);
            validate(resource, findings.reporter(resource), config);
            findings.flush(reportViolation);
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
    return {
        validateResource: tagWithType(validateResource, types),
        ...(remediateResource ? { remediateResource: tagWithType(remediateResource, types) } : {}),
    };
}

/** The part of a policy that judges each resource of `subjectTypes` with the stack graph at hand (AnalyzeStack). */
function stackPart(info: RuleInfo, fields: Fields, subjectTypes: readonly string[], validate: ValidateStack) {
    const validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const graph = stackGraph(args.resources);
        const config = configOf(fields.configSchema.properties, args.getConfig);
        const findings = new Findings(info, config);
        for (const subject of graph.ofType(...subjectTypes)) {
            try {
                validate(subject, graph, findings.reporter(subject), config);
            } catch {
                reportInternalError(info, reportViolation, subject.urn);
            }
        }
        findings.flush(reportViolation);
    };
    return { validateStack: tagWithType(validateStack, subjectTypes) };
}

/** A rule about one resource at a time, of the given types, decided on its inputs; optionally with a safe remediation. */
export function resourceRule(info: RuleInfo, types: readonly string[], validate: ValidateResource, remediate?: Remediation): ResourceValidationPolicy {
    const fields = policyFields(info);
    return registered(info, "analyze", { ...fields, ...resourcePart(info, fields, types, validate, remediate) });
}

/**
 * A rule that needs the rest of the stack (roles, security groups, role assignments...): it judges
 * each resource of `subjectTypes` with the stack graph at hand. A failure on one subject does not
 * stop the others. Exemptions look at the resource each finding is about.
 */
export function stackRule(info: RuleInfo, subjectTypes: readonly string[], validate: ValidateStack): StackValidationPolicy {
    const fields = policyFields(info);
    return registered(info, "analyzeStack", { ...fields, ...stackPart(info, fields, subjectTypes, validate) });
}

/** The Analyze part of a rule: the types it judges by their inputs. */
export interface ResourcePart {
    types: readonly string[];
    validate: ValidateResource;
    remediate?: Remediation;
}

/** The AnalyzeStack part of a rule: the resources it judges with the stack graph. */
export interface StackPart {
    subjects: readonly string[];
    validate: ValidateStack;
}

/**
 * A rule that decides in Analyze what a resource's own inputs show, so that `pulumi preview` blocks
 * and `pulumi up` stops before the resource exists, and in AnalyzeStack what needs the rest of the
 * stack (the stack part must not report again what the resource part decides).
 */
export function resourceAndStackRule(info: RuleInfo, resource: ResourcePart, stack: StackPart): ResourceValidationPolicy & StackValidationPolicy {
    const fields = policyFields(info);
    return registered(info, "both", {
        ...fields,
        ...resourcePart(info, fields, resource.types, resource.validate, resource.remediate),
        ...stackPart(info, fields, stack.subjects, stack.validate),
    });
}
