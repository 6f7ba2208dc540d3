// Reads a `pulumi stack export` file and gives each resource as `pulumi policy analyze` sends it to
// a policy pack (pulumi/pulumi pkg/resource/deploy/analyze_snapshot.go, AnalyzeSnapshot): every
// resource not pending deletion goes through Remediate and Analyze with its state's inputs, and
// AnalyzeStack gets them all with their state's outputs. docs/audit.md says more.
import type { EngineProvider, EngineResource, EngineResourceOptions } from "../engine/client/types";
import { BYTE_STRING_SIG, PROVIDER_TYPE_PREFIX, SECRET_SIG, SIG_KEY, STACK_TYPE, SecretValue } from "../engine/wire";
import { InputError } from "./errors";

/** The deployment versions read here: 3 (`pulumi stack export` since Pulumi 1.0) and 4 (3 plus `features`). */
const MIN_DEPLOYMENT_VERSION = 3;
const MAX_DEPLOYMENT_VERSION = 4;

/**
 * Features a version-4 deployment may declare that change nothing the audit reads or sends
 * (pulumi/pulumi pkg/resource/stack/deployment.go, supportedFeatures). byteString marks values
 * stored as base64; they are decoded as the engine decodes them.
 */
const KNOWN_FEATURES: readonly string[] = [
    "refreshBeforeUpdate", "views", "hooks", "taint", "replaceWith", "snippets-prototype", "extensionParameterization", "byteString",
];

/**
 * What a secret the export holds only as ciphertext is sent as: a known, opaque string inside an
 * engine secret, as `pulumi policy analyze` redacts what it cannot decrypt. Nothing decrypts it
 * here (no Pulumi login, no secrets provider), and it is not an unknown: the value exists.
 */
export const OPAQUE_SECRET = "[secret]";

/** The organization of a stack whose export does not name one: what DIY backends call it. */
const DEFAULT_ORGANIZATION = "organization";

/** One resource of the export, with what reports need to name it. */
export interface ExportedResource {
    urn: string;
    type: string;
    name: string;
}

