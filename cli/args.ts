// Command-line arguments of `serverless-guard`, parsed by node:util parseArgs.
import { parseArgs as parse } from "util";
import type { Severity } from "../engine/client/types";
import { UsageError } from "./errors";
import { STDIN } from "./inputs";
import { didYouMean } from "./suggest";

const FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
const FAIL_ON = ["mandatory", "advisory", "never"] as const;
const SEVERITY_THRESHOLDS = ["critical", "high", "medium", "low"] as const;

export type Format = typeof FORMATS[number];
export type FailOn = typeof FAIL_ON[number];

/** A report to write: a format and where ("-" is stdout). */
export interface Output {
    format: Format;
    target: string;
}

export interface AuditCommand {
    kind: "audit";
    /** Files, folders and "-". */
    exports: string[];
    outputs: Output[];
    policyPackConfig?: string;
    failOn: FailOn;
    /** Reported findings at least this severe. */
    severity?: Severity;
    /** Only these policies, if given; never these. */
    policies: string[];
    skipPolicies: string[];
    /** The organization of exports that do not name one. */
    organization?: string;
    /** undefined: when stderr is a terminal. */
    progress?: boolean;
}

export type Command =
    | { kind: "help" }
    | { kind: "version" }
    | { kind: "demo" }
    | { kind: "list"; format: "text" | "json"; output: string; policyPackConfig?: string }
    | AuditCommand;

export const USAGE = `Usage:
  serverless-guard audit <export>... [options]   audit \`pulumi stack export\` files offline
  serverless-guard audit --list [--format json]  list the pack's policies
  serverless-guard demo                          a blocked and a passing preview of the examples
  serverless-guard --version | --help

An <export> is a file written by \`pulumi stack export\`, a folder (every .json file under it), or -
for stdin. The pack is launched once, as the Pulumi CLI launches it, and judges each stack through
the calls \`pulumi policy analyze\` makes: no Pulumi login, no cloud credentials.

Reports (text on stdout by default; several can be written in one run):
  --format text|json|sarif|junit|markdown   format of the main report (default: text)
  --output <file>|-                         where the main report goes (default: -, stdout)
  --text <file>, --json <file>, --sarif <file or folder/>, --junit <file>, --markdown <file>
                                            one more report in that format (- for stdout); a SARIF
                                            folder gets one file per stack
  Files are replaced atomically; an existing one is removed as the run starts, so a failed run
  never leaves an old report behind.

What is reported and what fails:
  --severity critical|high|medium|low       report findings at least this severe
  --policy <name>[,<name>]                  report only these policies (repeatable)
  --skip-policy <name>[,<name>]             do not report these policies (repeatable)
  --fail-on mandatory|advisory|never        which reported findings make the exit code 1
                                            (default: mandatory)
  --soft-fail                               the same as --fail-on never
  --policy-pack-config <file>               policy config, in the format of
                                            \`pulumi preview --policy-pack-config\`
  --org <name>                              organization of exports that do not name one (default:
                                            "organization", as DIY backends call it)
  --progress, --no-progress                 progress on stderr (default: when stderr is a terminal)
  -h, --help; --version

Exit codes: 0 no finding at the --fail-on level, 1 findings at that level, 2 usage error, invalid
config, or an export that could not be audited (the others are still reported), 3 the policy pack
did not start or answer (no report), 4 a report could not be written where asked (it was saved
elsewhere).
`;

const OPTIONS = {
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
    list: { type: "boolean" },
    format: { type: "string" },
    output: { type: "string", short: "o" },
    text: { type: "string" },
    json: { type: "string" },
    sarif: { type: "string" },
    junit: { type: "string" },
    markdown: { type: "string" },
    "policy-pack-config": { type: "string" },
    "fail-on": { type: "string" },
    "soft-fail": { type: "boolean" },
    severity: { type: "string" },
    policy: { type: "string", multiple: true },
    "skip-policy": { type: "string", multiple: true },
    org: { type: "string" },
    progress: { type: "boolean" },
    "no-progress": { type: "boolean" },
} as const;

