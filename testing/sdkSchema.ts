// What a provider computes, as the installed provider SDK's typings tell. In the generated SDKs a
// resource property typed `pulumi.Output<T>` (not `T | undefined`) whose Args field is optional is
// computed: when the program leaves it unset the provider fills it in, so it is unknown in the
// planned state at preview. A property absent from the Args is output-only. Nested types follow the
// same rule between types/output.d.ts and types/input.d.ts. Read with the TypeScript parser (the
// user's, or the copy @pulumi/pulumi vendors), lazily, once per SDK and process.
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";

export type Kind = "string" | "number" | "boolean" | "array" | "map" | "object" | "asset" | "archive" | "any";

export interface Shape {
    kind: Kind;
    /** The provider fills it in when the program leaves it unset. */
    computed?: true;
    /** Only the provider sets it: the program cannot. */
    outputOnly?: true;
    /** Object fields, list elements (a map's values are the program's own data: not read). */
    fields?: Record<string, Shape>;
    items?: Shape;
}

export interface ResourceSchema {
    /** Every output property of the resource. */
    outputs: Record<string, Shape>;
    /** Names of the resource's inputs (its Args). */
    inputs: ReadonlySet<string>;
}

type Ts = typeof TS;

function loadTypeScript(from: string): Ts {
    for (const id of ["typescript", "@pulumi/pulumi/vendor/typescript@3.8.3"]) {
        try {
            return require(require.resolve(id, { paths: [from, __dirname] }));
        } catch {
            // try the next copy
        }
    }
    throw new Error("the engine model reads the provider SDKs' typings with TypeScript; install the typescript package");
}

/** The SDK package of a type token: `aws:lambda/function:Function` is @pulumi/aws. */
const packageOf = (token: string) => `@pulumi/${token.slice(0, token.indexOf(":"))}`;

interface Sdk {
    dir: string;
    ts: Ts;
    /** Interfaces of types/output.d.ts and types/input.d.ts by qualified name (`lambda.FunctionVpcConfig`). */
    outputTypes?: Map<string, TS.InterfaceDeclaration>;
    inputTypes?: Map<string, TS.InterfaceDeclaration>;
}

const sdks = new Map<string, Sdk | undefined>();
const schemas = new Map<string, ResourceSchema | undefined>();

function sdkOf(pkg: string, from: string): Sdk | undefined {
    const key = `${from}\u0000${pkg}`;
    if (!sdks.has(key)) {
        let sdk: Sdk | undefined;
        try {
            const manifest = require.resolve(`${pkg}/package.json`, { paths: [from] });
            sdk = { dir: path.dirname(manifest), ts: loadTypeScript(from) };
        } catch {
            sdk = undefined;
        }
        sdks.set(key, sdk);
    }
    return sdks.get(key);
}

function parse(sdk: Sdk, file: string): TS.SourceFile | undefined {
    try {
        return sdk.ts.createSourceFile(file, fs.readFileSync(file, "utf8"), sdk.ts.ScriptTarget.Latest, false);
    } catch {
        return undefined;
    }
}

function indexInterfaces(sdk: Sdk, file: string): Map<string, TS.InterfaceDeclaration> {
    const index = new Map<string, TS.InterfaceDeclaration>();
    const ts = sdk.ts;
    const walk = (statements: readonly TS.Statement[], prefix: string) => {
        for (const statement of statements) {
            if (ts.isModuleDeclaration(statement) && statement.body) {
                const name = `${prefix}${statement.name.text}.`;
                if (ts.isModuleBlock(statement.body)) {
                    walk(statement.body.statements, name);
                }
            } else if (ts.isInterfaceDeclaration(statement)) {
                index.set(`${prefix}${statement.name.text}`, statement);
            }
        }
    };
    const source = parse(sdk, path.join(sdk.dir, "types", file));
    if (source) {
        walk(source.statements, "");
    }
    return index;
}

