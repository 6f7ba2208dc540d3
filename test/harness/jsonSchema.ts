// A small JSON Schema checker (no validator package is installed): is a policy's config schema
// well formed, within the keywords the pack uses, and does a value satisfy it? Enough to catch
// what the CLI's validator would reject (a bad default, a typo in a keyword, a broken pattern).

type Schema = Record<string, unknown>;

const typeNames = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

/** The draft-7 keywords this checker understands; anything else in a schema is reported. */
const keywords = new Set([
    "type", "enum", "const", "description", "default", "title",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "format",
    "items", "minItems", "maxItems", "uniqueItems",
    "properties", "required", "additionalProperties",
]);

const isObject = (v: unknown): v is Schema => v !== null && typeof v === "object" && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** Problems with the schema itself (empty when it is well formed). */
export function schemaProblems(schema: unknown, at = "#"): string[] {
    if (typeof schema === "boolean") {
        return [];
    }
    if (!isObject(schema)) {
        return [`${at}: a schema must be an object or a boolean`];
    }
    const problems: string[] = [];
    for (const key of Object.keys(schema)) {
        if (!keywords.has(key)) {
            problems.push(`${at}: unknown keyword '${key}'`);
        }
    }
    const types = schema.type === undefined ? [] : [schema.type].flat();
    if (types.length === 0 && schema.type !== undefined || types.some(t => typeof t !== "string" || !typeNames.has(t))) {
        problems.push(`${at}: type must be one of ${[...typeNames].join(", ")}`);
    }
    for (const key of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
        if (key in schema && typeof schema[key] !== "number") {
            problems.push(`${at}: ${key} must be a number`);
        }
    }
    for (const key of ["minLength", "maxLength", "minItems", "maxItems"]) {
        if (key in schema && !isCount(schema[key])) {
            problems.push(`${at}: ${key} must be a non-negative integer`);
        }
    }
    if ("pattern" in schema) {
        try {
            new RegExp(schema.pattern as string, "u");
        } catch {
            problems.push(`${at}: pattern is not a regular expression`);
        }
    }
    if ("enum" in schema && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
        problems.push(`${at}: enum must be a non-empty array`);
    }
    if ("description" in schema && typeof schema.description !== "string") {
        problems.push(`${at}: description must be a string`);
    }
    if ("items" in schema) {
        problems.push(...schemaProblems(schema.items, `${at}/items`));
    }
    if ("additionalProperties" in schema) {
        problems.push(...schemaProblems(schema.additionalProperties, `${at}/additionalProperties`));
    }
    if ("properties" in schema) {
        if (!isObject(schema.properties)) {
            problems.push(`${at}: properties must be an object`);
        } else {
            for (const [name, property] of Object.entries(schema.properties)) {
                problems.push(...schemaProblems(property, `${at}/properties/${name}`));
            }
        }
    }
    if ("required" in schema) {
        const required = schema.required;
        if (!Array.isArray(required) || required.some(r => typeof r !== "string")) {
            problems.push(`${at}: required must be an array of names`);
        } else if (isObject(schema.properties)) {
            for (const name of required.filter(r => !(r in (schema.properties as Schema)))) {
                problems.push(`${at}: required '${name}' is not among the properties`);
            }
        }
    }
    if ("default" in schema && problems.length === 0) {
        problems.push(...validate(schema.default, schema, `${at}/default`));
    }
    return problems;
}

function typeOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "array";
    }
    return typeof value;
}

function hasType(value: unknown, type: string): boolean {
    switch (type) {
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        default:
            return typeOf(value) === type;
    }
}

/** Why `value` does not satisfy `schema` (empty when it does). */
export function validate(value: unknown, schema: unknown, at = "value"): string[] {
    if (schema === true || schema === undefined) {
        return [];
    }
    if (schema === false) {
        return [`${at}: not allowed`];
    }
    const s = schema as Schema;
    const errors: string[] = [];
    const types = s.type === undefined ? [] : [s.type].flat() as string[];
    if (types.length > 0 && !types.some(t => hasType(value, t))) {
        return [`${at}: expected ${types.join(" or ")}, got ${typeOf(value)}`];
    }
    if (Array.isArray(s.enum) && !s.enum.some(e => JSON.stringify(e) === JSON.stringify(value))) {
        errors.push(`${at}: not one of the allowed values`);
    }
    if (typeof value === "number") {
        if (typeof s.minimum === "number" && value < s.minimum) errors.push(`${at}: below ${s.minimum}`);
        if (typeof s.maximum === "number" && value > s.maximum) errors.push(`${at}: above ${s.maximum}`);
    }
    if (typeof value === "string") {
        if (typeof s.minLength === "number" && value.length < s.minLength) errors.push(`${at}: shorter than ${s.minLength}`);
        if (typeof s.maxLength === "number" && value.length > s.maxLength) errors.push(`${at}: longer than ${s.maxLength}`);
        if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) errors.push(`${at}: does not match ${s.pattern}`);
    }
    if (Array.isArray(value)) {
        if (typeof s.minItems === "number" && value.length < s.minItems) errors.push(`${at}: fewer than ${s.minItems} items`);
        if (typeof s.maxItems === "number" && value.length > s.maxItems) errors.push(`${at}: more than ${s.maxItems} items`);
        if (s.uniqueItems === true && new Set(value.map(v => JSON.stringify(v))).size !== value.length) errors.push(`${at}: items not unique`);
        value.forEach((item, i) => errors.push(...validate(item, s.items, `${at}[${i}]`)));
    }
    if (isObject(value)) {
        const properties = isObject(s.properties) ? s.properties : {};
        for (const name of (Array.isArray(s.required) ? s.required : []) as string[]) {
            if (!(name in value)) errors.push(`${at}: '${name}' is required`);
        }
        for (const [name, item] of Object.entries(value)) {
            if (name in properties) {
                errors.push(...validate(item, properties[name], `${at}.${name}`));
            } else if ("additionalProperties" in s) {
                errors.push(...validate(item, s.additionalProperties, `${at}.${name}`));
            }
        }
    }
    return errors;
}
