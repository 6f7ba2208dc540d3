// Colour and width for text meant for people: colour only on a terminal and never with NO_COLOR
// (https://no-color.org); lines wrapped to the terminal, or to 100 columns in files and logs.
import { stripVTControlCharacters, styleText } from "util";

type Stream = { isTTY?: boolean; columns?: number };

/** FORCE_COLOR (not "0") forces colour, a non-empty NO_COLOR forbids it; otherwise a terminal that is not "dumb". */
export function colorsFor(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
    if (env.NO_COLOR) {
        return false;
    }
    if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") {
        return true;
    }
    return stream.isTTY === true && env.TERM !== "dumb";
}

const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

/** The terminal's width, or DEFAULT_WIDTH off a terminal. */
function widthFor(stream: Stream): number {
    return Math.max(MIN_WIDTH, stream.isTTY && stream.columns ? stream.columns : DEFAULT_WIDTH);
}

/** Width and colour for text going to stdout, or to a file. */
export const displayFor = (toStdout: boolean) => ({
    width: toStdout ? widthFor(process.stdout) : DEFAULT_WIDTH,
    colors: toStdout && colorsFor(process.stdout),
});

export type Paint = (format: Parameters<typeof styleText>[0], text: string) => string;

export const painter = (on: boolean): Paint =>
    // validateStream: false, because whether to colour was decided here (Node >= 22.13 would decide again).
    (format, text) => (on ? styleText(format, text, { validateStream: false }) : text);

/** Text as it may be shown: colour codes kept only where colour is on (the pack's output has its own). */
export const forDisplay = (text: string, colors: boolean) => (colors ? text : stripVTControlCharacters(text));

const visible = (text: string) => stripVTControlCharacters(text).length;

/**
 * `text` wrapped to `width` columns, every line starting with `indent` (the first with `first`):
 * at spaces, and a word longer than a line (a URN) broken where it must be.
 */
export function wrap(text: string, width: number, indent = "", first = indent): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = lines.length === 0 ? first : indent;
        let empty = true;
        const room = () => width - visible(line);
        // Each word with the spaces before it, kept as written within a line.
        for (const [, spaces, found] of paragraph.matchAll(/( *)(\S+)/g)) {
            let word = found;
            let gap = empty ? "" : spaces;
            if (!empty && visible(word) + gap.length > room()) {
                lines.push(line);
                line = indent;
                gap = "";
            }
            line += gap;
            if (visible(word) > room()) {
                word = stripVTControlCharacters(word); // a cut must not split a colour code
            }
            while (word.length > room() && room() > 0) {
                const cut = Math.max(1, room());
                lines.push(line + word.slice(0, cut));
                word = word.slice(cut);
                line = indent;
            }
            line += word;
            empty = false;
        }
        lines.push(line);
    }
    return lines.map(l => l.trimEnd());
}
