// @pulumi/policy 1.21 deserializes a resource's properties anew for every policy it runs: in
// AnalyzeStack that is every resource of the stack once per stack policy, the largest cost of the
// pack (see docs/performance.md). Within one request, a resource's properties are one protobuf
// object for all policies, and rules never modify props (they read them through lib/props), so the
// pack deserializes each object once and hands every policy the same result.
//
// It also remembers the Struct behind each result, where Pulumi secrets still carry their
// signature (lib/secretMarks): the only place a policy can learn that a value was a secret.
//
// The hook is the SDK module's export, which its server calls through. If an SDK version stops
// calling it that way, the pack runs without the shortcut, and values judge alone whether secret.

import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { rememberStruct } from "./secretMarks";

type Deserialize = (properties: Struct, proxySecrets: boolean) => Record<string, unknown>;

export function deserializeEachResourceOnce(): void {
    const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties?: Deserialize };
    const deserialize = sdk.deserializeProperties;
    if (typeof deserialize !== "function") {
        return;
    }
    const done = new WeakMap<Struct, Record<string, unknown>>();
    sdk.deserializeProperties = (properties, proxySecrets) => {
        // Remediations get their own, secret-preserving copy, which they may change.
        if (proxySecrets || properties === null || typeof properties !== "object") {
            return deserialize(properties, proxySecrets);
        }
        let props = done.get(properties);
        if (props === undefined) {
            props = deserialize(properties, proxySecrets);
            done.set(properties, props);
            rememberStruct(props, properties);
        }
        return props;
    };
}
