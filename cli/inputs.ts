// The exports an audit reads: files, the .json files under a directory, and stdin ("-"), decoded
// from UTF-8 (with or without the byte order mark PowerShell writes) or BOM-marked UTF-16.
import * as fs from "fs";
import * as path from "path";
import { InputError, UsageError, describeFsError } from "./errors";

export interface Source {
    /** How reports and messages name it: a path relative to the working directory, or "-" for stdin. */
    label: string;
    /** The file, absolute; undefined for stdin. */
    file?: string;
}

export const STDIN = "-";

const posix = (p: string) => p.split(path.sep).join("/");
const relative = (file: string) => posix(path.relative(process.cwd(), file)) || ".";

/** Every .json file under `dir`, sorted, not following hidden folders or node_modules. */
function jsonFilesUnder(dir: string): string[] {
    const found: string[] = [];
    const walk = (at: string) => {
        for (const entry of fs.readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            if (entry.name.startsWith(".") || entry.name === "node_modules") {
                continue;
            }
            const full = path.join(at, entry.name);
            if (entry.isDirectory()) {
                walk(full);
            } else if (entry.isFile() && entry.name.endsWith(".json")) {
                found.push(full);
            }
        }
    };
    walk(dir);
    return found;
}

/**
 * The sources the arguments name, in order, each file once. A path that cannot be read is a usage
 * error (before any work), as is a directory holding no .json file.
 */
export function resolveSources(args: string[]): Source[] {
    const sources: Source[] = [];
    const seen = new Set<string>();
    const add = (file: string) => {
        const real = fs.realpathSync(file);
        if (!seen.has(real)) {
            seen.add(real);
            sources.push({ label: relative(file), file: path.resolve(file) });
        }
    };
    for (const arg of args) {
        if (arg === STDIN) {
            if (sources.some(s => s.label === STDIN)) {
                throw new UsageError("stdin (-) can be read only once");
            }
            sources.push({ label: STDIN });
            continue;
        }
        let stat: fs.Stats;
        try {
            stat = fs.statSync(arg);
        } catch (e) {
            const glob = /[*?[]/.test(arg) ? " (patterns are expanded by the shell; to audit every export in a folder, give the folder)" : "";
            throw new UsageError(`cannot read ${arg}: ${describeFsError(e)}${glob}`);
        }
        if (stat.isDirectory()) {
            const files = jsonFilesUnder(arg);
            if (files.length === 0) {
                throw new UsageError(`${arg} holds no .json file to audit`);
            }
            files.forEach(add);
        } else {
            add(arg);
        }
    }
    return sources;
}

async function readStdin(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
}

/** Text from bytes: UTF-8 (a BOM is dropped) or UTF-16 marked by its BOM; anything else is an error. */
export function decodeText(bytes: Uint8Array): string {
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : undefined;
    try {
        // A decoder drops the byte order mark it reads.
        return new TextDecoder(utf16 ?? "utf-8", { fatal: true }).decode(bytes);
    } catch {
        throw new InputError(utf16 ? `the file is marked ${utf16.toUpperCase()} but is not` : "the file is not UTF-8 text (nor UTF-16 with a byte order mark)");
    }
}

/** The source's text. */
export async function readSource(source: Source): Promise<string> {
    let bytes: Uint8Array;
    try {
        bytes = source.file ? fs.readFileSync(source.file) : await readStdin();
    } catch (e) {
        throw new InputError(`cannot read it: ${describeFsError(e)}`);
    }
    return decodeText(bytes);
}

/** A config file's text (same decoding as exports). */
export function readTextFile(file: string, what: string): string {
    let bytes: Uint8Array;
    try {
        bytes = fs.readFileSync(file);
    } catch (e) {
        throw new UsageError(`cannot read the ${what} ${file}: ${describeFsError(e)}`);
    }
    try {
        return decodeText(bytes);
    } catch (e) {
        throw new UsageError(`the ${what} ${file}: ${(e as Error).message}`);
    }
}