export interface StackExport {
    /** From the service secrets provider's state, the caller's default, or DEFAULT_ORGANIZATION. */
    organization: string;
    project: string;
    stack: string;
    /** `organization/project/stack`, as Pulumi Cloud names stacks. */
    name: string;
    /** Where stack-wide findings are reported: the root stack resource, or its default URN. */
    stackUrn: string;
    deploymentVersion: number;
    features: string[];
    /** Every resource not pending deletion, in the export's order. */
    resources: ExportedResource[];
    /** The Remediate and Analyze request of resources[i]: its inputs. */
    analyzeResource(i: number): EngineResource;
    /** resources[i] in the AnalyzeStack request: its outputs, parent and dependencies. */
    stackResource(i: number): EngineResource;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface RawResource {
    urn: string;
    type: string;
    delete?: boolean;
    inputs?: Record<string, Json>;
    outputs?: Record<string, Json>;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    ignoreChanges?: string[];
    additionalSecretOutputs?: string[];
    aliases?: unknown[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
}

const URN_PREFIX = "urn:pulumi:";

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

/** The name part of a URN (everything after the type), as Pulumi's URN.Name() reads it. */
export function urnName(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** The type part of a URN (the last of its parent types and its own, `$`-separated). */
export function urnType(urn: string): string {
    return urn.split("::")[2]?.split("$").pop() ?? "";
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>`: what Pulumi's URN.IsValid() accepts. */
const validUrn = (urn: string) => urn.startsWith(URN_PREFIX) && urn.split("::").length >= 4;

/**
 * Secrets in an export are `{sig, ciphertext}` or, with `--show-secrets`, `{sig, plaintext}` where
 * plaintext is the value's JSON. Both become engine secrets `{sig, value}`; byte strings become
 * their text; everything else is kept.
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
    if (value[SIG_KEY] === BYTE_STRING_SIG && typeof value.value === "string") {
        return Buffer.from(value.value, "base64").toString("utf8");
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

/** The options `pulumi policy analyze` sends (it has no deleteBeforeReplace from state). */
function options(r: RawResource): EngineResourceOptions {
    const timeouts = isObject(r.customTimeouts) ? r.customTimeouts : {};
    const seconds = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
    return {
        protect: r.protect === true,
        ignoreChanges: stringList(r.ignoreChanges),
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
        throw new InputError(`resource #${index + 1} of deployment.resources has no urn or type`);
    }
    if (!validUrn(raw.urn)) {
        throw new InputError(`resource #${index + 1} of deployment.resources has an invalid URN (expected urn:pulumi:<stack>::<project>::<type>::<name>)`);
    }
    return raw as unknown as RawResource;
}

function checkVersion(doc: Record<string, unknown>): { version: number; features: string[] } {
    const version = doc.version as number;
    if (!Number.isInteger(version) || version < MIN_DEPLOYMENT_VERSION) {
        throw new InputError(`deployment version ${version} is too old to audit (version ${MIN_DEPLOYMENT_VERSION} or later needed); ` +
            "export the stack again with a current Pulumi CLI");
    }
    if (version > MAX_DEPLOYMENT_VERSION) {
        throw new InputError(`deployment version ${version} is newer than this audit reads (up to ${MAX_DEPLOYMENT_VERSION}); ` +
            "update serverless-guard");
    }
    const features = version >= 4 ? stringList(doc.features) : [];
    const unknown = features.filter(f => !KNOWN_FEATURES.includes(f));
    if (unknown.length > 0) {
        throw new InputError(`the deployment uses features this audit does not know (${unknown.join(", ")}); update serverless-guard`);
    }
    return { version, features };
}

/** The organization a service-backed export names in its secrets provider's state. */
function organizationOf(deployment: Record<string, unknown>): string | undefined {
    const provider = deployment.secrets_providers;
    if (isObject(provider) && provider.type === "service" && isObject(provider.state) && typeof provider.state.owner === "string") {
        return provider.state.owner || undefined;
    }
    return undefined;
}

export interface ParseOptions {
    /** The organization of exports that do not name one (DIY backends, passphrase secrets). */
    organization?: string;
}

/** Parses the text of a stack export. Throws InputError when it is not one the audit can read. */
export function parseStackExport(text: string, parseOptions: ParseOptions = {}): StackExport {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new InputError("the file is not valid JSON, so it is not a `pulumi stack export` file");
    }
    if (!isObject(doc) || typeof doc.version !== "number" || !isObject(doc.deployment)) {
        throw new InputError("the file is not a Pulumi stack export: expected an object with `version` and `deployment`, as `pulumi stack export` writes");
    }
    const { version, features } = checkVersion(doc);
    const deployment = doc.deployment;
    const rawResources = deployment.resources ?? [];
    if (!Array.isArray(rawResources)) {
        throw new InputError("deployment.resources is not a list");
    }
    const live = rawResources.map(checkResource).filter(r => r.delete !== true);
    if (live.length === 0) {
        throw new InputError("the export has no resources, so there is nothing to audit (was the stack destroyed, or never deployed?)");
    }
    const seen = new Set<string>();
    for (const r of live) {
        if (seen.has(r.urn)) {
            // The engine refuses such a snapshot too: a URN names one live resource.
            throw new InputError(`the URN of a ${r.type} appears twice among the live resources; the export is corrupt`);
        }
        seen.add(r.urn);
    }

    const providers = new Map<string, EngineProvider>();
    for (const p of live) {
        if (p.type.startsWith(PROVIDER_TYPE_PREFIX)) {
            providers.set(p.urn, { type: p.type, name: urnName(p.urn), urn: p.urn, properties: engineProps(p.inputs) });
        }
    }
    /** A provider reference is `<provider urn>::<provider id>`. */
    const providerOf = (r: RawResource): EngineProvider | undefined =>
        typeof r.provider === "string" ? providers.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) : undefined;
    const engineResource = (r: RawResource, properties: Record<string, unknown>): EngineResource => ({
        type: r.type,
        name: urnName(r.urn),
        urn: r.urn,
        properties,
        parent: typeof r.parent === "string" ? r.parent : undefined,
        provider: providerOf(r),
        options: options(r),
    });

    const root = live.find(r => r.type === STACK_TYPE && !r.parent);
    const [stackPart, project] = (root ?? live[0]).urn.split("::");
    const stack = stackPart.slice(URN_PREFIX.length);
    const organization = organizationOf(deployment) ?? parseOptions.organization ?? DEFAULT_ORGANIZATION;
    return {
        organization,
        project,
        stack,
        name: `${organization}/${project}/${stack}`,
        // As AnalyzeSnapshot attributes stack-wide findings (snapshotRootStackURN).
        stackUrn: root?.urn ?? `${URN_PREFIX}${stack}::${project}::${STACK_TYPE}::${project}-${stack}`,
        deploymentVersion: version,
        features,
        resources: live.map(r => ({ urn: r.urn, type: r.type, name: urnName(r.urn) })),
        analyzeResource: i => engineResource(live[i], engineProps(live[i].inputs)),
        stackResource: i => ({
            ...engineResource(live[i], engineProps(live[i].outputs)),
            dependencies: stringList(live[i].dependencies),
            propertyDependencies: propertyDependencies(live[i]),
        }),
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
