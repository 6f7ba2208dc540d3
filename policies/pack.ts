// What the entry hands to PolicyPack, importable without starting a server (tests, scripts).
import type { PolicyPackArgs, PolicyPackConfig } from "@pulumi/policy";
import { policies } from "./catalog";
import { initialConfigOf } from "./lib/config";

export const packName = "serverless-guard";

export const packArgs: PolicyPackArgs = {
    displayName: "serverless-guard",
    description: "Blocks serverless functions with wildcard IAM, plaintext secrets, public egress or missing managed identities on AWS, Azure and Google Cloud.",
    policies,
};

/** Code defaults (levels and config), which a config file or a policy group can override. */
export const initialConfig: PolicyPackConfig = initialConfigOf(policies);
