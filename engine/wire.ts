// The Pulumi engine's encodings of special values in resource properties (the `sig` objects and
// unknown sentinels of pulumi/pulumi sdk/go/common/resource/plugin/rpc.go and @pulumi/pulumi
// runtime/rpc.ts). Defined here once, for the pack, its CLI and the engine model.

/** What the engine sends for a value unknown at preview: one sentinel per type (the bridged providers send the string one for all). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
export const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
export const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
export const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";
export const UNKNOWN_ASSET = "030794c1-ac77-496b-92df-f27374a8bd58";
export const UNKNOWN_ARCHIVE = "e48ece36-62e2-4504-bad9-02848725956a";

const unknownSentinels: ReadonlySet<string> = new Set([
    UNKNOWN, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_ASSET, UNKNOWN_ARCHIVE,
]);

/** Whether `value` is one of the engine's unknown sentinels (all are 36-character strings). */
export const isUnknownSentinel = (value: unknown): value is string =>
    typeof value === "string" && value.length === 36 && unknownSentinels.has(value);

/** The key that marks an object as a special value, and the values it takes. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
/** A resource reference: the engine sends policy packs the resource's id (or a component's URN) instead. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** sig.ByteString in a stack export: a string whose bytes are not UTF-8, stored as base64 (deployment feature byteString). */
export const BYTE_STRING_SIG = "803fd3297a5875dc03ca845dda5d2a98";

/** Types the engine gives the root stack resource and provider resources (`pulumi:providers:aws`). */
export const STACK_TYPE = "pulumi:pulumi:Stack";
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

export interface SecretValue<T = unknown> {
    [SIG_KEY]: typeof SECRET_SIG;
    value: T;
}

/** A secret as the engine sends it. `@pulumi/policy` unwraps it: policies see the plain value. */
export function secret<T>(value: T): SecretValue<T> {
    if (value === undefined) {
        throw new Error("secret(undefined): the engine never sends a secret without a value");
    }
    return { [SIG_KEY]: SECRET_SIG, value };
}
