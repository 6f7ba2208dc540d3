// Exemptions: an organisation accepts a finding knowingly, with a reason and an optional expiry.
// An exemption never hides a finding: while it lasts the finding is reported as advisory and says
// why; once it has expired the finding is back at its level and says so.
//
// Two forms, checked for every policy by the rule wrapper:
// - config: the policy's `exemptions` key, a list of { resource, reason, expires? }, where
//   `resource` is a glob over the resource's logical name or URN;
// - tags/labels on the resource itself, in a form every cloud accepts (GCP labels are the
//   strictest: lowercase letters, digits, '_' and '-', at most 63 characters):
//     sg-exempt-<policy name>  or  sg-exempt-all   value: the expiry YYYY-MM-DD ("" or "never": none)
//     sg-exempt-reason                             value: the reason, e.g. "sec-1234_legacy-vpc"
import { dayPattern } from "./config";
import type { Config } from "./config";
import { globMatches } from "./glob";
import { read, record } from "./props";

/** Where a resource carries its tags or labels: AWS tags (tagsAll holds provider defaults), Azure tags, GCP labels, Cloud Run v1 metadata.labels. */
const tagLocations: readonly (readonly string[])[] = [
    ["tags"], ["tagsAll"], ["labels"], ["effectiveLabels"], ["metadata", "labels"],
];

export const exemptTagPrefix = "sg-exempt-";
export const exemptAllTag = `${exemptTagPrefix}all`;
export const exemptReasonTag = `${exemptTagPrefix}reason`;
/** GCP's limit for a label key; `sg-exempt-<policy name>` must fit it. */
export const maxTagKeyLength = 63;

const noExpiry = new Set(["", "never", "none"]);
const maxReasonLength = 120;

export interface Exemption {
    /** Where it was declared, for the message: names and patterns only. */
    source: string;
    /** Sanitised; empty when none was given. */
    reason: string;
    expires?: string;
    /** Why it cannot apply, when it cannot. */
    problem?: string;
}

export type Verdict =
    | { kind: "none" }
    | { kind: "active" | "expired" | "invalid"; exemption: Exemption };

/** What exemptions look at: the resource a finding is about. */
export interface ExemptionSubject {
    name: string;
    urn: string;
    props: unknown;
}

