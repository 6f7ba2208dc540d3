// The AnalyzeStack request of a whole stack, encoded resource by resource: a request message is the
// concatenation of its repeated fields, so no protobuf object of the whole stack is ever built (at
// 100,000 resources those objects took gigabytes), and each resource is converted only when written.
import * as grpc from "@grpc/grpc-js";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { AnalyzeResult, EngineResource } from "../engine/client/types";
import { analyzerResource, convertAnalyzeResponse } from "../engine/client/encoding";
import { MAX_MESSAGE } from "../engine/client/launch";

/** `resources` (field 1, length-delimited) of AnalyzeStackRequest. */
const RESOURCES_TAG = (1 << 3) | 2;

function varint(n: number): number[] {
    const bytes: number[] = [];
    for (; n > 0x7f; n = Math.floor(n / 0x80)) {
        bytes.push((n & 0x7f) | 0x80);
    }
    bytes.push(n);
    return bytes;
}

/** The AnalyzeStackRequest of `resources`, byte for byte what the client's analyzeStack sends. */
export function analyzeStackRequestBytes(resources: Iterable<EngineResource>): Buffer {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (const resource of resources) {
        const body = analyzerResource(resource).serializeBinary();
        const head = Uint8Array.from([RESOURCES_TAG, ...varint(body.length)]);
        parts.push(head, body);
        total += head.length + body.length;
    }
    return Buffer.concat(parts, total);
}

/** Sends an encoded AnalyzeStackRequest to the pack listening on `port`, on a channel of its own. */
export function analyzeStackEncoded(port: number, request: Buffer): Promise<AnalyzeResult> {
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE,
        "grpc.max_send_message_length": MAX_MESSAGE,
    });
    return new Promise<AnalyzeResult>((resolve, reject) => {
        client.makeUnaryRequest<Buffer, analyzerPb.AnalyzeResponse>(
            "/pulumirpc.Analyzer/AnalyzeStack",
            bytes => bytes,
            bytes => analyzerPb.AnalyzeResponse.deserializeBinary(new Uint8Array(bytes)),
            request,
            (err, resp) => {
                client.close();
                if (err || !resp) {
                    reject(new Error(`AnalyzeStack failed (${err ? grpc.status[err.code] ?? err.code : "no answer"}): ${err?.details || err?.message || ""}`));
                } else {
                    resolve(convertAnalyzeResponse(resp));
                }
            });
    });
}
