// What the robustness properties run over, found at test time so that rules, clouds and
// patterns added later are covered without touching these tests:
// - the resource type tokens every lib/<cloud>/types.ts declares;
// - the input shape of each type, read from the provider SDK's .d.ts (its Args interface and
//   the input types it refers to, a few levels deep): real property names at real depths;
// - the pack's vocabulary: every short string literal in policies/ (property names, enum
//   values, action names...), so random props hit what rules actually read;
// - every regular-expression literal in policies/;
// - seed stacks: `secure*Stack()` exports of test/fixtures/*.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { projectRoot } from "../harness/engine";
import type { TestResource } from "../harness/args";

const root = projectRoot();
const policiesDir = path.join(root, "policies");

function filesUnder(dir: string, ext: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? filesUnder(full, ext) : entry.name.endsWith(ext) ? [full] : [];
    }).sort();
}

// ---------------------------------------------------------------------------------------------
// Type tokens

const TYPE_TOKEN = /^[a-z][a-z0-9-]*:[A-Za-z0-9/._-]*:[A-Za-z0-9]+$/;

function tokensIn(value: unknown, found: Set<string>, depth = 0): void {
    if (typeof value === "string" && TYPE_TOKEN.test(value)) {
        found.add(value);
    } else if (value !== null && typeof value === "object" && depth < 4) {
        for (const v of Object.values(value)) {
            tokensIn(v, found, depth + 1);
        }
    }
}

/** Every type token exported by a compiled `lib/<cloud>/types.js`, sorted. */
export function typeTokens(): string[] {
    const compiledLib = path.join(__dirname, "..", "..", "policies", "lib");
    const found = new Set<string>();
    for (const cloud of fs.readdirSync(compiledLib, { withFileTypes: true })) {
        const types = path.join(compiledLib, cloud.name, "types.js");
        if (cloud.isDirectory() && fs.existsSync(types)) {
            tokensIn(require(types), found);
        }
    }
    return [...found].sort();
}

// ---------------------------------------------------------------------------------------------
// Input shapes from the provider SDKs' declarations

export type Shape =
    | { kind: "object"; fields: Record<string, Shape> }
    | { kind: "array"; of: Shape }
    | { kind: "map"; of: Shape }
    | { kind: "string" | "number" | "boolean" | "any" };

const ANY: Shape = { kind: "any" };
const MAX_SHAPE_DEPTH = 5;
const sdkTexts = new Map<string, string>();

