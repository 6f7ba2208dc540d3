// Runs the built `serverless-guard` command as a child process, as a user or a CI job would.
import * as childProcess from "child_process";
import * as path from "path";
import { projectRoot } from "./engine";

export interface CliRun {
    status: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

export interface CliOptions {
    /** Working directory; the project root by default. */
    cwd?: string;
    /** Written to the command's stdin (closed right away when absent). */
    stdin?: string | Buffer;
    /** Extra environment (NO_COLOR and FORCE_COLOR are removed unless given here). */
    env?: Record<string, string>;
    /** The command to run; the project's built bin/cli/main.js by default. */
    main?: string;
}

/** The built command: bin/cli/main.js of the project. */
export const cliPath = () => path.join(projectRoot(), "bin", "cli", "main.js");

/** `node bin/cli/main.js ...args`, from the project root unless `cwd` says otherwise. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
    const started = Date.now();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    return new Promise(resolve => {
        const child = childProcess.spawn(process.execPath, [options.main ?? cliPath(), ...args], {
            cwd: options.cwd ?? projectRoot(),
            env: { ...env, ...options.env },
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => { stdout += chunk; });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });
        child.stdin.end(options.stdin ?? "");
        child.on("close", status => resolve({ status, stdout, stderr, ms: Date.now() - started }));
    });
}

/** A fixture export's path, relative to the project root (where runCli runs). */
export const exportFixture = (name: string) => `test/fixtures/exports/${name}.json`;

/** A shipped example's path, relative to the project root. */
export const example = (name: "insecure" | "secure") => `examples/${name}-stack.json`;