const COMMANDS = ["audit", "demo", "help", "version"];

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
    if (!(allowed as readonly string[]).includes(value)) {
        throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}${didYouMean(value, allowed)}`);
    }
    return value as T;
}

/** parseArgs' errors in the words of the rest of this command. */
function usageErrorOf(e: Error & { code?: string }): UsageError {
    const flag = /'(?:-\w, )?(--?[\w-]+)/.exec(e.message)?.[1] ?? "the option";
    switch (e.code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            return new UsageError(`unknown option ${flag}${didYouMean(flag.replace(/^-+/, ""), Object.keys(OPTIONS)).replace(/mean /, "mean --")}`);
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            return new UsageError(/does not take an argument/.test(e.message) ? `${flag} takes no value` : `${flag} needs a value`);
        default:
            return new UsageError(e.message);
    }
}

const names = (values: string[] | undefined) => (values ?? []).flatMap(v => v.split(",")).map(v => v.trim()).filter(v => v !== "");

export function parseArgs(argv: string[]): Command {
    const [command, ...rest] = argv;
    if (command === undefined) {
        throw new UsageError("no command given");
    }
    if (command === "-h" || command === "--help" || command === "help") {
        return { kind: "help" };
    }
    if (command === "--version" || command === "version") {
        return { kind: "version" };
    }
    if (!COMMANDS.includes(command)) {
        throw new UsageError(`unknown command "${command}"${didYouMean(command, COMMANDS)}`);
    }
    let parsed;
    try {
        parsed = parse({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
        throw usageErrorOf(e as Error & { code?: string });
    }
    const { values, positionals } = parsed;
    if (values.help) {
        return { kind: "help" };
    }
    if (values.version) {
        return { kind: "version" };
    }
    for (const [flag, value] of Object.entries(values)) {
        if (value === "") {
            throw new UsageError(`--${flag} needs a value`);
        }
    }
    if (command === "demo") {
        if (positionals.length > 0 || Object.keys(values).length > 0) {
            throw new UsageError("demo takes no arguments");
        }
        return { kind: "demo" };
    }
    if (values.list) {
        if (positionals.length > 0) {
            throw new UsageError("--list takes no stack export");
        }
        const format = values.format === undefined ? "text" : oneOf("format", values.format, ["text", "json"] as const);
        return { kind: "list", format, output: values.output ?? STDIN, policyPackConfig: values["policy-pack-config"] };
    }
    if (positionals.length === 0) {
        throw new UsageError("audit needs at least one stack export: a file, a folder of exports, or - for stdin");
    }
    if (values.progress && values["no-progress"]) {
        throw new UsageError("--progress and --no-progress contradict each other");
    }
    if (values["soft-fail"] && values["fail-on"] !== undefined && values["fail-on"] !== "never") {
        throw new UsageError("--soft-fail and --fail-on contradict each other");
    }
    const outputs: Output[] = [{ format: values.format === undefined ? "text" : oneOf("format", values.format, FORMATS), target: values.output ?? STDIN }];
    for (const format of FORMATS) {
        const target = values[format];
        if (target !== undefined) {
            outputs.push({ format, target });
        }
    }
    return {
        kind: "audit",
        exports: positionals,
        outputs,
        policyPackConfig: values["policy-pack-config"],
        failOn: values["soft-fail"] ? "never" : values["fail-on"] === undefined ? "mandatory" : oneOf("fail-on", values["fail-on"], FAIL_ON),
        severity: values.severity === undefined ? undefined : oneOf("severity", values.severity, SEVERITY_THRESHOLDS),
        policies: names(values.policy),
        skipPolicies: names(values["skip-policy"]),
        organization: values.org,
        progress: values.progress ? true : values["no-progress"] ? false : undefined,
    };
}

/**
 * The report files named in `argv`, found without judging the rest: a run that stops on a usage
 * error still removes them, so that no older report is left for a later upload step.
 */
export function outputFilesIn(argv: string[]): string[] {
    const files: string[] = [];
    const flags = new Set(["--output", "-o", ...FORMATS.map(f => `--${f}`)]);
    argv.forEach((arg, i) => {
        const eq = arg.indexOf("=");
        if (eq > 0 && flags.has(arg.slice(0, eq))) {
            files.push(arg.slice(eq + 1));
        } else if (flags.has(arg) && argv[i + 1] !== undefined) {
            files.push(argv[i + 1]);
        }
    });
    return files.filter(f => f !== "" && f !== STDIN);
}