/** The file that declares `token`'s class: tried by the names the SDK generators use, checked by its token. */
function resourceFile(sdk: Sdk, token: string): string | undefined {
    const [, module, className] = token.split(":");
    const slash = module.indexOf("/");
    const dir = slash < 0 ? module : module.slice(0, slash);
    const hint = slash < 0 ? "" : module.slice(slash + 1);
    const lowerFirst = className.charAt(0).toLowerCase() + className.slice(1);
    const candidates = [...new Set([hint, hint.toLowerCase(), lowerFirst, className.toLowerCase()].filter(Boolean))]
        .map(name => path.join(sdk.dir, dir, `${name}.js`));
    const declares = (file: string) => {
        try {
            return fs.readFileSync(file, "utf8").includes(`__pulumiType = '${token}'`);
        } catch {
            return false;
        }
    };
    const found = candidates.find(declares);
    if (found) {
        return found.replace(/\.js$/, ".d.ts");
    }
    try {
        const scanned = fs.readdirSync(path.join(sdk.dir, dir)).filter(f => f.endsWith(".js")).map(f => path.join(sdk.dir, dir, f)).find(declares);
        return scanned?.replace(/\.js$/, ".d.ts");
    } catch {
        return undefined;
    }
}

interface Member {
    type: TS.TypeNode | undefined;
    optional: boolean;
}

function membersOf(ts: Ts, members: readonly TS.Node[]): Map<string, Member> {
    const found = new Map<string, Member>();
    for (const member of members) {
        if ((ts.isPropertyDeclaration(member) || ts.isPropertySignature(member)) && !isStatic(ts, member)) {
            const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
            if (name === undefined) {
                continue;
            }
            found.set(name, { type: member.type, optional: member.questionToken !== undefined || hasUndefined(ts, member.type) });
        }
    }
    return found;
}

const isStatic = (ts: Ts, member: TS.Node) =>
    (ts.canHaveModifiers?.(member) ? ts.getModifiers(member as TS.HasModifiers) : (member as { modifiers?: TS.NodeArray<TS.ModifierLike> }).modifiers)
        ?.some(m => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;

/** `pulumi.asset.Archive`, `outputs.lambda.FunctionVpcConfig`: a type reference's name as written. */
const entityText = (ts: Ts, name: TS.EntityName): string =>
    ts.isIdentifier(name) ? name.text : `${entityText(ts, name.left)}.${name.right.text}`;

const referenceName = (ts: Ts, type: TS.TypeNode) => (ts.isTypeReferenceNode(type) ? entityText(ts, type.typeName) : "");

/** The type inside `pulumi.Input<...>` / `pulumi.Output<...>` wrappers. */
function unwrapped(ts: Ts, type: TS.TypeNode | undefined): TS.TypeNode | undefined {
    while (type && ts.isTypeReferenceNode(type) && /^pulumi\.(Input|Output)$/.test(referenceName(ts, type)) && type.typeArguments?.length) {
        type = type.typeArguments[0];
    }
    return type && ts.isParenthesizedTypeNode(type) ? unwrapped(ts, type.type) : type;
}

function alternatives(ts: Ts, type: TS.TypeNode | undefined): TS.TypeNode[] {
    const inner = unwrapped(ts, type);
    if (!inner) {
        return [];
    }
    if (ts.isUnionTypeNode(inner)) {
        return inner.types.flatMap(t => alternatives(ts, t));
    }
    return [inner];
}

const isNothing = (ts: Ts, type: TS.TypeNode) =>
    type.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword);

function hasUndefined(ts: Ts, type: TS.TypeNode | undefined): boolean {
    return alternatives(ts, type).some(t => isNothing(ts, t));
}

/** The one meaningful alternative of a type (an object or list wins over a string enum). */
function mainType(ts: Ts, type: TS.TypeNode | undefined): TS.TypeNode | undefined {
    const options = alternatives(ts, type).filter(t => !isNothing(ts, t));
    return options.find(t => ts.isArrayTypeNode(t) || ts.isTypeLiteralNode(t) || /^(outputs|inputs)\./.test(referenceName(ts, t)))
        ?? options[0];
}

/** `outputs.lambda.FunctionVpcConfig` → `lambda.FunctionVpcConfig`. */
const typeName = (ts: Ts, type: TS.TypeNode | undefined) => {
    const name = type ? referenceName(ts, type) : "";
    return /^(outputs|inputs)\./.test(name) ? name.replace(/^(outputs|inputs)\./, "") : undefined;
};

class ShapeReader {
    private readonly resolving = new Set<string>();

    constructor(private readonly sdk: Sdk) {}

    private get ts() {
        return this.sdk.ts;
    }

