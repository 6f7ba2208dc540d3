// The Analyzer protocol's messages, as the engine builds and reads them: resources and their
// properties into requests (with the engine's marshalling rules), responses back into plain data.
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import type {
    AnalyzeResult, AnalyzerInfo, EnforcementLevel, EngineProvider, EngineResource, NotApplicable, PolicyConfigEntry, PolicyType, RemediateResult, Severity,
} from "./types";
import { FieldReader, KeyOrder, Span, lengthDelimited, lengthDelimitedHead, notWire, structBytes } from "../protobuf";

const STACK_URN_PREFIX = "urn:pulumi:dev::serverless-guard-test::";

/** The URN given to a resource sent without one (tests build resources by type and name): `urn:pulumi:dev::serverless-guard-test::<type>::<name>`. */
export function urnOf(type: string, name: string): string {
    return `${STACK_URN_PREFIX}${type}::${name}`;
}


/**
 * Converts engine-encoded properties to a google.protobuf.Struct. Like the engine's marshaller:
 * `undefined` object members are left out (an absent property), `undefined` array elements become
 * null, and with `skipInternalKeys` (Analyze, AnalyzeStack, providers) top-level keys starting with
 * `__` are dropped (the engine since v3.238.0, rpc.go MarshalProperties; before, at every level, which
 * dropped the `__index.js` entry of a CallbackFunction's code). Secret wrappers and unknown sentinels
 * are ordinary JSON and pass as is.
 */
export function toStruct(props: Record<string, unknown>, skipInternalKeys = false): Struct {
    const normalized = normalize(props, skipInternalKeys, "properties");
    return Struct.fromJavaScript(normalized as Record<string, JavaScriptValue>);
}

function normalize(value: unknown, skipInternal: boolean, where: string): unknown {
    if (value === null || typeof value === "string" || typeof value === "boolean") {
        return value;
    }
    if (typeof value === "number") {
        if (!Number.isFinite(value)) {
            throw new Error(`${where}: ${value} cannot be sent to a policy pack`);
        }
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((v, i) => (v === undefined ? null : normalize(v, skipInternal, `${where}[${i}]`)));
    }
    if (typeof value === "object") {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
            throw new Error(`${where}: only plain objects can be sent, got ${proto?.constructor?.name ?? "object"}`);
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            if (v === undefined || (skipInternal && k.startsWith("__"))) {
                continue;
            }
            // Defined, not assigned: a "__proto__" key (JSON.parse makes one) is data here.
            Object.defineProperty(out, k, { value: normalize(v, false, `${where}.${k}`), enumerable: true, writable: true, configurable: true });
        }
        return out;
    }
    throw new Error(`${where}: a ${typeof value} cannot be sent to a policy pack`);
}

export function structToJs(s: Struct | undefined): Record<string, unknown> {
    return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}

export const enforcementLevelToProto: Record<EnforcementLevel, analyzerPb.EnforcementLevel> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
};

export function isEnforcementLevel(s: unknown): s is EnforcementLevel {
    return typeof s === "string" && Object.prototype.hasOwnProperty.call(enforcementLevelToProto, s);
}

function enforcementLevelFromProto(el: analyzerPb.EnforcementLevel): EnforcementLevel {
    switch (el) {
        case analyzerPb.EnforcementLevel.ADVISORY: return "advisory";
        case analyzerPb.EnforcementLevel.MANDATORY: return "mandatory";
        case analyzerPb.EnforcementLevel.REMEDIATE: return "remediate";
        case analyzerPb.EnforcementLevel.DISABLED: return "disabled";
        default: throw new Error(`invalid enforcement level ${el}`);
    }
}

function severityFromProto(s: analyzerPb.PolicySeverity): Severity {
    switch (s) {
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW: return "low";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM: return "medium";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH: return "high";
        case analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL: return "critical";
        default: return "unspecified";
    }
}

