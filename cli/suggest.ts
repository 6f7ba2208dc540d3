// "Did you mean ...?" for misspelt names: the closest candidate within a few edits.
import { closest, distance } from "fastest-levenshtein";

/** The candidate nearest to `name`, if it is close enough to be a typo of it. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
    if (candidates.length === 0) {
        return undefined;
    }
    const lower = name.toLowerCase();
    const best = closest(lower, candidates.map(c => c.toLowerCase()));
    const index = candidates.findIndex(c => c.toLowerCase() === best);
    // A third of the name, at least two edits: "aws-lambda-vpc-atached" yes, "aws-foo" no.
    return distance(lower, best) <= Math.max(2, Math.floor(lower.length / 3)) ? candidates[index] : undefined;
}

/** ` (did you mean X?)`, or "" when nothing is close. */
export function didYouMean(name: string, candidates: readonly string[]): string {
    const near = nearest(name, candidates);
    return near ? ` (did you mean ${near}?)` : "";
}
