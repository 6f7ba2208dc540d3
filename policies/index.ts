// The pack's entry: the Pulumi CLI runs this file. Tests import ./pack and ./catalog instead,
// because constructing a PolicyPack starts a gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { initialConfig, packArgs, packName } from "./pack";

new PolicyPack(packName, packArgs, initialConfig);