function policyTypeFromProto(t: analyzerPb.PolicyType): PolicyType {
    switch (t) {
        case analyzerPb.PolicyType.POLICY_TYPE_RESOURCE: return "resource";
        case analyzerPb.PolicyType.POLICY_TYPE_STACK: return "stack";
        default: return "unknown";
    }
}

function resourceOptions(r: EngineResource): analyzerPb.AnalyzerResourceOptions {
    const o = r.options ?? {};
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(o.customTimeouts?.create ?? 0);
    timeouts.setUpdate(o.customTimeouts?.update ?? 0);
    timeouts.setDelete(o.customTimeouts?.delete ?? 0);
    timeouts.setRead(o.customTimeouts?.read ?? 0);
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(o.protect ?? false);
    opts.setIgnorechangesList(o.ignoreChanges ?? []);
    opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
    opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
    opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
    opts.setAliasesList(o.aliases ?? []);
    opts.setCustomtimeouts(timeouts);
    opts.setParent(r.parent ?? "");
    return opts;
}

function providerProto(p: EngineProvider | undefined): analyzerPb.AnalyzerProviderResource | undefined {
    if (!p) {
        return undefined;
    }
    const prov = new analyzerPb.AnalyzerProviderResource();
    prov.setType(p.type);
    prov.setName(p.name);
    prov.setUrn(p.urn ?? urnOf(p.type, p.name));
    prov.setProperties(toStruct(p.properties ?? {}, true));
    return prov;
}

/** What an AnalyzeRequest and an AnalyzerResource both carry. */
function fillResource<T extends analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource>(
    target: T, r: EngineResource, skipInternalKeys: boolean,
): T {
    target.setType(r.type);
    target.setName(r.name);
    target.setUrn(r.urn ?? urnOf(r.type, r.name));
    target.setProperties(toStruct(r.properties, skipInternalKeys));
    target.setOptions(resourceOptions(r));
    const prov = providerProto(r.provider);
    if (prov) {
        target.setProvider(prov);
    }
    return target;
}

/** The AnalyzeRequest the engine sends for Analyze (skipInternalKeys) and Remediate (not). */
export function analyzeRequest(r: EngineResource, skipInternalKeys = true): analyzerPb.AnalyzeRequest {
    return fillResource(new analyzerPb.AnalyzeRequest(), r, skipInternalKeys);
}

/**
 * The AnalyzeRequest of Analyze as the engine's Go runtime writes it: the fields in their order,
 * each map's entries in an order of its own (protobuf-go writes a map in Go's map order; the
 * library sorts them), here a shuffle seeded by the URN, so that a run repeats.
 */
export function analyzeRequestBytes(r: EngineResource): Buffer {
    // The props are written below, in Go's order: the library's message gets none to encode.
    const message = analyzeRequest({ ...r, properties: {}, provider: r.provider && { ...r.provider, properties: {} } }, true);
    const order = goMapOrder(message.getUrn());
    const provider = message.getProvider();
    const type = message.getType();
    message.setType("");
    message.clearProperties();
    message.clearProvider();
    const parts = [lengthDelimited(1, Buffer.from(type)), lengthDelimited(2, propertiesBytes(r.properties, order)), message.serializeBinary()];
    if (provider) {
        const providerType = provider.getType();
        provider.setType("");
        provider.clearProperties();
        parts.push(lengthDelimited(6, Buffer.concat([
            lengthDelimited(1, Buffer.from(providerType)), lengthDelimited(2, propertiesBytes(r.provider?.properties ?? {}, order)), provider.serializeBinary(),
        ])));
    }
    return Buffer.concat(parts);
}

const propertiesBytes = (props: Record<string, unknown>, order: KeyOrder) => structBytes(normalize(props, true, "properties") as Record<string, unknown>, order);

