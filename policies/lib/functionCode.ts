// Function code the pack can see in a resource's inputs: the text of assets and the text entries
// of archives. The engine sends an asset as {<sig key>: ASSET_SIG, hash?,
// text | path | uri} and an archive as {<sig key>: ARCHIVE_SIG, hash?,
// assets: {name: asset or archive} | path | uri} (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go,
// MarshalAsset and MarshalArchive; Analyze does not elide asset contents). @pulumi/policy turns
// them into @pulumi/pulumi asset objects whose text is a Promise, which a synchronous rule cannot
// read; so the text is read from the Struct the props came from (engine/sdk/secretMarks' hook).
//
// What is not visible is left alone: files on disk (FileAsset, FileArchive: paths on the machine
// that runs the program, not where the pack runs, and not at all in Pulumi Cloud) and remote URIs.
import type { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { isUnknown } from "./props";
import { isFullyMarked, isSecretStruct, rememberedStruct, signatureOf } from "../../engine/sdk/secretMarks";
import { ARCHIVE_SIG, ASSET_SIG } from "../../engine/wire";

/** Bounds on what is read: archives nested this deep, this many text entries. */
const MAX_DEPTH = 8;
const MAX_ENTRIES = 10_000;

export interface CodeText {
    /** The entry's path in the archive ("" for a single asset). */
    entry: string;
    text: string;
}

export interface Code {
    texts: CodeText[];
    /** The value is unknown during preview. */
    unknown: boolean;
    /** The value is an archive (an asset otherwise, or nothing readable). */
    archive: boolean;
}

const NONE: Code = { texts: [], unknown: false, archive: false };

/** A Struct value with Pulumi secret wrappers opened. */
function opened(value: Value | undefined): Value | undefined {
    let v = value;
    for (let i = 0; v?.hasStructValue() && isSecretStruct(v.getStructValue()!) && i < 4; i++) {
        v = v.getStructValue()!.getFieldsMap().get("value");
    }
    return v;
}

function collect(struct: Struct, entry: string, depth: number, texts: CodeText[]): void {
    const fields = struct.getFieldsMap();
    const sig = signatureOf(struct);
    if (sig === ASSET_SIG) {
        const text = opened(fields.get("text"));
        if (text?.hasStringValue()) {
            texts.push({ entry, text: text.getStringValue() });
        }
    } else if (sig === ARCHIVE_SIG && depth < MAX_DEPTH) {
        const assets = opened(fields.get("assets"));
        assets?.getStructValue()?.getFieldsMap().forEach((value, name) => {
            const inner = opened(value);
            if (texts.length < MAX_ENTRIES && inner?.hasStructValue()) {
                collect(inner.getStructValue()!, entry === "" ? name : `${entry}/${name}`, depth + 1, texts);
            }
        });
    }
}

/** The code at `path` below a resource's props, as the engine sent it. Never throws. */
export function codeAt(props: object, path: readonly string[]): Code {
    if (isFullyMarked(props)) {
        // No asset or archive anywhere in the props: only an unknown to say.
        let value: unknown = props;
        for (const key of path) {
            value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
        }
        return isUnknown(value) ? { ...NONE, unknown: true } : NONE;
    }
    try {
        let value: Value | undefined;
        let struct = rememberedStruct(props);
        for (const key of path) {
            value = opened(struct?.getFieldsMap().get(key));
            struct = value?.hasStructValue() ? value.getStructValue() : undefined;
        }
        if (value?.hasStringValue() && isUnknown(value.getStringValue())) {
            return { ...NONE, unknown: true };
        }
        if (struct === undefined) {
            return NONE;
        }
        const texts: CodeText[] = [];
        collect(struct, "", 0, texts);
        return { texts, unknown: false, archive: signatureOf(struct) === ARCHIVE_SIG };
    } catch {
        return NONE;
    }
}
