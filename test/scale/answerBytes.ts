// The size of the pack's last Analyze or AnalyzeStack answer as it came over the wire. The engine
// client hands back decoded objects, so the bytes are counted where the gRPC stub decodes them (it
// looks up AnalyzeResponse.deserializeBinary at every call).
import { AnalyzeResponse } from "@pulumi/pulumi/proto/analyzer_pb";

let last = 0;
const decode = AnalyzeResponse.deserializeBinary;
AnalyzeResponse.deserializeBinary = (bytes: Uint8Array) => {
    last = bytes.length;
    return decode.call(AnalyzeResponse, bytes);
};

/** Bytes of the last AnalyzeResponse this process received (0 before any). */
export const lastAnswerBytes = (): number => last;
