// Command-line arguments of `serverless-guard`.

export const FORMATS = ["text", "json", "sarif"] as const;
export const FAIL_ON = ["mandatory", "advisory", "never"] as const;

export type Format = typeof FORMATS[number];
export type FailOn = typeof FAIL_ON[number];

export type Command =
    | { kind: "help" }
    | { kind: "version" }
    | {
        kind: "audit";
        exportPath: string;
        format: Format;
        output?: string;
        policyPackConfig?: string;
        failOn: FailOn;
        progress: boolean;
    };

/** Wrong arguments: the command prints the message and the usage, and exits with 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: serverless-guard audit <stack-export.json> [options]

Audits a \`pulumi stack export\` file offline with the serverless-guard policies: no Pulumi login,
no cloud credentials. The pack judges the stack through the same Analyzer calls a preview makes.

Options:
  --format text|json|sarif       report format (default: text)
  --output <file>                write the report to <file> instead of stdout
  --policy-pack-config <file>    policy config, in the format \`pulumi preview --policy-pack-config\`
                                 takes: policy name (or "all") to "advisory" | "mandatory" |
                                 "disabled", or to { "enforcementLevel": ..., <config key>: ... }
  --fail-on mandatory|advisory|never
                                 which findings make the exit code 1 (default: mandatory)
  --progress                     report progress on stderr (default: only when stderr is a terminal)
  -h, --help                     show this help
  --version                      show the version

Exit codes: 0 no finding at the --fail-on level, 1 findings at that level, 2 usage error or an
input that is not a stack export (deployment version 3 or later) or a valid config, 3 the audit
itself failed (the policy pack did not start or answer).
`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
    if (!(allowed as readonly string[]).includes(value)) {
        throw new UsageError(`${flag} must be one of ${allowed.join(", ")}`);
    }
    return value as T;
}

export function parseArgs(argv: string[]): Command {
    if (argv.length === 0) {
        throw new UsageError("no command given");
    }
    if (argv.includes("-h") || argv.includes("--help") || argv[0] === "help") {
        return { kind: "help" };
    }
    if (argv[0] === "--version" || argv[0] === "version") {
        return { kind: "version" };
    }
    if (argv[0] !== "audit") {
        throw new UsageError(`unknown command "${argv[0]}"`);
    }
    const positional: string[] = [];
    let format: Format = "text";
    let failOn: FailOn = "mandatory";
    let output: string | undefined;
    let policyPackConfig: string | undefined;
    let progress = false;
    const args = argv.slice(1);
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith("-") || arg === "-") {
            positional.push(arg);
            continue;
        }
        if (arg === "--") {
            positional.push(...args.slice(i + 1));
            break;
        }
        const eq = arg.indexOf("=");
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const value = (): string => {
            if (eq > 0) {
                return arg.slice(eq + 1);
            }
            const next = args[++i];
            if (next === undefined || next === "") {
                throw new UsageError(`${flag} needs a value`);
            }
            return next;
        };
        switch (flag) {
            case "--format": format = oneOf(flag, value(), FORMATS); break;
            case "--fail-on": failOn = oneOf(flag, value(), FAIL_ON); break;
            case "--output": case "-o": output = value(); break;
            case "--policy-pack-config": policyPackConfig = value(); break;
            case "--progress":
                if (eq > 0) {
                    throw new UsageError("--progress takes no value");
                }
                progress = true;
                break;
            default: throw new UsageError(`unknown option ${flag}`);
        }
    }
    if (positional.length !== 1) {
        throw new UsageError(positional.length === 0 ? "audit needs the path of a stack export file" : "audit takes one stack export file");
    }
    return { kind: "audit", exportPath: positional[0], format, output, policyPackConfig, failOn, progress };
}
