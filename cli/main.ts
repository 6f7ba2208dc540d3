#!/usr/bin/env node
// `serverless-guard audit <stack-export.json>`: the pack's offline audit command.
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "./analyzer";
import { FailOn, Format, USAGE, UsageError, parseArgs } from "./args";
import { AuditResult, audit, blocks } from "./audit";
import { ConfigError, parsePolicyConfig } from "./policyConfig";
import { jsonReport } from "./report/json";
import { sarifReport } from "./report/sarif";
import { textReport } from "./report/text";
import { ExportError, parseStackExport, urnLines } from "./stackExport";

export const EXIT = { ok: 0, findings: 1, usage: 2, failed: 3 } as const;

const PROGRESS_EVERY = 1000;

function readInput(file: string, what: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? "read error"}`);
    }
}

/** Forward slashes, relative to the working directory (the repository root in CI). */
const relativePosix = (file: string) => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join("/");

function report(format: Format, result: AuditResult, exportPath: string, exportText: string): string {
    switch (format) {
        case "json": return jsonReport(result, relativePosix(exportPath));
        case "sarif": return sarifReport(result, { artifactUri: relativePosix(exportPath), urnLines: urnLines(exportText) });
        default: return textReport(result, exportPath);
    }
}

function failed(result: AuditResult, failOn: FailOn): boolean {
    switch (failOn) {
        case "never": return false;
        case "advisory": return result.findings.length > 0;
        default: return result.findings.some(f => blocks(f.level));
    }
}

const warn = (message: string) => process.stderr.write(`serverless-guard: ${message}\n`);

export async function main(argv: string[]): Promise<number> {
    let command;
    try {
        command = parseArgs(argv);
    } catch (e) {
        if (e instanceof UsageError) {
            warn(e.message);
            process.stderr.write(`\n${USAGE}`);
            return EXIT.usage;
        }
        throw e;
    }
    if (command.kind === "help") {
        process.stdout.write(USAGE);
        return EXIT.ok;
    }
    if (command.kind === "version") {
        const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string };
        process.stdout.write(`${pkg.version}\n`);
        return EXIT.ok;
    }

    let result: AuditResult;
    let exportText: string;
    try {
        exportText = readInput(command.exportPath, "stack export");
        const stack = parseStackExport(exportText);
        const config = command.policyPackConfig ? parsePolicyConfig(readInput(command.policyPackConfig, "policy pack config")) : {};
        const progress = command.progress || process.stderr.isTTY === true;
        result = await audit(stack, {
            config,
            onWarning: warn,
            onProgress: (done, total) => {
                if (progress && (done % PROGRESS_EVERY === 0 || (done === total && total >= PROGRESS_EVERY))) {
                    warn(`analyzed ${done}/${total} resources`);
                }
            },
        });
    } catch (e) {
        if (e instanceof UsageError || e instanceof ConfigError) {
            warn(e.message);
            return EXIT.usage;
        }
        if (e instanceof ExportError) {
            warn(`${command.exportPath}: ${e.message}`);
            return EXIT.usage;
        }
        warn(`the audit failed: ${(e as Error).message}`);
        return EXIT.failed;
    }

    const text = report(command.format, result, command.exportPath, exportText);
    if (command.output) {
        try {
            fs.writeFileSync(command.output, text);
        } catch (e) {
            warn(`cannot write ${command.output}: ${(e as NodeJS.ErrnoException).code ?? "write error"}`);
            return EXIT.usage;
        }
    } else {
        process.stdout.write(text);
    }
    return failed(result, command.failOn) ? EXIT.findings : EXIT.ok;
}

if (require.main === module) {
    // A reader that stops early (`| head`) is not an error of the audit.
    process.stdout.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code !== "EPIPE") {
            throw e;
        }
    });
    main(process.argv.slice(2)).then(
        code => { process.exitCode = code; },
        (e: Error) => {
            warn(`unexpected error: ${e.message}`);
            process.exitCode = EXIT.failed;
        });
}