/** A shuffle of each map's keys, from a generator seeded by `seed` (FNV-1a, then mulberry32). */
function goMapOrder(seed: string): KeyOrder {
    let state = 2166136261;
    for (let i = 0; i < seed.length; i++) {
        state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
    }
    const next = () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    return keys => {
        const out = [...keys];
        for (let i = out.length - 1; i > 0; i--) {
            const j = Math.floor(next() * (i + 1));
            [out[i], out[j]] = [out[j], out[i]];
        }
        return out;
    };
}

/** One AnalyzerResource of an AnalyzeStackRequest. */
export function analyzerResource(r: EngineResource): analyzerPb.AnalyzerResource {
    const res = fillResource(new analyzerPb.AnalyzerResource(), r, true);
    res.setParent(r.parent ?? "");
    res.setDependenciesList(r.dependencies ?? []);
    const deps = res.getPropertydependenciesMap();
    for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
        if (urns.length === 0) {
            continue; // as the engine does
        }
        const pd = new analyzerPb.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        deps.set(prop, pd);
    }
    return res;
}

/** `resources`, field 1 of AnalyzeStackRequest. */
const RESOURCES_FIELD = 1;

/**
 * The AnalyzeStackRequest of `resources`, encoded resource by resource: a message is the
 * concatenation of its repeated fields, so no protobuf object of the whole stack is built (at
 * 100,000 resources those took gigabytes), and each resource is converted only when written.
 */
export function analyzeStackRequestBytes(resources: Iterable<EngineResource>): Buffer {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (const resource of resources) {
        const body = analyzerResource(resource).serializeBinary();
        const head = lengthDelimitedHead(RESOURCES_FIELD, body.length);
        parts.push(head, body);
        total += head.length + body.length;
    }
    return Buffer.concat(parts, total);
}

/** A RemediateResponse in this module's terms. */
export function convertRemediateResponse(resp: analyzerPb.RemediateResponse): RemediateResult {
    return {
        remediations: resp.getRemediationsList().map((r) => ({
            policyName: r.getPolicyname(),
            policyPackName: r.getPolicypackname(),
            policyPackVersion: r.getPolicypackversion(),
            description: r.getDescription(),
            properties: r.hasProperties() ? structToJs(r.getProperties()) : undefined,
            diagnostic: r.getDiagnostic(),
        })),
        notApplicable: convertNotApplicable(resp.getNotApplicableList()),
    };
}

/** An AnalyzeResponse (Analyze and AnalyzeStack) in this module's terms. */
export function convertAnalyzeResponse(resp: analyzerPb.AnalyzeResponse): AnalyzeResult {
    return {
        diagnostics: resp.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            message: d.getMessage(),
            urn: d.getUrn(),
            enforcementLevel: enforcementLevelFromProto(d.getEnforcementlevel()),
            severity: severityFromProto(d.getSeverity()),
            description: d.getDescription(),
        })),
        notApplicable: convertNotApplicable(resp.getNotApplicableList()),
    };
}

/**
 * An AnalyzeResponse's bytes as an AnalyzeResult, read as the engine's Go runtime reads them:
 * natively. The library decodes UTF-8 in JavaScript, which made reading a stack's findings a large
 * part of the benchmark's wall time, a cost the engine does not have. Bytes it cannot read (a field
 * of the wrong wire type, invalid UTF-8) are read by the library.
 */
export function analyzeResultOf(bytes: Buffer): AnalyzeResult {
    try {
        const result: AnalyzeResult = { diagnostics: [], notApplicable: [] };
        const fields = new FieldReader(bytes, 0, bytes.length);
        for (let field = fields.next(); field !== undefined; field = fields.next()) {
            if (field === DIAGNOSTICS) {
                result.diagnostics.push(diagnosticIn(bytes, fields.span()));
            } else if (field === NOT_APPLICABLE) {
                result.notApplicable.push(notApplicableIn(bytes, fields.span()));
            } else {
                fields.skip();
            }
        }
        return result;
    } catch (e) {
        if (e !== notWire) {
            throw e;
        }
        return convertAnalyzeResponse(analyzerPb.AnalyzeResponse.deserializeBinary(new Uint8Array(bytes)));
    }
}

