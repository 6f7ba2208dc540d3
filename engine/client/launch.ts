// The engine side of the Analyzer protocol: launches a policy pack exactly as the Pulumi CLI does
// and speaks the Analyzer gRPC protocol to it, as the engine does. The audit command and the test
// harness (test/harness/engine.ts) both drive packs through this one module.
//
// What the CLI does (pkg/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer, for a `nodejs`
// pack) and what this module reproduces:
//   1. runs `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine-address> .` with
//      the pack's directory as working directory (through the `pulumi-analyzer-policy` shim);
//   2. reads the gRPC port from the first line of the pack's stdout and connects, insecure;
//   3. calls `Handshake` (engine address, root and program directory), tolerating UNIMPLEMENTED;
//   4. calls `ConfigureStack`, `GetAnalyzerInfo`, `Configure` (the reconciled policy config), then
//      `Analyze` per resource, `AnalyzeStack` at the end, and `Remediate`.
//
// The engine address: `run-policy-pack` drops its first argument without reading it, and
// `@pulumi/policy` 1.21.0 neither implements `Handshake` nor dials the engine. `@pulumi/pulumi`
// only dials an engine when PULUMI_NODEJS_ENGINE is set, which the CLI does not set for policy
// packs (their `pulumi.log` output goes to stderr). So no Engine service is needed: we pass an
// address nothing listens on and keep PULUMI_NODEJS_ENGINE/MONITOR out of the pack's environment.

import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type {
    AnalyzeResult, AnalyzerInfo, ConfigureOptions, EnforcementLevel, EngineResource, LaunchOptions, PackClient, PolicyConfigInput,
    RemediateResult, StackConfig,
} from "./types";
import {
    analyzeRequest, analyzeRequestBytes, analyzeResultOf, analyzeStackRequestBytes, convertAnalyzerInfo, convertRemediateResponse, enforcementLevelToProto,
    toStruct,
} from "./encoding";
import { reconcilePolicyConfig, splitInput } from "./config";

/**
 * The root of the package this module belongs to: the nearest directory above it holding a
 * package.json. Built or installed, that is the serverless-guard pack itself.
 */
export function packageRoot(): string {
    let dir = __dirname;
    for (;;) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        const up = path.dirname(dir);
        if (up === dir) {
            throw new Error(`no package.json above ${__dirname}`);
        }
        dir = up;
    }
}

/**
 * The launcher the CLI would run for this pack: its own node_modules', or, when the pack has none
 * (a fixture pack, or an installed package whose dependencies npm hoisted), the one Node resolves
 * from here.
 */
function launcherPath(packDir: string): string {
    const own = path.join(packDir, "node_modules");
    if (fs.existsSync(own)) {
        return path.join(own, "@pulumi", "pulumi", "cmd", "run-policy-pack");
    }
    return path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");
}



/** The engine's gRPC message limit, both ways. */
const MAX_MESSAGE = 400 * 1024 * 1024;
const DEFAULT_LAUNCH_TIMEOUT_MS = 60_000;
/** run-policy-pack ignores it; nothing listens on port 0. */
const ENGINE_ADDRESS = "127.0.0.1:0";

const livePacks = new Set<childProcess.ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    // Never leave packs behind when the test process ends without closing them.
    process.on("exit", () => {
        for (const child of livePacks) {
            try {
                child.kill("SIGKILL");
            } catch {
                // already gone
            }
        }
    });
}

