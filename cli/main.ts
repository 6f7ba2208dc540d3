#!/usr/bin/env node
// `serverless-guard`: the pack's offline audit command (`audit`, `audit --list`), its demo, and help.
import * as path from "path";
import { AuditCommand, Command, USAGE, outputFilesIn, parseArgs } from "./args";
import { AuditResult, Auditor, Finding, InputProblem, SEVERITIES, StackResult, blocks } from "./audit";
import { runDemo } from "./demo";
import { EXIT, InputError, UsageError } from "./errors";
import { Source, readSource, resolveSources } from "./inputs";
import { runList } from "./list";
import { Target, clearTargets, deliver, planOutputs, removeOldReports } from "./output";
import { Progress } from "./progress";
import { Filters, jsonReport } from "./report/json";
import { junitReport } from "./report/junit";
import { markdownReport } from "./report/markdown";
import { sarifFileName, sarifReport } from "./report/sarif";
import { Verdict, verdictOf } from "./report/summary";
import { textReport } from "./report/text";
import { parseStackExport, urnLines } from "./stackExport";
import { packFailure, packageVersion, readPolicyConfig, startAuditor, warn, writeStdout } from "./session";
import { displayFor } from "./style";
import { didYouMean } from "./suggest";

interface Filtering {
    keep: (f: Finding) => boolean;
    /** Whether --policy and --skip-policy leave the policy in the report. */
    reported: (policy: string) => boolean;
    words: string;
    filters: Filters;
}

function filtersOf(command: AuditCommand): Filtering {
    const threshold = command.severity ? SEVERITIES.indexOf(command.severity) : SEVERITIES.length;
    const only = new Set(command.policies);
    const skip = new Set(command.skipPolicies);
    const words = [
        command.severity ? `severity ${command.severity} and above` : "",
        only.size > 0 ? `only ${[...only].join(", ")}` : "",
        skip.size > 0 ? `not ${[...skip].join(", ")}` : "",
    ].filter(w => w !== "").join("; ");
    const reported = (policy: string) => (only.size === 0 || only.has(policy)) && !skip.has(policy);
    return {
        keep: f => SEVERITIES.indexOf(f.severity) <= threshold && reported(f.policy),
        reported,
        words,
        filters: { severity: command.severity, policies: command.policies, skipPolicies: command.skipPolicies },
    };
}

function render(target: Target, result: AuditResult, verdict: Verdict, command: AuditCommand, filters: Filtering): string {
    switch (target.format) {
        case "json": return jsonReport(result, verdict, filters.filters);
        case "sarif": return sarifReport(result);
        case "junit": return junitReport(result, command.failOn, filters.reported);
        case "markdown": return markdownReport(result, verdict);
        default:
            return textReport(result, { ...displayFor(target.to === "-"), verdict, filters: filters.words });
    }
}

/** Writes every report; returns whether one had to be saved elsewhere. */
function writeReports(targets: Target[], result: AuditResult, verdict: Verdict, command: AuditCommand, filters: Filtering): boolean {
    let unwritten = false;
    const save = (file: string, label: string, text: string) => {
        unwritten = !deliver(file, label, text, { warn, stdout: writeStdout }) || unwritten;
    };
    for (const target of targets) {
        if (target.to === "-") {
            writeStdout(render(target, result, verdict, command, filters));
        } else if (target.folder) {
            for (const stack of result.stacks) {
                const file = sarifFileName(stack);
                save(path.join(target.to, file), path.join(target.label, file), sarifReport(result, [stack]));
            }
        } else {
            save(target.to, target.label, render(target, result, verdict, command, filters));
        }
    }
    return unwritten;
}

