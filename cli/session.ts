// What every command that runs the pack shares: messages on stderr, stdout, the config file, and
// starting the pack.
import * as fs from "fs";
import * as path from "path";
import { packageRoot } from "../engine/client/launch";
import { AuditOptions, Auditor } from "./audit";
import { EXIT, InputError, UsageError } from "./errors";
import { readTextFile } from "./inputs";
import { ParsedConfig, parsePolicyConfig } from "./policyConfig";
import { colorsFor, forDisplay } from "./style";

/** A message on stderr; colour codes (the pack's own, in its errors) only where stderr shows them. */
export const warn = (message: string) =>
    process.stderr.write(`serverless-guard: ${forDisplay(message, colorsFor(process.stderr))}\n`);

export const writeStdout = (text: string) => {
    process.stdout.write(text);
};

/** The version of this package. */
export function packageVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The policy config file, read and parsed; a problem with it is a usage error, found before the pack starts. */
export function readPolicyConfig(file: string | undefined): ParsedConfig {
    if (!file) {
        return { config: {}, warnings: [] };
    }
    try {
        return parsePolicyConfig(readTextFile(file, "policy pack config"));
    } catch (e) {
        throw e instanceof InputError ? new UsageError(`the policy pack config ${file}: ${e.message}`) : e;
    }
}

/**
 * Starts and configures the pack: the Auditor, or the exit code when it could not (3; a config the
 * pack's schemas reject is a usage error).
 */
export async function startAuditor(configFile: string | undefined, options: AuditOptions): Promise<Auditor | number> {
    try {
        return await Auditor.start(options);
    } catch (e) {
        if (e instanceof InputError) {
            throw new UsageError(`the policy pack config ${configFile}: ${e.message}`);
        }
        warn(packFailure(e));
        return EXIT.failed;
    }
}

/** The pack did not start or answer. */
export const packFailure = (e: unknown) => `the policy pack failed, so there is no report: ${(e as Error).message}`;