type Unary<Req, Resp> = (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown;

let lastAnswer = 0;

/** Bytes of the last Analyze or AnalyzeStack answer this process received, as they came over the wire (0 before any). */
export const lastAnswerBytes = (): number => lastAnswer;

class PackClientImpl implements PackClient {
    private readonly client: analyzerGrpc.AnalyzerClient;
    private closing: Promise<void> | undefined;
    private infoCache: AnalyzerInfo | undefined;
    handshakeImplemented = false;

    constructor(
        private readonly child: childProcess.ChildProcess,
        private readonly exited: Promise<void>,
        private readonly output: { stderr: string; stdout: string; exit?: { code: number | null; signal: NodeJS.Signals | null } },
        readonly packDir: string,
        readonly port: number,
        readonly launchMs: number,
    ) {
        this.client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE,
            "grpc.max_send_message_length": MAX_MESSAGE,
        });
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }
    get stderr(): string {
        return this.output.stderr;
    }
    get stdout(): string {
        return this.output.stdout;
    }
    get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
        return this.output.exit;
    }

    private call<Req, Resp>(method: string, fn: Unary<Req, Resp>, req: Req): Promise<Resp> {
        if (this.closing) {
            return Promise.reject(new Error(`${method}: the pack client is closed`));
        }
        return new Promise<Resp>((resolve, reject) => {
            fn.call(this.client, req, (err, resp) => {
                if (err) {
                    const e = new Error(`${method} failed (${grpc.status[err.code] ?? err.code}): ${err.details || err.message}`) as
                        Error & { code?: number; details?: string; stderr?: string };
                    e.code = err.code;
                    e.details = err.details;
                    e.stderr = this.output.stderr;
                    reject(e);
                } else {
                    resolve(resp);
                }
            });
        });
    }

    /** Waits for the channel, then makes the CLI's first call. */
    async connect(deadline: number): Promise<void> {
        await new Promise<void>((resolve, reject) =>
            this.client.waitForReady(deadline, (err?: Error) => (err ? reject(err) : resolve())));
        await this.handshake();
    }

    /** The CLI's first call; UNIMPLEMENTED is fine (it then falls back to the legacy behaviour). */
    private async handshake(): Promise<void> {
        const req = new analyzerPb.AnalyzerHandshakeRequest();
        req.setEngineAddress(ENGINE_ADDRESS);
        req.setRootDirectory(this.packDir);
        req.setProgramDirectory(this.packDir);
        try {
            await this.call<analyzerPb.AnalyzerHandshakeRequest, analyzerPb.AnalyzerHandshakeResponse>("Handshake", this.client.handshake, req);
            this.handshakeImplemented = true;
        } catch (e) {
            if ((e as { code?: number }).code !== grpc.status.UNIMPLEMENTED) {
                throw e;
            }
        }
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const resp = await this.call<Empty, analyzerPb.AnalyzerInfo>("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty());
        const info = convertAnalyzerInfo(resp);
        this.infoCache = info;
        return info;
    }

    async getPluginInfo(): Promise<{ version: string }> {
        const resp: pluginPb.PluginInfo = await this.call<Empty, pluginPb.PluginInfo>("GetPluginInfo", this.client.getPluginInfo, new Empty());
        return { version: resp.getVersion() };
    }

    async configure(config: Record<string, PolicyConfigInput>, options: ConfigureOptions = {}): Promise<void> {
        const info = this.infoCache ?? (await this.getAnalyzerInfo());
        let entries: Record<string, { enforcementLevel: EnforcementLevel | ""; properties: Record<string, unknown> }>;
        if (options.raw) {
            entries = {};
            for (const [k, v] of Object.entries(config)) {
                const split = splitInput(k, v);
                const own = info.policies.find((p) => p.name === k)?.enforcementLevel ?? "";
                entries[k] = {
                    enforcementLevel: split.enforcementLevel !== "" ? split.enforcementLevel : own,
                    properties: split.properties ?? {},
                };
            }
        } else {
            entries = reconcilePolicyConfig(info, config);
        }
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [k, v] of Object.entries(entries)) {
            if (v.enforcementLevel === "") {
                // The CLI refuses to send this too ("invalid enforcement level").
                throw new Error(`configure: ${k} is not a policy of the pack and has no enforcementLevel`);
            }
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(enforcementLevelToProto[v.enforcementLevel]);
            pc.setProperties(toStruct(v.properties));
            map.set(k, pc);
        }
        if (map.getLength() === 0) {
            return; // the CLI skips Configure when there is nothing to send
        }
        await this.call<analyzerPb.ConfigureAnalyzerRequest, Empty>("Configure", this.client.configure, req);
        // Like the CLI, keep the cached policy levels in step with the config.
        for (const p of info.policies) {
            const e = entries[p.name];
            if (e && e.enforcementLevel !== "") {
                p.enforcementLevel = e.enforcementLevel;
            }
        }
    }

    async configureStack(stack: StackConfig): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setOrganization(stack.organization ?? "");
        req.setProject(stack.project ?? "");
        req.setStack(stack.stack ?? "");
        req.setDryRun(stack.dryRun ?? false);
        req.setConfigSecretKeysList(stack.configSecretKeys ?? []);
        const tags = req.getTagsMap();
        for (const [k, v] of Object.entries(stack.tags ?? {})) {
            tags.set(k, v);
        }
        const cfg = req.getConfigMap();
        for (const [k, v] of Object.entries(stack.config ?? {})) {
            cfg.set(k, v);
        }
        await this.call<analyzerPb.AnalyzerStackConfigureRequest, analyzerPb.AnalyzerStackConfigureResponse>("ConfigureStack", this.client.configureStack, req);
    }

    /** Analyze of `resource`, in the bytes the engine's Go runtime writes (see analyzeRequestBytes). */
    analyze(resource: EngineResource): Promise<AnalyzeResult> {
        return this.call("Analyze", this.sendBytes("Analyze"), analyzeRequestBytes(resource));
    }

    /** AnalyzeStack of `resources`, streamed into the request's bytes (see analyzeStackRequestBytes). */
    analyzeStack(resources: Iterable<EngineResource>): Promise<AnalyzeResult> {
        return this.call("AnalyzeStack", this.sendBytes("AnalyzeStack"), analyzeStackRequestBytes(resources));
    }

    /** A call of `method` with a request already encoded, its answer read as the engine reads it (see analyzeResultOf). */
    private sendBytes(method: "Analyze" | "AnalyzeStack"): Unary<Buffer, AnalyzeResult> {
        const read = (bytes: Buffer) => {
            lastAnswer = bytes.length;
            return analyzeResultOf(bytes);
        };
        return (request, callback) => this.client.makeUnaryRequest(
            `/pulumirpc.Analyzer/${method}`, bytes => bytes, read, request, (error, response) => callback(error, response as AnalyzeResult));
    }

    async remediate(resource: EngineResource): Promise<RemediateResult> {
        const resp = await this.call<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>("Remediate", this.client.remediate, analyzeRequest(resource, false));
        return convertRemediateResponse(resp);
    }

    close(): Promise<void> {
        if (!this.closing) {
            this.closing = (async () => {
                this.client.close();
                await terminate(this.child, this.exited);
            })();
        }
        return this.closing;
    }
}

