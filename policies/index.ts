// The pack's entry: the Pulumi CLI runs this file. Tests import ./pack and ./catalog instead,
// because constructing a PolicyPack starts a gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { serveAnalyzer } from "../engine/sdk/argsOnce";
import { rememberSecretsOnDeserialize } from "../engine/sdk/secretMarks";
import { initialConfig, packArgs, packName } from "./pack";

rememberSecretsOnDeserialize();
serveAnalyzer();

new PolicyPack(packName, packArgs, initialConfig);
