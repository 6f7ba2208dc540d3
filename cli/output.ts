// Where reports go, and writing them so that none is ever partial, stale or lost: targets are
// checked before the audit, an existing report is removed as the run starts (a failed run then
// leaves none for a later upload step), each file is written to a temporary name and renamed, and a
// report that cannot be written where asked is saved in the temporary folder instead.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Format, Output } from "./args";
import { UsageError, describeFsError } from "./errors";
import { STDIN } from "./inputs";
import { GITHUB_LIMITS } from "./report/sarif";

export interface Target {
    format: Format;
    /** An absolute file, STDIN for stdout, or a folder (SARIF only: one file per stack). */
    to: string;
    folder: boolean;
    /** As the user wrote it, for messages. */
    label: string;
}

/** How each format's reports begin, to recognise an old report of ours before removing it. */
const SIGNATURES: Record<Format, RegExp> = {
    text: /^serverless-guard \S+ audit /,
    markdown: /^## serverless-guard \S+ audit/,
    json: /^\{\n {2}"schemaVersion": \d+,\n {2}"pack": \{\n {4}"name": "serverless-guard"/,
    sarif: /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json"/,
    junit: /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="serverless-guard"/,
};

function isOurReport(file: string): boolean {
    let head: string;
    try {
        const fd = fs.openSync(file, "r");
        try {
            const buffer = Buffer.alloc(512);
            head = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
        } finally {
            fs.closeSync(fd);
        }
    } catch {
        return false;
    }
    return Object.values(SIGNATURES).some(s => s.test(head));
}

const isFolder = (p: string) => {
    try {
        return fs.statSync(p).isDirectory();
    } catch {
        return false;
    }
};

/**
 * Checks the outputs before any work: at most one report on stdout, no two reports in one file, no
 * report over an input, folders only for SARIF, and no more stacks in one SARIF file than code
 * scanning accepts in one upload.
 */
export function planOutputs(outputs: Output[], inputs: string[], stacks: number): Target[] {
    const targets: Target[] = [];
    const protect = new Set(inputs.map(f => path.resolve(f)));
    for (const { format, target } of outputs) {
        if (target === STDIN) {
            if (targets.some(t => t.to === STDIN)) {
                throw new UsageError(`two reports cannot both go to stdout (${targets.find(t => t.to === STDIN)!.format} and ${format}); give one a file`);
            }
            targets.push({ format, to: STDIN, folder: false, label: "stdout" });
            continue;
        }
        const to = path.resolve(target);
        const folder = target.endsWith("/") || target.endsWith(path.sep) || isFolder(to);
        if (folder && format !== "sarif") {
            throw new UsageError(`${target} is a folder; the ${format} report needs a file name`);
        }
        if (targets.some(t => t.to === to)) {
            throw new UsageError(`two reports cannot both be written to ${target}`);
        }
        if (protect.has(to)) {
            throw new UsageError(`${target} is an input of this run; a report would overwrite it`);
        }
        if (format === "sarif" && !folder && stacks > GITHUB_LIMITS.runsPerFile) {
            throw new UsageError(`${stacks} stacks do not fit one SARIF file: code scanning takes at most ${GITHUB_LIMITS.runsPerFile} runs ` +
                `(stacks) per upload; give --sarif a folder (${target.replace(/\.sarif$/, "")}/) for one file per stack`);
        }
        targets.push({ format, to, folder, label: target });
    }
    return targets;
}

/** The old report files a run replaces: the target itself, or our SARIF files in a target folder. */
function oldReports(target: Pick<Target, "to" | "folder">): string[] {
    if (target.to === STDIN) {
        return [];
    }
    if (!target.folder) {
        return fs.existsSync(target.to) ? [target.to] : [];
    }
    try {
        return fs.readdirSync(target.to).filter(f => f.endsWith(".sarif")).map(f => path.join(target.to, f)).filter(isOurReport);
    } catch {
        return [];
    }
}

/** Removes what the targets would replace; returns warnings for what could not be removed. */
export function clearTargets(targets: Target[]): string[] {
    const warnings: string[] = [];
    for (const file of targets.flatMap(oldReports)) {
        try {
            fs.rmSync(file, { force: true });
        } catch (e) {
            warnings.push(`cannot remove the old report ${path.relative(process.cwd(), file)}: ${describeFsError(e)}`);
        }
    }
    return warnings;
}

/**
 * After a usage error: removes the reports of ours that the named outputs hold, a file or the SARIF
 * files of a folder (never anything else), as far as it can: the usage error is what the run reports.
 */
export function removeOldReports(outputs: string[]): void {
    for (const output of outputs) {
        const to = path.resolve(output);
        for (const file of isFolder(to) ? oldReports({ to, folder: true }) : [to].filter(isOurReport)) {
            try {
                fs.rmSync(file, { force: true });
            } catch {
                // left in place; the next run that gets as far as writing replaces it
            }
        }
    }
}

/** Writes `text` to `file` through a temporary file in the same folder and a rename. */
export function writeAtomically(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
        fs.writeFileSync(temporary, text, { flag: "wx" });
        fs.renameSync(temporary, file);
    } catch (e) {
        fs.rmSync(temporary, { force: true });
        throw e;
    }
}

/**
 * Writes one report file, or when that fails, the same report to a file in the temporary folder
 * (then to stdout) and says so: the finished audit is never lost. Returns false when it had to.
 */
export function deliver(file: string, label: string, text: string, io: { warn: (m: string) => void; stdout: (t: string) => void }): boolean {
    try {
        writeAtomically(file, text);
        return true;
    } catch (e) {
        const problem = describeFsError(e);
        const fallback = path.join(os.tmpdir(), `serverless-guard-${process.pid}-${path.basename(file)}`);
        let savedTo = fallback;
        try {
            writeAtomically(fallback, text);
        } catch {
            io.stdout(text);
            savedTo = "stdout";
        }
        io.warn(`cannot write ${label}: ${problem}; the report was saved to ${savedTo} instead`);
        return false;
    }
}
