// Action matching: IAM wildcards (`*` any run, `?` one character), case-insensitive, with the
// shared glob matcher. A match is bounded by the compared action's length, which is capped: no
// IAM action is anywhere near `maxActionLength`, and a longer string matches only `*`.

import { compileGlob, matchGlob } from "../../glob";

const maxActionLength = 512;
const iamGlob = { caseInsensitive: true };

/** `strict`: `text` is itself a pattern, which the glob must cover whole (see `matchGlob`). */
function iamMatches(pattern: string, text: string, strict: boolean): boolean {
    const glob = compileGlob(pattern, iamGlob);
    return glob.anything || (text.length <= maxActionLength && matchGlob(glob, text, strict));
}

/** Whether the granted action pattern (e.g. `iam:Put*`, `*`) covers `action`. */
export function actionMatches(granted: string, action: string): boolean {
    return typeof granted === "string" && typeof action === "string" && iamMatches(granted, action, false);
}

/** Whether every action `pattern` grants is also covered by `by` (sound, not complete). */
export function covers(by: string, pattern: string): boolean {
    return iamMatches(by, pattern, true);
}
