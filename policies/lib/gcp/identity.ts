// Which service account a Cloud Run service/job or Cloud Function runs as. Linked through
// propertyDependencies (the email of a new serviceaccount.Account is unknown at preview) and
// through the literal email (accounts created earlier or elsewhere).
import { UNKNOWN, Unknown, read, str } from "../props";
import { GraphResource, StackGraph, addUnique } from "../stackGraph";
import { gcpTypes } from "./types";
import { Path, identityPaths } from "./workloads";

/** Google-managed default accounts a workload falls back to; they carry broad project roles. */
export const defaultServiceAccounts = [
    { kind: "Compute Engine default service account", pattern: /^[0-9]+-compute@developer\.gserviceaccount\.com$/ },
    { kind: "App Engine default service account", pattern: /^[^@\s]+@appspot\.gserviceaccount\.com$/ },
];

/** Emails compare without case and without an IAM member prefix. */
export const normalEmail = (value: string) => value.trim().replace(/^serviceAccount:/i, "").toLowerCase();

export const defaultAccountKind = (email: string) => defaultServiceAccounts.find(d => d.pattern.test(normalEmail(email)))?.kind;

const userManagedDomain = ".iam.gserviceaccount.com";

/** The emails an Account is known by: its outputs once deployed, else accountId@project. */
export function accountEmails(account: GraphResource): string[] {
    const emails: string[] = [];
    const email = str(read(account.props, "email"));
    const member = str(read(account.props, "member"));
    const accountId = str(read(account.props, "accountId"));
    const project = str(read(account.props, "project"));
    for (const value of [email, member]) {
        if (typeof value === "string" && value.includes("@")) {
            emails.push(normalEmail(value));
        }
    }
    if (typeof accountId === "string" && typeof project === "string") {
        emails.push(normalEmail(`${accountId}@${project}${userManagedDomain}`));
    }
    return emails;
}

/** accountId of an Account whose project is left to the provider default (its full email is not derivable). */
const accountIdWithoutProject = (account: GraphResource) => {
    const accountId = str(read(account.props, "accountId"));
    return typeof accountId === "string" && typeof str(read(account.props, "project")) !== "string" ? [accountId.toLowerCase()] : [];
};

/** The in-stack Accounts that `email` names. */
export function accountsByEmail(graph: StackGraph, from: GraphResource, email: string): GraphResource[] {
    const normal = normalEmail(email);
    const found = [...graph.byLiteral(from, gcpTypes.serviceAccount, "email", accountEmails, normal)];
    if (normal.endsWith(userManagedDomain)) {
        addUnique(found, graph.byLiteral(from, gcpTypes.serviceAccount, "accountId-only", accountIdWithoutProject, normal.slice(0, normal.indexOf("@"))));
    }
    return found;
}

export interface Identity {
    path: Path;
    /** The email as written: absent, unknown during preview, or a string. */
    email: string | Unknown | undefined;
    /** In-stack Accounts it resolves to. */
    accounts: GraphResource[];
    /** Every email it is known by (normalised). */
    emails: string[];
}

export function identityOf(graph: StackGraph, workload: GraphResource): Identity {
    const path = identityPaths[workload.type];
    const value = read(workload.props, ...path);
    const email = value === UNKNOWN ? UNKNOWN : str(value);
    const linked = graph.dependenciesOf(workload, path[0], [gcpTypes.serviceAccount]);
    const accounts: GraphResource[] = [];
    if (email === UNKNOWN) {
        addUnique(accounts, linked);
    } else if (typeof email === "string" && email.trim() !== "") {
        addUnique(accounts, accountsByEmail(graph, workload, email));
        // A known email that came from exactly one Account is that Account, whatever its inputs say.
        if (linked.length === 1 && defaultAccountKind(email) === undefined) {
            addUnique(accounts, linked);
        }
    }
    const emails = typeof email === "string" && email.trim() !== "" ? [normalEmail(email)] : [];
    for (const account of accounts) {
        addUnique(emails, accountEmails(account));
    }
    return { path, email, accounts, emails };
}
