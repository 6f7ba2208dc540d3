// A resource's properties as @pulumi/policy's deserializeProperties(struct, false) gives them, in one
// pass over the protobuf Struct. The SDK converts the Struct to JavaScript and then copies the
// result, unwrapping secrets; at Analyze, that pair was the largest part of building a rule's
// arguments (docs/performance.md). Assets, archives and other signatures are left to the SDK, so
// their objects are its own. test/lib/argsOnce.test.ts compares the two on hostile properties.
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { SECRET_SIG, SIG_KEY } from "../wire";

type Deserialize = (properties: Struct, proxySecrets: boolean) => Record<string, unknown>;

const kind = Value.KindCase;

/** The props of `struct`, as `deserialize` (the SDK's) gives them; throws where it would throw, or earlier. */
export function deserializedProps(struct: Struct, deserialize: Deserialize): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    struct.getFieldsMap().forEach((value, key) => {
        out[key] = valueOf(value, deserialize);
    });
    return out;
}

function valueOf(value: Value, deserialize: Deserialize): unknown {
    switch (value.getKindCase()) {
        case kind.NULL_VALUE: return null;
        case kind.NUMBER_VALUE: return value.getNumberValue();
        case kind.STRING_VALUE: return value.getStringValue();
        case kind.BOOL_VALUE: return value.getBoolValue();
        case kind.LIST_VALUE: return value.getListValue()!.getValuesList().map(v => valueOf(v, deserialize));
        case kind.STRUCT_VALUE: return structValueOf(value, deserialize);
        default: throw new Error("a value of no kind");
    }
}

/** An object, or what a signature stands for: a secret's own value; anything else as the SDK makes it. */
function structValueOf(value: Value, deserialize: Deserialize): unknown {
    const struct = value.getStructValue()!;
    const fields = struct.getFieldsMap();
    const sig = fields.get(SIG_KEY);
    if (sig === undefined) {
        return deserializedProps(struct, deserialize);
    }
    const secretValue = fields.get("value");
    if (sig.getKindCase() === kind.STRING_VALUE && sig.getStringValue() === SECRET_SIG && secretValue !== undefined) {
        return valueOf(secretValue, deserialize);
    }
    const wrapper = new Struct();
    wrapper.getFieldsMap().set("value", value);
    return deserialize(wrapper, false).value;
}
