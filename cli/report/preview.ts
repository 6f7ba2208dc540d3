// The demo's display: a stack's findings laid out the way `pulumi preview` lists policy
// violations (pack, then each violation with its level, policy, resource and message), and the
// outcome the preview would have.
import { AuditResult, StackResult, blocks } from "../audit";
import { Paint, wrap } from "../style";
import { groupBy } from "./summary";

export function previewReport(result: AuditResult, stack: StackResult, width: number, paint: Paint): string {
    const pack = `${result.pack.name}@v${result.pack.version}`;
    const mandatory = stack.findings.filter(f => blocks(f.level)).length;
    const out = [
        ...wrap(`${paint("bold", `Previewing ${stack.name}`)} (${stack.source})`, width),
        "",
        paint("bold", "Policies:"),
        `    ${mandatory > 0 ? paint("red", "✖") : paint("green", "✔")} ${pack}`,
    ];
    // By resource, as a preview lists them while it walks the program's resources.
    for (const f of [...groupBy(stack.findings, g => g.resource.urn).values()].flat()) {
        const level = blocks(f.level) ? paint("red", "[mandatory]") : paint("yellow", "[advisory]");
        out.push(...wrap(`- ${level}  ${f.policy}  (${f.resource.type}: ${f.resource.name})`, width, "          ", "        "),
            ...wrap(f.message, width, "          "));
    }
    const advisory = stack.findings.length - mandatory;
    out.push("", ...wrap(mandatory > 0
        ? paint(["bold", "red"], `error: the preview fails: ${mandatory} mandatory policy violations`) +
            ` (and ${advisory} advisory); \`pulumi up\` would stop before creating anything`
        : paint(["bold", "green"], "The preview passes") + (advisory > 0 ? `, with ${advisory} advisory notes` : ": no policy violations"), width, "  ", "  "));
    return `${out.join("\n")}\n`;
}
