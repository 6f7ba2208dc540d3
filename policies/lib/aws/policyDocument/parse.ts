// Parsing an IAM policy document into a normal form. Never throws: a document is `UNKNOWN`
// when it, or its whole Statement list, is unknown at preview; `Malformed` when AWS would reject
// it. A malformed reason never quotes the input ("statement 2 has no Effect": statements are
// counted from 1 in reasons, while `Statement.index` counts from 0).

import { isUnknown, UNKNOWN, Unknown } from "../../props";
import { SIG_KEY } from "../../../../engine/wire";

export interface Malformed {
    readonly malformed: string;
}

export type Effect = "Allow" | "Deny";
export type PrincipalType = "*" | "AWS" | "Service" | "Federated" | "CanonicalUser";
export type StatementField =
    | "Action" | "NotAction" | "Resource" | "NotResource" | "Principal" | "NotPrincipal" | "Condition";

export interface Principal {
    type: PrincipalType;
    id: string;
}

/** One `operator: { key: values }` entry of a Condition. Values are not kept. */
export interface ConditionClause {
    operator: string;
    key: string;
    /** Some value is wildcards only (`*`), so it matches anything. */
    anyValue: boolean;
    /** Some value is unknown. */
    unknown: boolean;
}

export interface Statement {
    /** Position in the Statement list, from 0. */
    index: number;
    /** Only kept when it is a plain label (letters and digits), as IAM requires. */
    sid?: string;
    effect: Effect;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: Principal[];
    notPrincipals?: Principal[];
    /** A non-empty or unknown Condition. */
    hasCondition: boolean;
    conditionUnknown: boolean;
    conditions: ConditionClause[];
    /** Some part of the statement is unknown; `unknownFields` says which. */
    unknown: boolean;
    unknownFields: StatementField[];
}

export interface PolicyDocument {
    version?: string;
    statements: Statement[];
    /** Some statement, or part of one, is unknown (statements with an unknown Effect are left out). */
    unknown: boolean;
}

type Raw = Record<string, unknown>;

const malformed = (reason: string): Malformed => ({ malformed: reason });

export function isMalformed(value: unknown): value is Malformed {
    return isObject(value) && typeof value.malformed === "string";
}

export function isPolicyDocument(value: unknown): value is PolicyDocument {
    return isObject(value) && Array.isArray(value.statements);
}