    /** The shape of an output type, with the input type beside it to tell what the provider computes. */
    shape(output: TS.TypeNode | undefined, input: TS.TypeNode | undefined, depth = 0): Shape {
        const ts = this.ts;
        const type = mainType(ts, output);
        if (!type) {
            return { kind: "any" };
        }
        if (ts.isArrayTypeNode(type)) {
            const inputElement = mainType(ts, input);
            return { kind: "array", items: this.shape(type.elementType, inputElement && ts.isArrayTypeNode(inputElement) ? inputElement.elementType : undefined, depth + 1) };
        }
        if (ts.isTypeLiteralNode(type)) {
            return { kind: "map" };
        }
        const name = typeName(ts, type);
        if (name) {
            return this.object(name, typeName(ts, mainType(ts, input)), depth);
        }
        const text = referenceName(ts, type);
        if (/^pulumi\.asset\.Archive$/.test(text)) {
            return { kind: "archive" };
        }
        if (/^pulumi\.asset\./.test(text)) {
            return { kind: "asset" };
        }
        if (/^enums\./.test(text) || type.kind === ts.SyntaxKind.StringKeyword || ts.isLiteralTypeNode(type)) {
            return { kind: "string" };
        }
        if (type.kind === ts.SyntaxKind.NumberKeyword) {
            return { kind: "number" };
        }
        if (type.kind === ts.SyntaxKind.BooleanKeyword) {
            return { kind: "boolean" };
        }
        return { kind: "any" };
    }

    private object(outputName: string, inputName: string | undefined, depth: number): Shape {
        const declaration = this.outputTypes().get(outputName);
        if (!declaration || depth > 12 || this.resolving.has(outputName)) {
            return { kind: "object" };
        }
        this.resolving.add(outputName);
        try {
            const inputDeclaration = inputName ? this.inputTypes().get(inputName) : undefined;
            const inputs = inputDeclaration ? membersOf(this.ts, inputDeclaration.members) : undefined;
            return { kind: "object", fields: this.fields(membersOf(this.ts, declaration.members), inputs, depth + 1) };
        } finally {
            this.resolving.delete(outputName);
        }
    }

    /** Output members against input members (unknown inputs: nothing is known to be computed). */
    fields(outputs: Map<string, Member>, inputs: Map<string, Member> | undefined, depth: number): Record<string, Shape> {
        const fields: Record<string, Shape> = {};
        for (const [name, output] of outputs) {
            const input = inputs?.get(name);
            const shape = this.shape(output.type, input?.type, depth);
            if (inputs && !input) {
                shape.outputOnly = true;
            }
            if (inputs && !output.optional && (!input || input.optional)) {
                shape.computed = true;
            }
            fields[name] = shape;
        }
        return fields;
    }

    private outputTypes() {
        return (this.sdk.outputTypes ??= indexInterfaces(this.sdk, "output.d.ts"));
    }

    private inputTypes() {
        return (this.sdk.inputTypes ??= indexInterfaces(this.sdk, "input.d.ts"));
    }
}

function readSchema(token: string, from: string): ResourceSchema | undefined {
    const pkg = packageOf(token);
    const sdk = sdkOf(pkg, from);
    const file = sdk && resourceFile(sdk, token);
    const source = file && parse(sdk, file);
    if (!sdk || !source) {
        return undefined;
    }
    const ts = sdk.ts;
    const className = token.slice(token.lastIndexOf(":") + 1);
    const declarations = source.statements;
    const resourceClass = declarations.find((s): s is TS.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
    const argsInterface = declarations.find((s): s is TS.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `${className}Args`);
    if (!resourceClass) {
        return undefined;
    }
    const inputs = argsInterface ? membersOf(ts, argsInterface.members) : new Map<string, Member>();
    const outputs = new ShapeReader(sdk).fields(membersOf(ts, resourceClass.members), inputs, 0);
    return { outputs, inputs: new Set(inputs.keys()) };
}

/**
 * The schema of a resource type as the SDK installed where `from` resolves packages (default: the
 * current directory) declares it; undefined for types whose SDK or class is not found.
 */
export function resourceSchema(token: string, from = process.cwd()): ResourceSchema | undefined {
    const key = `${from}\u0000${token}`;
    if (!schemas.has(key)) {
        schemas.set(key, readSchema(token, from));
    }
    return schemas.get(key);
}
