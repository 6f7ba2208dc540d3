// Names @pulumi/policy uses privately, which the pack relies on (checked by test/lib/argsOnce.test.ts
// for the SDK version it was proven with, see argsOnce's `provenWith`).
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The SDK's unknown-checking proxy hands out its target under this key, without checking it. */
export const proxyTargetKey = "__getSpecialProxyTarget";

/** The object behind one of the SDK's proxies, or undefined when `value` is not one. */
export function proxyTarget(value: object): unknown {
    try {
        return (value as Record<string, unknown>)[proxyTargetKey];
    } catch {
        return undefined;
    }
}

/**
 * Declares that a validation only applies to resources of `type`: the SDK then skips it for other
 * types without deserializing anything, and answers "not applicable" for it.
 */
export function appliesOnlyTo<F extends Function>(fn: F, type: string): F {
    (fn as unknown as { __pulumiType: string }).__pulumiType = type;
    return fn;
}

/** The SDK's deserializeProperties (its module's export, which its server calls through). */
export type Deserialize = (properties: Struct, proxySecrets: boolean) => Record<string, unknown>;