async function terminate(child: childProcess.ChildProcess, exited: Promise<void>): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        try {
            await exited;
        } finally {
            clearTimeout(timer);
        }
    }
    livePacks.delete(child);
}

/**
 * Starts the policy pack in `packDir` the way the Pulumi CLI does and connects to it. Resolves
 * once the pack has printed its port and answered the handshake.
 */
export async function launchPack(packDir: string, options: LaunchOptions = {}): Promise<PackClient> {
    const dir = path.resolve(packDir);
    if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        // The CLI loads PulumiPolicy.yaml before anything else.
        throw new Error(`${dir} is not a policy pack: no PulumiPolicy.yaml`);
    }
    const launcher = launcherPath(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, ...(options.env ?? {}) };
    delete env.PULUMI_NODEJS_ENGINE;
    delete env.PULUMI_NODEJS_MONITOR;
    const timeoutMs = options.timeoutMs ?? DEFAULT_LAUNCH_TIMEOUT_MS;

    installExitHook();
    const started = process.hrtime.bigint();
    const child = childProcess.spawn(process.execPath, [launcher, ENGINE_ADDRESS, "."], {
        cwd: dir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    livePacks.add(child);

    const output: { stderr: string; stdout: string; exit?: { code: number | null; signal: NodeJS.Signals | null } } = {
        stderr: "",
        stdout: "",
    };
    const exited = new Promise<void>((resolve) => {
        child.once("exit", (code, signal) => {
            output.exit = { code, signal };
            livePacks.delete(child);
            resolve();
        });
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        output.stderr += chunk;
    });
    child.stdout!.setEncoding("utf8");

    let port: number;
    let launchMs: number;
    try {
        [port, launchMs] = await new Promise<[number, number]>((resolve, reject) => {
            let first = "";
            let havePort = false;
            const fail = (why: string): void => {
                if (havePort) {
                    return;
                }
                havePort = true;
                clearTimeout(timer);
                reject(new Error(`policy pack ${dir} ${why}\n--- stderr ---\n${output.stderr}`));
            };
            const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
            child.stdout!.on("data", (chunk: string) => {
                if (havePort) {
                    output.stdout += chunk;
                    return;
                }
                first += chunk;
                const nl = first.indexOf("\n");
                if (nl < 0) {
                    return;
                }
                const line = first.slice(0, nl).trim();
                const rest = first.slice(nl + 1);
                if (!/^\d+$/.test(line)) {
                    output.stdout += first;
                    fail(`printed "${line}" where the CLI expects its port`);
                    return;
                }
                havePort = true;
                clearTimeout(timer);
                output.stdout += rest;
                resolve([Number(line), Number(process.hrtime.bigint() - started) / 1e6]);
            });
            child.once("error", (err) => fail(`could not be started: ${err.message}`));
            child.once("exit", (code, signal) =>
                // Let the stderr pipe drain before reporting.
                setImmediate(() => fail(`exited (code ${code}, signal ${signal}) before printing a port`)));
        });
    } catch (e) {
        await terminate(child, exited);
        throw e;
    }

    const client = new PackClientImpl(child, exited, output, dir, port, launchMs);
    try {
        const deadline = Date.now() + Math.max(timeoutMs - launchMs, 1_000);
        await client.connect(deadline);
    } catch (e) {
        await client.close();
        throw new Error(`policy pack ${dir} printed port ${port} but did not answer: ${(e as Error).message}\n` +
            `--- stderr ---\n${output.stderr}`);
    }
    return client;
}