/** Operator-written text made safe for a message: a small charset, bounded length. */
export function sanitizeReason(text: unknown): string {
    if (typeof text !== "string") {
        return "";
    }
    const clean = text.replace(/[^A-Za-z0-9 _.,:;()#+=@*?\/-]+/g, " ").replace(/\s+/g, " ").trim();
    return clean.length > maxReasonLength ? `${clean.slice(0, maxReasonLength - 3)}...` : clean;
}

/** A real calendar day in YYYY-MM-DD form. */
export function isDay(text: string): boolean {
    if (!new RegExp(dayPattern).test(text)) {
        return false;
    }
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Today (UTC), YYYY-MM-DD. */
export const today = () => new Date().toISOString().slice(0, 10);

function checked(exemption: Exemption): Exemption {
    if (exemption.reason === "") {
        return { ...exemption, problem: "it gives no reason" };
    }
    if (exemption.expires !== undefined && !isDay(exemption.expires)) {
        return { ...exemption, expires: undefined, problem: "its expiry is not a date in YYYY-MM-DD form" };
    }
    return exemption;
}

function fromConfig(config: Config, subject: ExemptionSubject): Exemption[] {
    const entries = Array.isArray(config.exemptions) ? config.exemptions : [];
    const found: Exemption[] = [];
    entries.forEach((entry: unknown, i: number) => {
        const resource = read(entry, "resource");
        if (typeof resource !== "string" || resource === "" || !(globMatches(resource, subject.name) || globMatches(resource, subject.urn))) {
            return;
        }
        const expires = read(entry, "expires");
        found.push(checked({
            source: `config exemption #${i + 1} '${sanitizeReason(resource)}'`,
            reason: sanitizeReason(read(entry, "reason")),
            expires: typeof expires === "string" ? expires : undefined,
        }));
    });
    return found;
}

/** Each resource's tags, read once for all the findings about it. */
const tagsByProps = new WeakMap<object, ReadonlyMap<string, unknown>>();

/** The resource's tags and labels, keys lower-cased (Azure tag keys are case-insensitive). */
function tagsOf(props: unknown): ReadonlyMap<string, unknown> {
    if (props === null || typeof props !== "object") {
        return readTags(props);
    }
    let tags = tagsByProps.get(props);
    if (tags === undefined) {
        tags = readTags(props);
        tagsByProps.set(props, tags);
    }
    return tags;
}

function readTags(props: unknown): ReadonlyMap<string, unknown> {
    const tags = new Map<string, unknown>();
    for (const location of tagLocations) {
        const found = record(read(props, ...location));
        if (typeof found === "object") {
            for (const [key, value] of Object.entries(found)) {
                tags.set(key.toLowerCase(), value);
            }
        }
    }
    return tags;
}

function fromTags(policyName: string, subject: ExemptionSubject): Exemption[] {
    const tags = tagsOf(subject.props);
    const found: Exemption[] = [];
    for (const key of [`${exemptTagPrefix}${policyName}`, exemptAllTag]) {
        if (!tags.has(key)) {
            continue;
        }
        const value = tags.get(key);
        const expires = typeof value === "string" ? value.trim().toLowerCase() : undefined;
        found.push(checked({
            source: `tag '${key}'`,
            reason: sanitizeReason(tags.get(exemptReasonTag)),
            expires: expires !== undefined && noExpiry.has(expires) ? undefined : (expires ?? "(not a string)"),
        }));
    }
    return found;
}

/**
 * What the exemptions for `policyName` say about `subject` on day `on` (default today): an active one
 * wins, then an expired one (so the finding says it lapsed), then an unusable one (so it says why).
 */
export function exemptionVerdict(policyName: string, subject: ExemptionSubject, config: Config, on?: string): Verdict {
    const exemptions = [...fromConfig(config, subject), ...fromTags(policyName, subject)];
    if (exemptions.length === 0) {
        return { kind: "none" };
    }
    const day = on ?? today();
    const usable = exemptions.filter(e => e.problem === undefined);
    const active = usable.find(e => e.expires === undefined || e.expires >= day);
    if (active) {
        return { kind: "active", exemption: active };
    }
    const expired = usable.find(e => e.expires !== undefined && e.expires < day);
    if (expired) {
        return { kind: "expired", exemption: expired };
    }
    return { kind: "invalid", exemption: exemptions[0] };
}

/** `urn:pulumi:<stack>::<project>::...`: the stack, for expiry messages. */
function stackOf(urn: string): string | undefined {
    const match = /^urn:pulumi:([^:]+)::/.exec(urn);
    return match ? sanitizeReason(match[1]) : undefined;
}

/** The sentence appended to a finding about an exempted resource. */
export function exemptionNote(verdict: Exclude<Verdict, { kind: "none" }>, urn: string): string {
    const { source, reason, expires, problem } = verdict.exemption;
    switch (verdict.kind) {
        case "active":
            return `Exempted by ${source} (reason: "${reason}"; ${expires ? `expires ${expires}` : "no expiry date"}): ` +
                "reported as advisory while the exemption lasts.";
        case "expired": {
            const stack = stackOf(urn);
            return `The exemption by ${source} (reason: "${reason}") expired on ${expires}${stack ? ` in stack '${stack}'` : ""}: ` +
                "this finding is back at its enforcement level. Fix: resolve the finding, or renew the exemption with a new expiry date.";
        }
        case "invalid":
            return `The exemption by ${source} is ignored because ${problem}. Fix: give the exemption a reason and a YYYY-MM-DD expiry.`;
    }
}
