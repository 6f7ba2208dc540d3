// Which values arrived as Pulumi secrets. @pulumi/policy unwraps secrets before any policy sees
// them; so the pack remembers, for props it read from a request's bytes, each object's keys that
// held a secret (engine/sdk/deserialize's readStruct), and otherwise the protobuf Struct each props
// object came from, where a secret still carries the engine's signature, so a rule can ask.
//
// The hook is the SDK module's export, which its server calls through. If an SDK version stops
// calling it that way, nothing is remembered, and values judge alone whether secret. lib/functionCode
// reads asset text from the same Structs (the SDK turns assets into objects whose text is a Promise).
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { Deserialize } from "./internals";
import { SECRET_SIG, SIG_KEY } from "../wire";

/** Objects read from a request's bytes (engine/sdk/deserialize's readStruct): their keys whose values arrived as secrets. */
const secretKeys = new WeakMap<object, ReadonlySet<string>>();
/** Props read from bytes that hold no asset or archive: every secret in them is marked, no Struct is needed. */
const fullyMarked = new WeakSet<object>();

export function markSecretKeys(object: object, keys: ReadonlySet<string>): void {
    secretKeys.set(object, keys);
}

export function markFully(props: object): void {
    fullyMarked.add(props);
}

/** Whether `props` were read from bytes holding no asset or archive (so neither is below them). */
export const isFullyMarked = (props: object): boolean => fullyMarked.has(props);

/** Each props object's Struct, or how to build it (from the request's bytes, when first asked for). */
const structs = new WeakMap<object, Struct | (() => Struct)>();

export function rememberStruct(props: object, struct: Struct | (() => Struct)): void {
    structs.set(props, struct);
}

/** The Struct `props` was deserialized from, as the engine sent it (lib/functionCode reads assets there). */
export function rememberedStruct(props: object): Struct | undefined {
    const struct = structs.get(props);
    return typeof struct === "function" ? struct() : struct;
}

const hooked = new WeakSet<Deserialize>();

/** From now on, the props the SDK deserializes for policies are remembered with their Struct (once, however often called). */
export function rememberSecretsOnDeserialize(): void {
    const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties?: Deserialize };
    const deserialize = sdk.deserializeProperties;
    if (typeof deserialize !== "function" || hooked.has(deserialize)) {
        return;
    }
    sdk.deserializeProperties = (properties, proxySecrets) => {
        const props = deserialize(properties, proxySecrets);
        // Remediations keep secrets wrapped: nothing to remember.
        if (!proxySecrets && props !== null && typeof props === "object") {
            rememberStruct(props, properties);
        }
        return props;
    };
    hooked.add(sdk.deserializeProperties);
}

/** The engine's signature on a Struct (a secret, an asset, an archive), if it has one. */
export const signatureOf = (struct: Struct) => struct.getFieldsMap().get(SIG_KEY)?.getStringValue();

export const isSecretStruct = (struct: Struct) => signatureOf(struct) === SECRET_SIG;

/**
 * Whether the value at `path` below `props` arrived as a Pulumi secret, or inside one. False when
 * it did not, and when nothing is known of `props` (no hook: the value judges alone).
 */
export function isPulumiSecret(props: object, path: readonly string[]): boolean {
    if (fullyMarked.has(props)) {
        let object: unknown = props;
        for (const key of path) {
            if (object === null || typeof object !== "object" || Array.isArray(object)) {
                return false;
            }
            if (secretKeys.get(object)?.has(key)) {
                return true;
            }
            object = Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
        }
        return false;
    }
    try {
        let struct = rememberedStruct(props);
        for (const key of path) {
            if (!struct || isSecretStruct(struct)) {
                return struct !== undefined;
            }
            const value = struct.getFieldsMap().get(key);
            struct = value?.hasStructValue() ? value.getStructValue() : undefined;
            if (!struct) {
                return false;
            }
        }
        return struct !== undefined && isSecretStruct(struct);
    } catch {
        return false;
    }
}
