// Building remediated properties without losing secrets.
//
// In Remediate, @pulumi/policy hands out props through proxies that unwrap secrets on read; a
// copy made by reading them ({...props}) would send every secret back as plaintext. So a
// remediation copies the raw objects behind the proxies (which still hold the SDK's Secret
// wrappers) and changes only the path it fixes.
import { Secret } from "@pulumi/policy";
import type { Props } from "./props";
import { proxyTarget } from "../../engine/sdk/internals";


/** The raw object behind any number of the SDK's proxies. */
function raw(value: unknown): unknown {
    let current = value;
    for (let depth = 0; depth < 8 && current !== null && typeof current === "object"; depth++) {
        const target = proxyTarget(current);
        if (target === undefined || target === current) {
            break;
        }
        current = target;
    }
    return current;
}

function setIn(value: unknown, path: readonly string[], leaf: unknown): unknown {
    const current = raw(value);
    if (current instanceof Secret) {
        return new Secret(setIn(current.value, path, leaf));
    }
    if (path.length === 0) {
        return leaf;
    }
    const copy: Record<string, unknown> = current !== null && typeof current === "object" && !Array.isArray(current)
        ? { ...(current as Record<string, unknown>) }
        : {};
    const [key, ...rest] = path;
    copy[key] = setIn(copy[key], rest, leaf);
    return copy;
}

/**
 * A copy of `props` with `path` set to `value`; everything else (secrets included, still wrapped)
 * is the resource's own. Objects on the way are created when absent.
 */
export function withValue(props: Props, path: readonly string[], value: unknown): Props {
    return setIn(props, path, value) as Props;
}
