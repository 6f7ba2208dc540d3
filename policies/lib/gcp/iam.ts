// IAM resources in their three forms (member, binding, authoritative policy), read as grants.
import { UNKNOWN, Unknown, items, read, str, strings } from "../props";
import type { Resource } from "../resource";
import { gcpTypes } from "./types";

export type IamForm = "member" | "binding" | "policy";
export type IamLevel = "project" | "folder" | "organisation";

/** Project, folder and organisation IAM resources, by type. */
export const hierarchyIam: Record<string, { level: IamLevel; form: IamForm }> = {
    [gcpTypes.projectIamMember]: { level: "project", form: "member" },
    [gcpTypes.projectIamBinding]: { level: "project", form: "binding" },
    [gcpTypes.projectIamPolicy]: { level: "project", form: "policy" },
    [gcpTypes.folderIamMember]: { level: "folder", form: "member" },
    [gcpTypes.folderIamBinding]: { level: "folder", form: "binding" },
    [gcpTypes.folderIamPolicy]: { level: "folder", form: "policy" },
    [gcpTypes.organizationIamMember]: { level: "organisation", form: "member" },
    [gcpTypes.organizationIamBinding]: { level: "organisation", form: "binding" },
    [gcpTypes.organizationIamPolicy]: { level: "organisation", form: "policy" },
};

/** IAM resources on a Cloud Run service or job or a Cloud Function, by type, with what they grant on. */
export const workloadIam: Record<string, { form: IamForm; on: string }> = {
    [gcpTypes.runIamMember]: { form: "member", on: "Cloud Run service" },
    [gcpTypes.runIamBinding]: { form: "binding", on: "Cloud Run service" },
    [gcpTypes.runIamPolicy]: { form: "policy", on: "Cloud Run service" },
    [gcpTypes.runV2ServiceIamMember]: { form: "member", on: "Cloud Run service" },
    [gcpTypes.runV2ServiceIamBinding]: { form: "binding", on: "Cloud Run service" },
    [gcpTypes.runV2ServiceIamPolicy]: { form: "policy", on: "Cloud Run service" },
    [gcpTypes.runV2JobIamMember]: { form: "member", on: "Cloud Run job" },
    [gcpTypes.runV2JobIamBinding]: { form: "binding", on: "Cloud Run job" },
    [gcpTypes.runV2JobIamPolicy]: { form: "policy", on: "Cloud Run job" },
    [gcpTypes.functionIamMember]: { form: "member", on: "Cloud Function" },
    [gcpTypes.functionIamBinding]: { form: "binding", on: "Cloud Function" },
    [gcpTypes.functionIamPolicy]: { form: "policy", on: "Cloud Function" },
    [gcpTypes.functionV2IamMember]: { form: "member", on: "Cloud Function" },
    [gcpTypes.functionV2IamBinding]: { form: "binding", on: "Cloud Function" },
    [gcpTypes.functionV2IamPolicy]: { form: "policy", on: "Cloud Function" },
};

/** The property that names the members of each form (the key of its propertyDependencies). */
export const membersProperty: Record<IamForm, string> = { member: "member", binding: "members", policy: "policyData" };

/** One role given to some members, as far as known at this point. */
export interface Grant {
    role: string | Unknown;
    members: string[];
    /** Some members are unknown during preview. */
    membersUnknown: boolean;
    /** Where in the resource, for messages: "member", "members", "binding #2 of policyData". */
    where: string;
}

function parsePolicy(policyData: string): unknown {
    try {
        return JSON.parse(policyData);
    } catch {
        return undefined;
    }
}

/**
 * The grants an IAM resource makes. UNKNOWN when its policyData is unknown during preview; no grants
 * for malformed input (the provider rejects it before anything is granted).
 */
export function grantsOf(resource: Resource, form: IamForm): Grant[] | Unknown {
    const role = (value: unknown) => {
        const r = str(value);
        return r === UNKNOWN ? UNKNOWN : r ?? "";
    };
    if (form === "member") {
        const member = str(read(resource.props, "member"));
        return [{
            role: role(read(resource.props, "role")),
            members: typeof member === "string" ? [member] : [],
            membersUnknown: member === UNKNOWN,
            where: "member",
        }];
    }
    if (form === "binding") {
        const { values, unknown } = strings(read(resource.props, "members"));
        return [{ role: role(read(resource.props, "role")), members: values, membersUnknown: unknown, where: "members" }];
    }
    const policyData = str(read(resource.props, "policyData"));
    if (policyData === UNKNOWN) {
        return UNKNOWN;
    }
    const policy = typeof policyData === "string" ? parsePolicy(policyData) : undefined;
    return items(read(policy, "bindings")).map((binding, i) => {
        const { values, unknown } = strings(read(binding, "members"));
        return { role: role(read(binding, "role")), members: values, membersUnknown: unknown, where: `binding #${i + 1} of policyData` };
    });
}
