// The pack's entry: the Pulumi CLI runs this file. Tests import ./catalog instead, because
// constructing a PolicyPack starts a gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./catalog";
import { deserializeEachResourceOnce } from "./lib/deserializeOnce";

deserializeEachResourceOnce();

new PolicyPack("serverless-guard", {
    displayName: "serverless-guard",
    description: "Blocks serverless functions with wildcard IAM, plaintext secrets, public egress or missing managed identities on AWS, Azure and Google Cloud.",
    policies,
});
