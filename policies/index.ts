// The pack's entry: the Pulumi CLI runs this file. Tests import ./pack and ./catalog instead,
// because constructing a PolicyPack starts a gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { deserializeEachResourceOnce } from "./lib/deserializeOnce";
import { initialConfig, packArgs, packName } from "./pack";

deserializeEachResourceOnce();

new PolicyPack(packName, packArgs, initialConfig);
