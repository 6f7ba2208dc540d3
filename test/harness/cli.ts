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

/** The built command: bin/cli/main.js of the project. */
export const cliPath = () => path.join(projectRoot(), "bin", "cli", "main.js");

/** `node bin/cli/main.js ...args`, from the project root unless `cwd` says otherwise. */
export function runCli(args: string[], cwd = projectRoot()): Promise<CliRun> {
    const started = Date.now();
    return new Promise(resolve => {
        const child = childProcess.spawn(process.execPath, [cliPath(), ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => { stdout += chunk; });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });
        child.on("close", status => resolve({ status, stdout, stderr, ms: Date.now() - started }));
    });
}

/** A fixture export's path, relative to the project root (where runCli runs). */
export const exportFixture = (name: string) => `test/fixtures/exports/${name}.json`;