function isObject(value: unknown): value is Raw {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Parses a policy document given as JSON text or as an object. */
export function parsePolicyDocument(doc: unknown): PolicyDocument | Unknown | Malformed {
    try {
        return parseRoot(doc);
    } catch {
        // Getters or proxies that throw; nothing in the parser itself throws.
        return malformed("could not be read");
    }
}


function parseRoot(doc: unknown): PolicyDocument | Unknown | Malformed {
    const root = decode(doc);
    if (root === UNKNOWN || isMalformed(root)) {
        return root;
    }
    const raw = root.Statement;
    if (raw === undefined) {
        return malformed("has no Statement");
    }
    if (isUnknown(raw)) {
        return UNKNOWN;
    }
    const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
    if (list === undefined) {
        return malformed("Statement is not a list or object");
    }
    const result: PolicyDocument = { statements: [], unknown: false };
    if (typeof root.Version === "string") {
        result.version = root.Version;
    }
    for (let i = 0; i < list.length; i++) {
        const statement = parseStatement(list[i], i);
        if (isMalformed(statement)) {
            return statement;
        }
        if (statement === UNKNOWN) {
            result.unknown = true;
        } else {
            result.statements.push(statement);
            result.unknown ||= statement.unknown;
        }
    }
    return result;
}

/** The document as an object: JSON text parsed, a secret wrapper opened. */
function decode(doc: unknown): Raw | Unknown | Malformed {
    let value = doc;
    if (isObject(value) && SIG_KEY in value) {
        // An encrypted secret (no plain `value`) cannot be judged, like an unknown.
        value = "value" in value ? value.value : UNKNOWN;
    }
    if (typeof value === "string" && !isUnknown(value)) {
        try {
            value = JSON.parse(value);
        } catch {
            return malformed("not valid JSON");
        }
    }
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return isObject(value) ? value : malformed("not a JSON object");
}

const effects = new Map<string, Effect>([["allow", "Allow"], ["deny", "Deny"]]);

// Element pairs a statement may hold one of, but not both.
const exclusivePairs: readonly [StatementField, StatementField][] = [
    ["Action", "NotAction"],
    ["Resource", "NotResource"],
    ["Principal", "NotPrincipal"],
];

function parseStatement(raw: unknown, index: number): Statement | Unknown | Malformed {
    const at = `statement ${index + 1}`;
    if (isUnknown(raw)) {
        return UNKNOWN;
    }
    if (!isObject(raw)) {
        return malformed(`${at} is not an object`);
    }
    if (raw.Effect === undefined) {
        return malformed(`${at} has no Effect`);
    }
    if (isUnknown(raw.Effect)) {
        return UNKNOWN; // neither an Allow nor a Deny can be judged
    }
    // IAM spells it "Allow"/"Deny"; other casing is judged the same rather than skipped.
    const effect = typeof raw.Effect === "string" ? effects.get(raw.Effect.toLowerCase()) : undefined;
    if (effect === undefined) {
        return malformed(`${at} has an invalid Effect`);
    }
    for (const [a, b] of exclusivePairs) {
        if (raw[a] !== undefined && raw[b] !== undefined) {
            return malformed(`${at} has both ${a} and ${b}`);
        }
    }
    if (raw.Action === undefined && raw.NotAction === undefined) {
        return malformed(`${at} has no Action or NotAction`);
    }
    const statement: Statement = {
        index, effect, hasCondition: false, conditionUnknown: false, conditions: [], unknown: false, unknownFields: [],
    };
    if (typeof raw.Sid === "string" && /^[A-Za-z0-9]{1,128}$/.test(raw.Sid)) {
        statement.sid = raw.Sid;
    }
    return readLists(raw, statement, at) ?? readPrincipals(raw, statement, at) ?? readCondition(raw, statement, at) ?? statement;
}

const listFields: readonly [StatementField, "actions" | "notActions" | "resources" | "notResources"][] = [
    ["Action", "actions"],
    ["NotAction", "notActions"],
    ["Resource", "resources"],
    ["NotResource", "notResources"],
];

/** Fills the action and resource lists; a reason when one is of the wrong type. */
function readLists(raw: Raw, statement: Statement, at: string): Malformed | undefined {
    for (const [field, key] of listFields) {
        if (raw[field] === undefined) {
            continue;
        }
        const list = stringList(raw[field]);
        if (list === undefined) {
            return malformed(`${at} ${field} is not a string or list of strings`);
        }
        statement[key] = list.values;
        markUnknown(statement, field, list.unknown);
    }
    return undefined;
}

function readPrincipals(raw: Raw, statement: Statement, at: string): Malformed | undefined {
    for (const [field, key] of [["Principal", "principals"], ["NotPrincipal", "notPrincipals"]] as const) {
        if (raw[field] === undefined) {
            continue;
        }
        const list = principalList(raw[field]);
        if (list === undefined) {
            return malformed(`${at} ${field} is not "*" or a map of principal types to strings`);
        }
        statement[key] = list.values;
        markUnknown(statement, field, list.unknown);
    }
    return undefined;
}

function readCondition(raw: Raw, statement: Statement, at: string): Malformed | undefined {
    if (raw.Condition === undefined || raw.Condition === null) {
        return undefined;
    }
    const parsed = conditionClauses(raw.Condition);
    if (parsed === undefined) {
        return malformed(`${at} Condition is not a map of operators to maps of keys to values`);
    }
    statement.conditions = parsed.clauses;
    statement.conditionUnknown = parsed.unknown || parsed.clauses.some(c => c.unknown);
    statement.hasCondition = parsed.clauses.length > 0 || parsed.unknown;
    markUnknown(statement, "Condition", statement.conditionUnknown);
    return undefined;
}

function markUnknown(statement: Statement, field: StatementField, unknown: boolean): void {
    if (unknown) {
        statement.unknown = true;
        statement.unknownFields.push(field);
    }
}

interface Known<T> {
    values: T[];
    unknown: boolean;
}

/** A string or a list of strings, with unknown elements noted; `undefined` for anything else. */
function stringList(value: unknown, scalars = false): Known<string> | undefined {
    if (isUnknown(value)) {
        return { values: [], unknown: true };
    }
    const list = Array.isArray(value) ? value : [value];
    const result: Known<string> = { values: [], unknown: false };
    for (const v of list) {
        if (isUnknown(v)) {
            result.unknown = true;
        } else if (typeof v === "string") {
            result.values.push(v);
        } else if (scalars && (typeof v === "number" || typeof v === "boolean")) {
            result.values.push(String(v)); // condition values such as `"aws:SecureTransport": false`
        } else {
            return undefined;
        }
    }
    return result;
}

const principalTypes = new Map<string, PrincipalType>([
    ["AWS", "AWS"], ["Service", "Service"], ["Federated", "Federated"], ["CanonicalUser", "CanonicalUser"],
]);

function principalList(value: unknown): Known<Principal> | undefined {
    if (isUnknown(value)) {
        return { values: [], unknown: true };
    }
    if (value === "*") {
        return { values: [{ type: "*", id: "*" }], unknown: false };
    }
    if (!isObject(value)) {
        return undefined;
    }
    const result: Known<Principal> = { values: [], unknown: false };
    for (const [name, ids] of Object.entries(value)) {
        const type = principalTypes.get(name);
        const list = type === undefined ? undefined : stringList(ids);
        if (type === undefined || list === undefined) {
            return undefined;
        }
        result.unknown ||= list.unknown;
        for (const id of list.values) {
            result.values.push({ type, id });
        }
    }
    return result;
}

function conditionClauses(value: unknown): { clauses: ConditionClause[]; unknown: boolean } | undefined {
    if (isUnknown(value)) {
        return { clauses: [], unknown: true };
    }
    if (!isObject(value)) {
        return undefined;
    }
    const result = { clauses: [] as ConditionClause[], unknown: false };
    for (const [operator, block] of Object.entries(value)) {
        if (isUnknown(block)) {
            result.unknown = true;
            continue;
        }
        if (!isObject(block)) {
            return undefined;
        }
        for (const [key, raw] of Object.entries(block)) {
            const values = stringList(raw, true);
            if (values === undefined) {
                return undefined;
            }
            result.clauses.push({ operator, key, anyValue: values.values.some(isWildcardOnly), unknown: values.unknown });
        }
    }
    return result;
}

function isWildcardOnly(value: string): boolean {
    // Not /^[*?]*\*[*?]*$/: that backtracks quadratically on a long run of `*` that ends otherwise.
    return value.includes("*") && /^[*?]+$/.test(value);
}