// AnalyzeResponse's fields (pulumi/pulumi proto/pulumi/analyzer.proto).
const DIAGNOSTICS = 2, NOT_APPLICABLE = 3;

/** An AnalyzeDiagnostic: 1 policyName, 2 policyPackName, 3 policyPackVersion, 4 description, 5 message, 7 enforcementLevel, 8 urn, 9 severity. */
function diagnosticIn(bytes: Buffer, { start, stop }: Span): AnalyzeResult["diagnostics"][number] {
    const text: Record<number, string> = {};
    const enums: Record<number, number> = {};
    const fields = new FieldReader(bytes, start, stop);
    for (let field = fields.next(); field !== undefined; field = fields.next()) {
        if ((field >= 1 && field <= 5) || field === 8) {
            text[field] = fields.text();
        } else if (field === 7 || field === 9) {
            enums[field] = fields.varint();
        } else {
            fields.skip();
        }
    }
    return {
        policyName: text[1] ?? "", policyPackName: text[2] ?? "", policyPackVersion: text[3] ?? "", message: text[5] ?? "", urn: text[8] ?? "",
        enforcementLevel: enforcementLevelFromProto(enums[7] ?? 0), severity: severityFromProto(enums[9] ?? 0), description: text[4] ?? "",
    };
}

/** A PolicyNotApplicable: 1 policyName, 2 reason. */
function notApplicableIn(bytes: Buffer, { start, stop }: Span): NotApplicable {
    const entry = { policyName: "", reason: "" };
    const fields = new FieldReader(bytes, start, stop);
    for (let field = fields.next(); field !== undefined; field = fields.next()) {
        if (field === 1 || field === 2) {
            entry[field === 1 ? "policyName" : "reason"] = fields.text();
        } else {
            fields.skip();
        }
    }
    return entry;
}

export function convertNotApplicable(list: analyzerPb.PolicyNotApplicable[]): NotApplicable[] {
    return list.map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
}

export function convertAnalyzerInfo(ai: analyzerPb.AnalyzerInfo): AnalyzerInfo {
    const initialConfig: Record<string, PolicyConfigEntry> = {};
    ai.getInitialconfigMap().forEach((v: analyzerPb.PolicyConfig, k: string) => {
        initialConfig[k] = {
            enforcementLevel: enforcementLevelFromProto(v.getEnforcementlevel()),
            properties: structToJs(v.getProperties()),
        };
    });
    return {
        name: ai.getName(),
        displayName: ai.getDisplayname(),
        version: ai.getVersion(),
        description: ai.getDescription(),
        readme: ai.getReadme(),
        provider: ai.getProvider(),
        tags: ai.getTagsList(),
        repository: ai.getRepository(),
        supportsConfig: ai.getSupportsconfig(),
        policies: ai.getPoliciesList().map((p) => {
            const schema = p.getConfigschema();
            const fw = p.getFramework();
            return {
                name: p.getName(),
                displayName: p.getDisplayname(),
                description: p.getDescription(),
                message: p.getMessage(),
                enforcementLevel: enforcementLevelFromProto(p.getEnforcementlevel()),
                severity: severityFromProto(p.getSeverity()),
                policyType: policyTypeFromProto(p.getPolicyType()),
                configSchema: schema
                    ? { properties: structToJs(schema.getProperties()), required: schema.getRequiredList() }
                    : undefined,
                tags: p.getTagsList(),
                remediationSteps: p.getRemediationSteps(),
                url: p.getUrl(),
                framework: fw
                    ? {
                        name: fw.getName(),
                        version: fw.getVersion(),
                        reference: fw.getReference(),
                        specification: fw.getSpecification(),
                    }
                    : undefined,
            };
        }),
        initialConfig,
    };
}