function sdkFile(pkg: string, relative: string): string | undefined {
    const file = path.join(root, "node_modules", "@pulumi", pkg, relative);
    if (!sdkTexts.has(file)) {
        sdkTexts.set(file, fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
    }
    return sdkTexts.get(file) || undefined;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The `.d.ts` of a resource: `aws:lambda/function:Function` -> @pulumi/aws/lambda/function.d.ts. */
function resourceDeclaration(token: string): { pkg: string; text: string; cls: string } | undefined {
    const [pkg, module, cls] = token.split(":");
    const dir = module.includes("/") ? module.slice(0, module.lastIndexOf("/")) : module;
    const file = module.includes("/") ? module.slice(module.lastIndexOf("/") + 1) : lowerFirst(cls);
    for (const candidate of [file, file.toLowerCase(), lowerFirst(cls), cls.toLowerCase()]) {
        const text = sdkFile(pkg, path.join(dir, `${candidate}.d.ts`));
        if (text?.includes(`interface ${cls}Args {`)) {
            return { pkg, text, cls };
        }
    }
    return undefined;
}

/** The body of `interface <name> {` in `text` from `from`, up to its closing brace. */
function interfaceBody(text: string, name: string, from = 0): { body: string; indent: string } | undefined {
    const match = new RegExp(`\\n( *)(?:export )?interface ${name} \\{\\n`, "g");
    match.lastIndex = from;
    const m = match.exec(text);
    if (m === null) {
        return undefined;
    }
    const indent = m[1];
    const start = m.index + m[0].length;
    const end = text.indexOf(`\n${indent}}`, start);
    return end < 0 ? undefined : { body: text.slice(start, end), indent: `${indent}    ` };
}

function parseFields(pkg: string, body: string, indent: string, depth: number): Record<string, Shape> {
    const fields: Record<string, Shape> = {};
    const property = new RegExp(`^${indent}(?:readonly )?([A-Za-z_$][\\w$]*)\\??: (.*)$`, "gm");
    const matches = [...body.matchAll(property)];
    matches.forEach((m, i) => {
        const end = i + 1 < matches.length ? matches[i + 1].index : body.length;
        const typeText = body.slice(m.index + m[0].length - m[2].length, end)
            .split("\n").filter(l => !/^\s*(\/\*\*|\*)/.test(l)).join(" ");
        fields[m[1]] = typeShape(pkg, typeText, depth);
    });
    return fields;
}

function typeShape(pkg: string, typeText: string, depth: number): Shape {
    const ref = /inputs\.([\w.]+)\.(\w+)/.exec(typeText);
    const isArray = /\]\s*\[\]|>\s*\[\]|\w\[\]/.test(typeText);
    let element: Shape;
    if (ref !== null) {
        element = depth < MAX_SHAPE_DEPTH ? inputShape(pkg, ref[1], ref[2], depth + 1) : ANY;
    } else if (/\bstring\b/.test(typeText)) {
        element = { kind: "string" };
    } else if (/\bnumber\b/.test(typeText)) {
        element = { kind: "number" };
    } else if (/\bboolean\b/.test(typeText)) {
        element = { kind: "boolean" };
    } else {
        element = ANY;
    }
    if (/\[key: string\]/.test(typeText)) {
        return { kind: "map", of: element };
    }
    return isArray ? { kind: "array", of: element } : element;
}

const inputShapes = new Map<string, Shape>();

function inputShape(pkg: string, namespace: string, name: string, depth: number): Shape {
    const key = `${pkg}:${namespace}.${name}`;
    if (!inputShapes.has(key)) {
        inputShapes.set(key, ANY); // recursive types stop here
        const text = sdkFile(pkg, path.join("types", "input.d.ts")) ?? "";
        const ns = text.indexOf(`namespace ${namespace.split(".")[0]} {`);
        const found = interfaceBody(text, name, Math.max(ns, 0)) ?? interfaceBody(text, name);
        inputShapes.set(key, found ? { kind: "object", fields: parseFields(pkg, found.body, found.indent, depth) } : ANY);
    }
    return inputShapes.get(key)!;
}

/** The input shape of a resource type from its SDK, or an empty object shape when not found. */
export function sdkShape(token: string): Shape {
    const declaration = resourceDeclaration(token);
    const found = declaration && interfaceBody(declaration.text, `${declaration.cls}Args`);
    if (!declaration || !found) {
        return { kind: "object", fields: {} };
    }
    return { kind: "object", fields: parseFields(declaration.pkg, found.body, found.indent, 0) };
}

// ---------------------------------------------------------------------------------------------
// The policies' source: string and regular-expression literals

function literalsOf(kind: ts.SyntaxKind): { text: string; file: string }[] {
    const found: { text: string; file: string }[] = [];
    for (const file of filesUnder(policiesDir, ".ts")) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        const visit = (node: ts.Node): void => {
            if (node.kind === kind) {
                const text = kind === ts.SyntaxKind.RegularExpressionLiteral ? node.getText(source)
                    : ts.isPropertyAccessExpression(node) ? node.name.text
                    : (node as ts.LiteralLikeNode).text;
                found.push({ text, file });
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
    }
    return found;
}

/** Engine encodings that must only appear where the tests put them deliberately. */
const RESERVED = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Short, single-line string literals of policies/ (property names, enum values, action names),
 *  and capitalised property accesses (IAM document fields). */
export function vocabulary(): string[] {
    const words = new Set<string>();
    for (const { text } of literalsOf(ts.SyntaxKind.StringLiteral)) {
        if (text.length > 0 && text.length <= 64 && !/[\s]/.test(text) && !RESERVED.test(text)) {
            words.add(text);
        }
    }
    for (const { text } of literalsOf(ts.SyntaxKind.NoSubstitutionTemplateLiteral)) {
        if (text.length > 0 && text.length <= 64 && !/[\s]/.test(text) && !RESERVED.test(text)) {
            words.add(text);
        }
    }
    // `raw.Statement`, `root.Version`: document fields read by property access (capitalised, so
    // that JavaScript's own methods stay out)
    for (const { text } of literalsOf(ts.SyntaxKind.PropertyAccessExpression)) {
        if (/^[A-Z]\w{0,63}$/.test(text)) {
            words.add(text);
        }
    }
    return [...words].sort();
}

/** All the text the pack itself writes (string literals and template parts of policies/):
 *  a value that also occurs here may be in a message as the pack's own words. */
export function packText(): string {
    return [
        ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral,
        ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail,
    ].flatMap(kind => literalsOf(kind).map(l => l.text)).join("\n");
}

export interface RegexLiteral {
    regex: RegExp;
    /** `policies/lib/secrets.ts: /.../g` */
    label: string;
}

/** Every regular-expression literal in policies/ (rules and shared lib). */
export function regexLiterals(): RegexLiteral[] {
    return literalsOf(ts.SyntaxKind.RegularExpressionLiteral).map(({ text, file }) => {
        const slash = text.lastIndexOf("/");
        return { regex: new RegExp(text.slice(1, slash), text.slice(slash + 1)), label: `${path.relative(root, file)}: ${text}` };
    });
}

// ---------------------------------------------------------------------------------------------
// Seeds

/** The `secure*Stack()` fixtures of every cloud (compiled test/fixtures/*.js). */
export function seedStacks(): { name: string; resources: TestResource[] }[] {
    const dir = path.join(__dirname, "..", "fixtures");
    const stacks: { name: string; resources: TestResource[] }[] = [];
    for (const file of filesUnder(dir, ".js")) {
        const exports = require(file) as Record<string, unknown>;
        for (const [name, fn] of Object.entries(exports)) {
            if (/^secure\w*Stack$/.test(name) && typeof fn === "function" && fn.length === 0) {
                const resources = fn() as TestResource[];
                if (Array.isArray(resources) && resources.every(r => typeof r?.type === "string" && typeof r?.urn === "string")) {
                    stacks.push({ name, resources });
                }
            }
        }
    }
    return stacks;
}
