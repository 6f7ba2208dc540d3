// Reads a `pulumi stack export` file and turns its resources into what the engine sends a policy
// pack: Analyze gets each custom resource's inputs, AnalyzeStack gets every resource of the stack.
import { EngineProvider, EngineResource, EngineResourceOptions, SECRET_SIG, SIG_KEY, SecretValue } from "./analyzer";

/** The oldest deployment format read here (`pulumi stack export` has written version 3 since Pulumi 1.0). */
export const MIN_DEPLOYMENT_VERSION = 3;

/**
 * What a secret the export holds only as ciphertext is sent as: a known, opaque string inside an
 * engine secret. Nothing decrypts it here (no Pulumi login, no secrets provider), and it is not an
 * unknown: the value exists, the audit just cannot see it.
 */
export const OPAQUE_SECRET = "[secret]";

/** The input file is not a stack export the audit can read. */
export class ExportError extends Error {}

/** One resource of the export, with what the audit needs to name it in reports. */
export interface ExportedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
}

export interface StackExport {
    /** From the stack resource's URN (`urn:pulumi:<stack>::<project>::...`); "" when there is none. */
    stack: string;
    project: string;
    /** The root `pulumi:pulumi:Stack` resource's URN, or "" when the export has none. */
    stackUrn: string;
    deploymentVersion: number;
    /** Every live resource (pending deletions left out), in the export's order. */
    resources: ExportedResource[];
    /** The custom resources that are not providers: each gets an Analyze call, with its inputs. */
    analyze: EngineResource[];
    /** Every live resource, with inputs overlaid by outputs: the AnalyzeStack request. */
    stackResources: EngineResource[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface RawResource {
    urn: string;
    type: string;
    custom?: boolean;
    delete?: boolean;
    inputs?: Record<string, Json>;
    outputs?: Record<string, Json>;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: unknown[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
}

const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
const STACK_TYPE = "pulumi:pulumi:Stack";

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

/** The name part of a URN (everything after the type), as Pulumi's URN.Name() reads it. */
export function urnName(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/**
 * Secrets in an export are `{sig, ciphertext}` or, with `--show-secrets`, `{sig, plaintext}` where
 * plaintext is the value's JSON. Both become engine secrets `{sig, value}`; everything else is kept.
 */
function toEngineValue(value: Json): unknown {
    if (Array.isArray(value)) {
        return value.map(toEngineValue);
    }
    if (!isObject(value)) {
        return value;
    }
    if (value[SIG_KEY] === SECRET_SIG) {
        return engineSecret(value);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        out[k] = toEngineValue(v as Json);
    }
    return out;
}

function engineSecret(stored: Record<string, unknown>): SecretValue {
    let value: unknown = OPAQUE_SECRET;
    if (typeof stored.plaintext === "string") {
        try {
            value = toEngineValue(JSON.parse(stored.plaintext) as Json);
        } catch {
            value = stored.plaintext;
        }
    } else if ("value" in stored && stored.value !== undefined) {
        value = toEngineValue(stored.value as Json); // already in the engine's form
    }
    // A secret of null has nothing to hide; the engine would send null too.
    return { [SIG_KEY]: SECRET_SIG, value: value ?? null } as SecretValue;
}

function engineProps(props: Record<string, Json> | undefined): Record<string, unknown> {
    return isObject(props) ? (toEngineValue(props) as Record<string, unknown>) : {};
}

function options(r: RawResource): EngineResourceOptions {
    const timeouts = isObject(r.customTimeouts) ? r.customTimeouts : {};
    const seconds = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
    return {
        protect: r.protect === true,
        ignoreChanges: stringList(r.ignoreChanges),
        deleteBeforeReplace: typeof r.deleteBeforeReplace === "boolean" ? r.deleteBeforeReplace : undefined,
        additionalSecretOutputs: stringList(r.additionalSecretOutputs),
        aliases: stringList(r.aliases),
        customTimeouts: { create: seconds(timeouts.create), update: seconds(timeouts.update), delete: seconds(timeouts.delete) },
    };
}

function propertyDependencies(r: RawResource): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (isObject(r.propertyDependencies)) {
        for (const [k, v] of Object.entries(r.propertyDependencies)) {
            out[k] = stringList(v);
        }
    }
    return out;
}

function checkResource(raw: unknown, index: number): RawResource {
    if (!isObject(raw) || typeof raw.urn !== "string" || raw.urn === "" || typeof raw.type !== "string" || raw.type === "") {
        throw new ExportError(`resource #${index + 1} of deployment.resources has no urn or type`);
    }
    return raw as unknown as RawResource;
}

/** Parses the text of a stack export. Throws ExportError when it is not one the audit can read. */
export function parseStackExport(text: string): StackExport {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new ExportError("the file is not valid JSON, so it is not a `pulumi stack export` file");
    }
    if (!isObject(doc) || typeof doc.version !== "number" || !isObject(doc.deployment)) {
        throw new ExportError("the file is not a Pulumi stack export: expected an object with `version` and `deployment`, as `pulumi stack export` writes");
    }
    if (!Number.isInteger(doc.version) || doc.version < MIN_DEPLOYMENT_VERSION) {
        throw new ExportError(`deployment version ${doc.version} is not supported (version ${MIN_DEPLOYMENT_VERSION} or later needed); ` +
            "export the stack again with a current Pulumi CLI");
    }
    const rawResources = doc.deployment.resources ?? [];
    if (!Array.isArray(rawResources)) {
        throw new ExportError("deployment.resources is not a list");
    }
    const live = rawResources.map(checkResource).filter(r => r.delete !== true);

    const providers = new Map<string, EngineProvider>();
    for (const p of live) {
        if (p.type.startsWith(PROVIDER_TYPE_PREFIX)) {
            providers.set(p.urn, { type: p.type, name: urnName(p.urn), urn: p.urn, properties: engineProps(p.inputs) });
        }
    }
    /** A provider reference is `<provider urn>::<provider id>`. */
    const providerOf = (r: RawResource): EngineProvider | undefined => {
        if (typeof r.provider !== "string") {
            return undefined;
        }
        return providers.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
    };
    const engineResource = (r: RawResource, properties: Record<string, unknown>): EngineResource => ({
        type: r.type,
        name: urnName(r.urn),
        urn: r.urn,
        properties,
        parent: typeof r.parent === "string" ? r.parent : undefined,
        dependencies: stringList(r.dependencies),
        propertyDependencies: propertyDependencies(r),
        provider: providerOf(r),
        options: options(r),
    });

    const stackResource = live.find(r => r.type === STACK_TYPE);
    const urnParts = (stackResource?.urn ?? live[0]?.urn ?? "").split("::");
    const custom = (r: RawResource) => r.custom === true;
    return {
        stack: urnParts[0]?.startsWith("urn:pulumi:") ? urnParts[0].slice("urn:pulumi:".length) : "",
        project: urnParts[1] ?? "",
        stackUrn: stackResource?.urn ?? "",
        deploymentVersion: doc.version,
        resources: live.map(r => ({ urn: r.urn, type: r.type, name: urnName(r.urn), custom: custom(r) })),
        analyze: live
            .filter(r => custom(r) && !r.type.startsWith(PROVIDER_TYPE_PREFIX))
            .map(r => engineResource(r, engineProps(r.inputs))),
        // After an update the engine's AnalyzeStack sees each resource's outputs; inputs fill in
        // what a provider does not echo back (top level only: outputs are the state of record).
        stackResources: live.map(r => engineResource(r, { ...engineProps(r.inputs), ...engineProps(r.outputs) })),
    };
}

/**
 * The 1-based line of each resource's `"urn": ...` member in the export's text (a `pulumi stack
 * export` file has one member per line), so reports can point into the file. The first occurrence
 * wins; URNs of a single-line export all map to line 1.
 */
export function urnLines(text: string): Map<string, number> {
    const lines = new Map<string, number>();
    const member = /"urn"\s*:\s*("(?:[^"\\]|\\.)*")/g;
    let line = 1;
    let from = 0;
    for (let match = member.exec(text); match; match = member.exec(text)) {
        for (let i = text.indexOf("\n", from); i !== -1 && i < match.index; i = text.indexOf("\n", i + 1)) {
            line++;
        }
        from = match.index;
        let urn: string;
        try {
            urn = JSON.parse(match[1]) as string;
        } catch {
            continue;
        }
        if (!lines.has(urn)) {
            lines.set(urn, line);
        }
    }
    return lines;
}
