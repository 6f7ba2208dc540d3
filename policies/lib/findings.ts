// How findings read: each rule reports causes (a message that names the resource, the property or
// key and what is wrong, then " Fix: " and what to change) and the values it waits for; what one
// rule says about one resource becomes one diagnostic, bounded in length, its fix said once.

/** No diagnostic message is longer (the policy description that leads it included). */
export const maxMessageLength = 1_000;
/** Causes listed by name before "and N more". */
const maxCausesListed = 3;

const fixMarker = " Fix: ";

/** A cause split into what is wrong and what to change. */
function split(cause: string): { problem: string; fix?: string } {
    const at = cause.lastIndexOf(fixMarker);
    return at < 0 ? { problem: cause } : { problem: cause.slice(0, at), fix: cause.slice(at + fixMarker.length) };
}

/** `text` without the full stops and spaces it ends with (a loop: a regex anchored at the end backtracks on long input). */
function withoutFinalStop(text: string): string {
    let end = text.length;
    while (end > 0 && (text[end - 1] === "." || text[end - 1] === " ")) {
        end--;
    }
    return text.slice(0, end);
}

/**
 * The resource label every text starts with ("Lambda function 'app': ", "Function App 'app' ",
 * "Role 'r' (execution role of Lambda function 'a'): "): up to the first quoted name, its context in
 * parentheses, and the colon or space after them; "" when the texts do not share one.
 */
function sharedLabel(texts: string[]): string {
    const label = labelOf(texts[0]);
    return texts.length > 1 && texts.every(t => t.startsWith(label)) ? label : "";
}

const labelOf = (text: string) => /^[^']*'[^']*'(?: \([^)]*\))?(?:: | )/.exec(text)?.[0] ?? "";

/** Texts with their shared label said once, in front. */
function labelled(texts: string[]): { label: string; rest: string[] } {
    const label = sharedLabel(texts);
    return { label, rest: texts.map(t => t.slice(label.length)) };
}

/** `text` cut to `length` characters at a word, marked as cut. */
export function bounded(text: string, length: number): string {
    if (text.length <= length) {
        return text;
    }
    const cut = text.slice(0, Math.max(0, length - 1));
    const space = cut.lastIndexOf(" ");
    return `${space > length / 2 ? cut.slice(0, space) : cut}…`;
}

/** A list in prose: "a", "a and b", "a, b and c". */
export function prose(items: string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The first few of `items` and how many more: "a, b, c and 4 more". */
export function someOf(items: string[], listed = maxCausesListed): string {
    return items.length <= listed ? prose(items) : `${items.slice(0, listed).join(", ")} and ${items.length - listed} more`;
}

/**
 * One finding from all the causes one rule reported about one resource: the shared label once, the
 * first causes and how many more, each distinct fix once, within `budget` characters.
 */
export function findingMessage(causes: string[], waitsFor: string[], budget = maxMessageLength): string {
    const parts = causes.map(split);
    const { label, rest } = labelled(parts.map(p => p.problem));
    const problems = rest.map(withoutFinalStop);
    const fixes = [...new Set(parts.map(p => p.fix).filter((f): f is string => f !== undefined).map(withoutFinalStop))];
    const own = labelOf(parts[0].problem);
    const pending = waitsFor.length > 0 ? ` ${capitalized(unknownSentence(waitsFor.map(w => (own && w.startsWith(own) ? w.slice(own.length) : w))))}` : "";
    const text = (listed: number, fixesListed: number) => {
        const more = problems.length - listed;
        const otherFixes = fixes.length - fixesListed;
        const fix = fixes.length === 0 ? "" : ` Fix: ${fixes.slice(0, fixesListed).join("; ")}${otherFixes > 0 ? `; and ${otherFixes} other fix(es), one for each kind` : ""}.`;
        return `${label}${problems.slice(0, listed).join("; ")}${more > 0 ? `; and ${more} more` : ""}.${fix}${pending}`;
    };
    // Within the budget, the causes come first: every fix, then the first fix only, then fewer causes.
    for (let listed = Math.min(problems.length, maxCausesListed); listed >= 1; listed--) {
        for (const fixesListed of [fixes.length, Math.min(fixes.length, 1)]) {
            const candidate = text(listed, fixesListed);
            if (candidate.length <= budget) {
                return candidate;
            }
        }
    }
    return bounded(text(1, Math.min(fixes.length, 1)), budget);
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "x is unknown", "x and y are unknown" (the shared label once). */
function unknownSubject(whats: string[]): string {
    const { label, rest } = labelled(whats);
    return `${label}${someOf(rest)} ${whats.length === 1 ? "is" : "are"} unknown during preview`;
}

function unknownSentence(whats: string[]): string {
    return `also ${unknownSubject(whats)} and checked once known.`;
}

const oneRuleWaits = ", so this rule cannot decide yet; it is checked again once the value is known.";

/** The note for values a verdict waits for: what is unknown, and why when the rule knows. */
export function unknownNote(whats: string[], why?: string, budget = maxMessageLength): string {
    return bounded(`${unknownSubject(whats)}${oneRuleWaits}${why ? ` ${why}` : ""}`, budget);
}

/** Whether `message` is one rule's note of the values it waits for (unknownNote). */
export const isUnknownNote = (message: string) => message.includes(oneRuleWaits);

/** One rule's note (see isUnknownNote) as the note of all the `rules` that wait for the same values. */
export function sharedNote(note: string, rules: string[]): string {
    return bounded(note.replace(oneRuleWaits, `, so these rules cannot decide yet: ${someOf(rules, 12)}; they are checked again once the value is known.`), maxMessageLength);
}
