// Malformed IAM policy documents, and stacks that attach one to a Lambda function's role.
import fc from "fast-check";
import type { TestResource } from "../harness/args";
import { secret } from "../harness/engine";
import { aws, lambdaTrust, policyJson } from "../fixtures/aws";
import { marker } from "./arbitraries";

const good = { Effect: "Allow", Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/orders" };
const notObjects = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), marker, fc.array(marker, { maxLength: 2 }));
const notStringList = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), marker.map(m => ({ [m]: m })), fc.constant([1]), marker.map(m => [[m]]));

/** A statement AWS would reject. */
const badStatement: fc.Arbitrary<unknown> = fc.oneof(
    notObjects,
    fc.constant({ Action: "s3:GetObject", Resource: "*" }), // no Effect
    fc.oneof(marker, fc.integer(), fc.constant(null), fc.constant(["Allow"])).map(Effect => ({ ...good, Effect })),
    fc.constant({ ...good, NotAction: "s3:*" }),
    fc.constant({ ...good, NotResource: "*" }),
    fc.constant({ Effect: "Allow", Resource: "*" }), // no Action
    notStringList.map(Action => ({ ...good, Action })),
    notStringList.map(Resource => ({ ...good, Resource })),
    fc.oneof(fc.integer(), marker, marker.map(m => ({ [m]: "x" })), fc.constant({ AWS: 5 })).map(Principal => ({ ...good, Principal })),
    fc.oneof(marker, fc.integer(), marker.map(m => ({ StringEquals: m })), marker.map(m => ({ StringEquals: { k: { [m]: m } } }))).map(Condition => ({ ...good, Condition })),
);

/** A document (as JSON text or as an object) AWS would reject; it never judges as unknown. */
export const malformedDocument: fc.Arbitrary<unknown> = fc.oneof(
    // not JSON
    fc.tuple(marker, fc.constantFrom("{", "{\"Statement\": [", "[", "Statement", "{'a': 1}", "")).map(([m, start]) => `${start}${m}`),
    // JSON, but not an object
    fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), marker, fc.array(marker)).map(v => JSON.stringify(v)),
    // no Statement, or Statement of a wrong type
    marker.map(m => JSON.stringify({ Version: "2012-10-17", [m]: m })),
    fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), marker).map(Statement => JSON.stringify({ Version: "2012-10-17", Statement })),
    // a bad statement, alone or among many good ones (huge documents)
    fc.tuple(badStatement, fc.integer({ min: 0, max: 2_000 }), fc.nat()).map(([bad, goods, at]) => {
        const statements: unknown[] = Array.from({ length: goods }, () => good);
        statements.splice(at % (goods + 1), 0, bad);
        return JSON.stringify({ Version: "2012-10-17", Statement: statements });
    }),
).chain(doc => fc.constantFrom(doc, typeof doc === "string" && doc.startsWith("{") ? safeParse(doc) : doc, secret(doc)));

function safeParse(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

export type Placement = "inline" | "rolePolicy" | "attachedPolicy";
export const placement = fc.constantFrom<Placement>("inline", "rolePolicy", "attachedPolicy");

/** A function, its role, and the document where `where` says, linked as the engine links at preview; `holder` declares the document (what a finding is about). */
export function stackWithDocument(document: unknown, where: Placement, suffix = ""): { holder: TestResource; resources: TestResource[] } {
    const read = policyJson({ Effect: "Allow", Action: "logs:CreateLogStream", Resource: "*" });
    const role = aws.role(`fn-role${suffix}`, {
        assumeRolePolicy: lambdaTrust,
        inlinePolicies: [{ name: "inline", policy: where === "inline" ? document as string : read }],
    });
    const resources: TestResource[] = [role];
    let holder = role;
    if (where === "rolePolicy") {
        holder = aws.rolePolicy(`extra${suffix}`, { role: "fn-role", policy: document as string }, { role: [role] });
        resources.push(holder);
    } else if (where === "attachedPolicy") {
        holder = aws.policy(`managed${suffix}`, { policy: document as string });
        resources.push(holder, aws.rolePolicyAttachment(`attach${suffix}`, { role: "fn-role", policyArn: "arn:aws:iam::123456789012:policy/managed" }, { role: [role], policyArn: [holder] }));
    }
    const fn = aws.function(`fn${suffix}`, { role: "arn:aws:iam::123456789012:role/fn-role", runtime: "nodejs22.x" }, { role: [role] });
    resources.push(fn);
    return { holder, resources };
}
