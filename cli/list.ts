// `serverless-guard audit --list`: the pack's policies with their severity and their level under
// the config, as text for people or JSON.
import { Command } from "./args";
import { AuditedPolicy, blocks } from "./audit";
import { EXIT } from "./errors";
import { clearTargets, deliver, planOutputs } from "./output";
import { readPolicyConfig, startAuditor, warn, writeStdout } from "./session";
import { displayFor, painter, wrap } from "./style";

type ListCommand = Extract<Command, { kind: "list" }>;

function listText(policies: AuditedPolicy[], { width, colors }: { width: number; colors: boolean }): string {
    const paint = painter(colors);
    const out: string[] = [];
    for (const p of policies) {
        const level = p.level === p.defaultLevel ? p.level : `${p.level} (default ${p.defaultLevel})`;
        out.push(...wrap(`${paint("bold", p.name)}  ${p.severity}, ${blocks(p.level) ? paint("red", level) : level}`, width),
            ...wrap(p.description, width, "    "));
    }
    return `${out.join("\n")}\n`;
}

export async function runList(command: ListCommand): Promise<number> {
    const config = readPolicyConfig(command.policyPackConfig);
    const [target] = planOutputs([{ format: command.format, target: command.output }], command.policyPackConfig ? [command.policyPackConfig] : [], 0);
    clearTargets([target]).forEach(warn);
    config.warnings.forEach(warn);
    const auditor = await startAuditor(command.policyPackConfig, { config: config.config, onWarning: warn });
    if (typeof auditor === "number") {
        return auditor;
    }
    const { policies } = auditor;
    await auditor.close();
    const stdout = target.to === "-";
    const text = command.format === "json"
        ? `${JSON.stringify(policies.map(p => ({
            name: p.name, severity: p.severity, level: p.level, defaultLevel: p.defaultLevel, description: p.description, url: p.url, tags: p.tags,
        })), null, 2)}\n`
        : listText(policies, displayFor(stdout));
    if (stdout) {
        writeStdout(text);
        return EXIT.ok;
    }
    return deliver(target.to, target.label, text, { warn, stdout: writeStdout }) ? EXIT.ok : EXIT.unwritten;
}