async function runAudit(command: AuditCommand): Promise<number> {
    const sources = resolveSources(command.exports);
    const config = readPolicyConfig(command.policyPackConfig);
    const inputs = [...sources.flatMap(s => (s.file ? [s.file] : [])), ...(command.policyPackConfig ? [command.policyPackConfig] : [])];
    const targets = planOutputs(command.outputs, inputs, sources.length);
    clearTargets(targets).forEach(warn);
    config.warnings.forEach(warn);

    const progress = new Progress(command.progress ?? process.stderr.isTTY === true, line => warn(line));
    const filters = filtersOf(command);
    const needLines = targets.some(t => t.format === "sarif");

    progress.say("launching the policy pack");
    const auditor = await startAuditor(command.policyPackConfig, { config: config.config, keep: filters.keep, onWarning: warn });
    if (typeof auditor === "number") {
        return auditor;
    }
    const stacks: StackResult[] = [];
    const errors: InputProblem[] = [];
    try {
        const names = auditor.policies.map(p => p.name);
        for (const name of [...command.policies, ...command.skipPolicies]) {
            if (!names.includes(name)) {
                throw new UsageError(`${name} is not a policy of ${auditor.packInfo.name} ${auditor.packInfo.version}${didYouMean(name, names)}`);
            }
        }
        progress.say(`the pack is ready: ${auditor.packInfo.name} ${auditor.packInfo.version}, ${names.length} policies`);
        const seen = new Map<string, string>();
        for (const [i, source] of sources.entries()) {
            const result = await auditOne(auditor, source, `[${i + 1}/${sources.length}]`, { command, progress, needLines, seen });
            if ("message" in result) {
                errors.push(result);
                warn(`${source.label}: ${result.message}`);
            } else {
                stacks.push(result);
            }
        }
    } catch (e) {
        if (e instanceof UsageError) {
            throw e;
        }
        warn(packFailure(e));
        return EXIT.failed;
    } finally {
        progress.stopHeartbeat();
        await auditor.close();
    }

    const result: AuditResult = { pack: auditor.packInfo, policies: auditor.policies, stacks, errors };
    const verdict = verdictOf(result, command.failOn);
    progress.say(`writing ${targets.map(t => `${t.format} to ${t.label}`).join(", ")}`);
    const unwritten = writeReports(targets, result, verdict, command, filters);
    if (!targets.some(t => t.to === "-" && t.format === "text")) {
        warn(verdict.line); // the verdict is always in the log
    }
    return errors.length > 0 ? EXIT.usage : unwritten ? EXIT.unwritten : verdict.failed ? EXIT.findings : EXIT.ok;
}

interface OneContext {
    command: AuditCommand;
    progress: Progress;
    needLines: boolean;
    /** Stack name to the export it came from. */
    seen: Map<string, string>;
}

/** Reads, checks and audits one export; an export that cannot be audited is a problem, not a failure of the run. */
async function auditOne(auditor: Auditor, source: Source, step: string, context: OneContext): Promise<StackResult | InputProblem> {
    const { progress } = context;
    progress.say(`${step} reading ${source.label === "-" ? "stdin" : source.label}`);
    let stack;
    let lines: Map<string, number> | undefined;
    try {
        const text = await readSource(source);
        stack = parseStackExport(text, { organization: context.command.organization });
        lines = context.needLines ? urnLines(text) : undefined;
    } catch (e) {
        // Whatever stops reading it (a file too large for a string, too) concerns this export only.
        return { source: source.label, message: e instanceof InputError ? e.message : `cannot read it: ${(e as Error).message}` };
    }
    const earlier = context.seen.get(stack.name);
    if (earlier !== undefined) {
        return { source: source.label, message: `it is the stack ${stack.name} again (already read from ${earlier}); audited once` };
    }
    context.seen.set(stack.name, source.label);
    const prefix = `${step} ${stack.name}`;
    progress.say(`${prefix}: ${stack.resources.length.toLocaleString("en")} resources to analyze`);
    const result = await auditor.audit(stack, source.label, {
        onAnalyzed: (done, total) => progress.analyzed(prefix, done, total),
        onStackAnalysis: () => progress.waiting(`${prefix}: analyzing the stack as a whole (AnalyzeStack)`),
    });
    result.urnLines = lines;
    const mandatory = result.findings.filter(f => blocks(f.level)).length;
    progress.say(`${prefix}: ${result.findings.length.toLocaleString("en")} findings (${mandatory} mandatory)`);
    return result;
}

export async function main(argv: string[]): Promise<number> {
    let command: Command;
    try {
        command = parseArgs(argv);
        switch (command.kind) {
            case "help":
                writeStdout(USAGE);
                return EXIT.ok;
            case "version":
                writeStdout(`${packageVersion()}\n`);
                return EXIT.ok;
            case "demo":
                return await runDemo();
            case "list":
                return await runList(command);
            default:
                return await runAudit(command);
        }
    } catch (e) {
        if (e instanceof UsageError) {
            // No older report may outlive a run that stopped here.
            removeOldReports(outputFilesIn(argv));
            warn(e.message);
            warn("see serverless-guard --help");
            return EXIT.usage;
        }
        throw e;
    }
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
