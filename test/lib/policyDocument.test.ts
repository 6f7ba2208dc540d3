import assert from "node:assert/strict";

import { UNKNOWN } from "../../policies/lib/props";
import {
    actionMatches,
    defaultAcceptedWildcardActions,
    escalationCombinations,
    fullWildcardGrants,
    isMalformed,
    isPolicyDocument,
    Malformed,
    notActionOrResourceAllows,
    parsePolicyDocument,
    PolicyDocument,
    privilegeEscalations,
    publicPrincipals,
    serviceWildcardGrants,
    unconditionedResourceWildcards,
} from "../../policies/lib/aws/policyDocument";

const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const unknownArray = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
const tableArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
const marker = "SECRET-MARKER-7f3a"; // must never appear in a reason

function doc(...statements: object[]): PolicyDocument {
    const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements });
    assert.ok(isPolicyDocument(parsed), `expected a document, got ${JSON.stringify(parsed)}`);
    return parsed;
}

function allow(action: unknown, resource: unknown = "*", extra: object = {}): object {
    return { Effect: "Allow", Action: action, Resource: resource, ...extra };
}

function reason(input: unknown): string {
    const parsed = parsePolicyDocument(input);
    assert.ok(isMalformed(parsed), `expected Malformed, got ${JSON.stringify(parsed)}`);
    assert.ok(!parsed.malformed.includes(marker), "the reason quotes the input");
    return (parsed as Malformed).malformed;
}

/** The escalations of documents named "doc 1", "doc 2"... */
const escalations = (docs: readonly unknown[], reportedAsBroader?: (source: string, index: number) => boolean) =>
    privilegeEscalations(docs.map((doc, i) => ({ source: `doc ${i + 1}`, doc: doc as PolicyDocument })), reportedAsBroader);

const names = (docs: PolicyDocument[]): string[] => escalations(docs).map(f => f.name);

describe("lib/aws/policyDocument", () => {
    describe("parsePolicyDocument", () => {
        it("reads JSON text and objects alike", () => {
            const object = { Version: "2012-10-17", Statement: [allow("s3:GetObject", "arn:aws:s3:::b/*")] };
            assert.deepEqual(parsePolicyDocument(JSON.stringify(object)), parsePolicyDocument(object));
            const parsed = doc(allow("s3:GetObject", "arn:aws:s3:::b/*"));
            assert.equal(parsed.version, "2012-10-17");
            assert.deepEqual(parsed.statements[0], {
                index: 0, effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"],
                hasCondition: false, conditionUnknown: false, conditions: [], unknown: false, unknownFields: [],
            });
        });

        it("takes Statement as an object or a list, and single values or lists", () => {
            const single = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } });
            const listed = parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }] });
            assert.deepEqual(single, listed);
            const d = doc({ Effect: "Deny", NotAction: ["iam:*", "sts:*"], NotResource: "arn:aws:s3:::b" });
            assert.deepEqual(d.statements[0].notActions, ["iam:*", "sts:*"]);
            assert.deepEqual(d.statements[0].notResources, ["arn:aws:s3:::b"]);
            assert.equal(d.statements[0].effect, "Deny");
        });

        it("accepts an empty Statement list", () => {
            assert.deepEqual(parsePolicyDocument({ Statement: [] }), { statements: [], unknown: false });
        });

        it("normalises every principal form", () => {
            const d = doc(
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: "*" },
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } },
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: ["arn:aws:iam::123456789012:root", "111122223333"] } },
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] } },
                { Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "cognito-identity.amazonaws.com" } },
                { Effect: "Allow", Action: "s3:GetObject", Principal: { CanonicalUser: "79a59df900b949e55d96a1e698fbaced" } },
                { Effect: "Deny", Action: "sts:AssumeRole", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } },
            );
            const [star, awsStar, aws, service, federated, canonical, not] = d.statements;
            assert.deepEqual(star.principals, [{ type: "*", id: "*" }]);
            assert.deepEqual(awsStar.principals, [{ type: "AWS", id: "*" }]);
            assert.deepEqual(aws.principals?.map(p => p.type), ["AWS", "AWS"]);
            assert.deepEqual(service.principals, [
                { type: "Service", id: "lambda.amazonaws.com" }, { type: "Service", id: "edgelambda.amazonaws.com" },
            ]);
            assert.equal(federated.principals?.[0].type, "Federated");
            assert.equal(canonical.principals?.[0].type, "CanonicalUser");
            assert.deepEqual(not.notPrincipals, [{ type: "AWS", id: "arn:aws:iam::123456789012:root" }]);
        });

        it("records conditions by operator and key, without values", () => {
            const d = doc(allow("s3:GetObject", "*", {
                Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] }, StringLike: { "aws:SourceArn": "*" }, Bool: { "aws:SecureTransport": true } },
            }));
            const s = d.statements[0];
            assert.equal(s.hasCondition, true);
            assert.equal(s.conditionUnknown, false);
            assert.deepEqual(s.conditions, [
                { operator: "StringEquals", key: "aws:SourceAccount", anyValue: false, unknown: false },
                { operator: "StringLike", key: "aws:SourceArn", anyValue: true, unknown: false },
                { operator: "Bool", key: "aws:SecureTransport", anyValue: false, unknown: false },
            ]);
            assert.equal(JSON.stringify(s).includes("123456789012"), false);
            assert.equal(doc(allow("s3:GetObject", "*", { Condition: {} })).statements[0].hasCondition, false);
        });

        it("keeps plain Sids only", () => {
            const d = doc(allow("s3:GetObject", "*", { Sid: "ReadObjects1" }), allow("s3:GetObject", "*", { Sid: `has space ${marker}` }));
            assert.equal(d.statements[0].sid, "ReadObjects1");
            assert.equal(d.statements[1].sid, undefined);
        });

        it("reads Effect in any casing", () => {
            assert.equal(doc(allow("s3:*", "*", { Effect: "allow" })).statements[0].effect, "Allow");
        });

        it("opens Pulumi's secret wrapper; an encrypted one is unknown", () => {
            const plain = { Statement: [allow("s3:*")] };
            const wrapped = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: JSON.stringify(plain) };
            assert.deepEqual(parsePolicyDocument(wrapped), parsePolicyDocument(plain));
            assert.equal(parsePolicyDocument({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "x" }), UNKNOWN);
        });
    });

    describe("unknown values", () => {
        it("a whole unknown document or Statement list is UNKNOWN", () => {
            assert.equal(parsePolicyDocument(unknownString), UNKNOWN);
            assert.equal(parsePolicyDocument(UNKNOWN), UNKNOWN);
            assert.equal(parsePolicyDocument({ Statement: unknownArray }), UNKNOWN);
            assert.equal(parsePolicyDocument(JSON.stringify({ Statement: unknownString })), UNKNOWN);
        });

        it("an unknown Resource marks the statement, and keeps what is known", () => {
            const d = doc(allow("dynamodb:GetItem", [tableArn, unknownString]));
            assert.equal(d.unknown, true);
            assert.equal(d.statements[0].unknown, true);
            assert.deepEqual(d.statements[0].unknownFields, ["Resource"]);
            assert.deepEqual(d.statements[0].resources, [tableArn]);
            const whole = doc(allow("dynamodb:GetItem", unknownString));
            assert.deepEqual(whole.statements[0].resources, []);
            assert.deepEqual(whole.statements[0].unknownFields, ["Resource"]);
        });

        it("an unknown statement or Effect leaves that statement out and marks the document", () => {
            const d = parsePolicyDocument({ Statement: [unknownString, { Effect: unknownString, Action: "*", Resource: "*" }, allow("s3:GetObject", tableArn)] });
            assert.ok(isPolicyDocument(d));
            assert.equal(d.unknown, true);
            assert.deepEqual(d.statements.map(s => s.index), [2]);
            assert.deepEqual(fullWildcardGrants(d), []);
        });

        it("an unknown Condition, operator block or value is recorded", () => {
            const whole = doc(allow("s3:GetObject", "*", { Condition: unknownString })).statements[0];
            assert.deepEqual([whole.hasCondition, whole.conditionUnknown, whole.unknownFields], [true, true, ["Condition"]]);
            const block = doc(allow("s3:GetObject", "*", { Condition: { StringEquals: unknownString } })).statements[0];
            assert.deepEqual([block.hasCondition, block.conditionUnknown], [true, true]);
            const value = doc(allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:SourceAccount": unknownString } } })).statements[0];
            assert.deepEqual([value.hasCondition, value.conditionUnknown, value.conditions[0].unknown], [true, true, true]);
        });

        it("unknown actions and principals yield no findings", () => {
            const d = doc(
                allow(unknownString),
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: unknownString },
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: [unknownString] } },
            );
            assert.equal(d.unknown, true);
            assert.deepEqual(fullWildcardGrants(d), []);
            assert.deepEqual(unconditionedResourceWildcards(d), []);
            assert.deepEqual(publicPrincipals(d), []);
            assert.deepEqual(escalations([d]), []);
        });

        it("analyses return nothing for UNKNOWN or Malformed", () => {
            for (const input of [UNKNOWN, { malformed: "x" }] as const) {
                assert.deepEqual(fullWildcardGrants(input), []);
                assert.deepEqual(serviceWildcardGrants(input), []);
                assert.deepEqual(notActionOrResourceAllows(input), []);
                assert.deepEqual(publicPrincipals(input), []);
                assert.deepEqual(unconditionedResourceWildcards(input), []);
                assert.deepEqual(escalations([input]), []);
            }
        });
    });

    describe("malformed documents", () => {
        const cases: [string, unknown, RegExp][] = [
            ["invalid JSON", `{"Statement": [${marker}`, /not valid JSON/],
            ["a JSON string", JSON.stringify(marker), /not a JSON object/],
            ["a list", [allow("*")], /not a JSON object/],
            ["null", null, /not a JSON object/],
            ["a number", 42, /not a JSON object/],
            ["no Statement", { Version: "2012-10-17" }, /has no Statement/],
            ["Statement: null", { Statement: null }, /Statement is not a list or object/],
            ["Statement: 42", { Statement: 42 }, /Statement is not a list or object/],
            ["Statement: a string", { Statement: marker }, /Statement is not a list or object/],
            ["a statement that is not an object", { Statement: [allow("s3:*"), marker] }, /statement 2 is not an object/],
            ["Effect missing", { Statement: [allow("s3:*"), { Action: "s3:*", Resource: "*" }] }, /statement 2 has no Effect/],
            ["Effect invalid", { Statement: [{ Effect: marker, Action: "s3:*", Resource: "*" }] }, /statement 1 has an invalid Effect/],
            ["Action a number", { Statement: [allow(42)] }, /statement 1 Action is not a string or list of strings/],
            ["Action with an object", { Statement: [allow(["s3:GetObject", { a: marker }])] }, /statement 1 Action is not/],
            ["Action null", { Statement: [allow(null)] }, /statement 1 Action is not/],
            ["Resource a number", { Statement: [allow("s3:*", 7)] }, /statement 1 Resource is not/],
            ["no Action", { Statement: [{ Effect: "Allow", Resource: "*" }] }, /statement 1 has no Action or NotAction/],
            ["Action and NotAction", { Statement: [allow("s3:*", "*", { NotAction: "iam:*" })] }, /statement 1 has both Action and NotAction/],
            ["Resource and NotResource", { Statement: [allow("s3:*", "*", { NotResource: "x" })] }, /has both Resource and NotResource/],
            ["Principal a string other than *", { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: marker }] }, /statement 1 Principal is not/],
            ["Principal of an unsupported type", { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { [marker]: "x" } }] }, /Principal is not/],
            ["Principal with a number", { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: 123 } }] }, /Principal is not/],
            ["NotPrincipal a list", { Statement: [{ Effect: "Deny", Action: "sts:AssumeRole", NotPrincipal: [marker] }] }, /NotPrincipal is not/],
            ["Condition a string", { Statement: [allow("s3:*", "*", { Condition: marker })] }, /statement 1 Condition is not/],
            ["Condition block a string", { Statement: [allow("s3:*", "*", { Condition: { StringEquals: marker } })] }, /Condition is not/],
            ["Condition value an object", { Statement: [allow("s3:*", "*", { Condition: { StringEquals: { k: { v: marker } } } })] }, /Condition is not/],
        ];
        for (const [name, input, expected] of cases) {
            it(`${name} is Malformed with a reason`, () => {
                assert.match(reason(input), expected);
                if (typeof input !== "string") {
                    assert.match(reason(JSON.stringify(input)), expected); // same as JSON text
                }
            });
        }

        it("never throws, whatever the input", () => {
            const throwing = new Proxy({}, { get: () => { throw new Error(marker); }, has: () => { throw new Error(marker); } });
            const getter = { get Statement(): unknown { throw new Error(marker); } };
            const cyclic: Record<string, unknown> = { Effect: "Allow", Resource: "*" };
            cyclic.Action = [cyclic];
            for (const input of [undefined, 0, true, Symbol("x"), BigInt(1), () => 1, throwing, getter, { Statement: [cyclic] }, ""]) {
                const parsed = parsePolicyDocument(input);
                assert.ok(isMalformed(parsed), String(typeof input));
                assert.ok(!parsed.malformed.includes(marker));
            }
        });

        it("analyses never throw on junk", () => {
            for (const junk of [undefined, null, 42, "x", {}, { statements: null }, []] as unknown as PolicyDocument[]) {
                assert.deepEqual(fullWildcardGrants(junk), []);
                assert.deepEqual(serviceWildcardGrants(junk), []);
                assert.deepEqual(notActionOrResourceAllows(junk), []);
                assert.deepEqual(publicPrincipals(junk), []);
                assert.deepEqual(unconditionedResourceWildcards(junk, null as unknown as string[]), []);
                assert.deepEqual(escalations([junk]), []);
                assert.deepEqual(privilegeEscalations(junk as unknown as []), []);
            }
            assert.equal(actionMatches(undefined as unknown as string, "s3:GetObject"), false);
            assert.equal(actionMatches("*", 42 as unknown as string), false);
        });
    });

    describe("actionMatches", () => {
        const cases: [string, string, boolean][] = [
            ["s3:GetObject", "s3:GetObject", true],
            ["S3:getobject", "s3:GetObject", true],
            ["s3:GetObject", "s3:GetObjectAcl", false],
            ["iam:Pass", "iam:PassRole", false],
            ["iam:Put*", "iam:PutRolePolicy", true],
            ["iam:Put*", "iam:GetRole", false],
            ["iam:*Policy", "iam:PutRolePolicy", true],
            ["iam:*Policy", "iam:PutRolePolicyX", false],
            ["iam:*Role*", "iam:PassRole", true],
            ["*", "iam:PassRole", true],
            ["*:*", "iam:PassRole", true],
            ["**", "anything", true],
            ["iam:?assRole", "iam:PassRole", true],
            ["iam:?assRole", "iam:assRole", false],
            ["iam:Pass????", "iam:PassRole", true],
            ["iam:Pass?????", "iam:PassRole", false],
            ["*:PassRole", "iam:PassRole", true],
            ["lambda:*Function*", "lambda:UpdateFunctionCode", true],
            ["a*b*c", "abc", true],
            ["a*b*c", "acb", false],
            ["a*a*a", "aa", false],
            ["", "", true],
            ["", "s3:GetObject", false],
        ];
        for (const [granted, action, expected] of cases) {
            it(`${granted} ${expected ? "grants" : "does not grant"} ${action}`, () => {
                assert.equal(actionMatches(granted, action), expected);
            });
        }
    });

    describe("fullWildcardGrants", () => {
        it("finds Action * on Resource *, and on a narrower resource", () => {
            assert.deepEqual(fullWildcardGrants(doc(allow("*", "*", { Sid: "Admin" }))), [{ index: 0, sid: "Admin", anyResource: true }]);
            assert.deepEqual(fullWildcardGrants(doc(allow(["s3:GetObject", "*"], tableArn))), [{ index: 0, anyResource: false }]);
            assert.deepEqual(fullWildcardGrants(doc(allow("*:*", ["*"]))), [{ index: 0, anyResource: true }]);
        });

        it("ignores specific actions, service wildcards and Deny", () => {
            assert.deepEqual(fullWildcardGrants(doc(allow("dynamodb:GetItem", tableArn))), []);
            assert.deepEqual(fullWildcardGrants(doc(allow("s3:*"))), []);
            assert.deepEqual(fullWildcardGrants(doc({ Effect: "Deny", Action: "*", Resource: "*" })), []);
        });
    });

    describe("serviceWildcardGrants", () => {
        it("lists the services granted in full", () => {
            assert.deepEqual(serviceWildcardGrants(doc(allow("s3:*"))), [{ index: 0, services: ["s3"], anyResource: true }]);
            const d = doc(allow("dynamodb:GetItem", tableArn), allow(["S3:*", "iam:*", "s3:*", "sqs:SendMessage"], "arn:aws:s3:::b"));
            assert.deepEqual(serviceWildcardGrants(d), [{ index: 1, services: ["s3", "iam"], anyResource: false }]);
        });

        it("ignores narrower wildcards, full wildcards and Deny", () => {
            assert.deepEqual(serviceWildcardGrants(doc(allow(["s3:Get*", "dynamodb:GetItem"]))), []);
            assert.deepEqual(serviceWildcardGrants(doc(allow("*"))), []);
            assert.deepEqual(serviceWildcardGrants(doc({ Effect: "Deny", Action: "iam:*", Resource: "*" })), []);
        });
    });

    describe("notActionOrResourceAllows", () => {
        it("finds Allow with NotAction or NotResource", () => {
            assert.deepEqual(notActionOrResourceAllows(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), [
                { index: 0, notAction: true, notResource: false },
            ]);
            assert.deepEqual(notActionOrResourceAllows(doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/*" })), [
                { index: 0, notAction: false, notResource: true },
            ]);
            assert.equal(notActionOrResourceAllows(doc({ Effect: "Allow", NotAction: unknownString, Resource: "*" })).length, 1);
        });

        it("ignores Deny with NotAction and plain Allows", () => {
            assert.deepEqual(notActionOrResourceAllows(doc({ Effect: "Deny", NotAction: "s3:*", Resource: "*" })), []);
            assert.deepEqual(notActionOrResourceAllows(doc(allow("s3:GetObject", "arn:aws:s3:::b/*"))), []);
        });
    });

    describe("publicPrincipals", () => {
        const trust = (principal: unknown, extra: object = {}): PolicyDocument =>
            doc({ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal, ...extra });

        it("finds * and {AWS: *}, also within lists, and NotPrincipal", () => {
            assert.deepEqual(publicPrincipals(trust("*")), [{ index: 0, principal: "*", conditionUnknown: false }]);
            assert.deepEqual(publicPrincipals(trust({ AWS: "*" })), [{ index: 0, principal: "AWS:*", conditionUnknown: false }]);
            assert.equal(publicPrincipals(trust({ AWS: ["arn:aws:iam::123456789012:root", "*"] }))[0].principal, "AWS:*");
            assert.equal(publicPrincipals(trust({ Service: "lambda.amazonaws.com", AWS: "*" })).length, 1);
            assert.deepEqual(publicPrincipals(doc({ Effect: "Allow", Action: "sts:AssumeRole", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } })), [
                { index: 0, principal: "NotPrincipal", conditionUnknown: false },
            ]);
            assert.equal(publicPrincipals(JSON.stringify({ Statement: { Effect: "Allow", Action: "sts:AssumeRole", Principal: "*" } }) as never).length, 0); // text must be parsed first
        });

        it("ignores service, account and federated principals, and Deny", () => {
            assert.deepEqual(publicPrincipals(trust({ Service: "lambda.amazonaws.com" })), []);
            assert.deepEqual(publicPrincipals(trust({ AWS: "arn:aws:iam::123456789012:root" })), []);
            assert.deepEqual(publicPrincipals(trust({ Federated: "cognito-identity.amazonaws.com" })), []);
            assert.deepEqual(publicPrincipals(doc({ Effect: "Deny", Action: "sts:AssumeRole", Principal: "*" })), []);
        });

        it("a condition on the caller's account, organisation, source or external id makes it not public", () => {
            for (const [operator, key] of [
                ["StringEquals", "aws:PrincipalOrgID"],
                ["StringEquals", "aws:SourceAccount"],
                ["StringEquals", "sts:ExternalId"],
                ["ArnLike", "aws:SourceArn"],
                ["ForAnyValue:StringLike", "aws:PrincipalOrgPaths"],
                ["stringequals", "AWS:PRINCIPALACCOUNT"],
            ]) {
                const condition = { Condition: { [operator]: { [key]: "o-abc123" } } };
                assert.deepEqual(publicPrincipals(trust("*", condition)), [], `${operator} ${key}`);
            }
            const unknownValue = { Condition: { StringEquals: { "aws:SourceAccount": unknownString } } };
            assert.deepEqual(publicPrincipals(trust({ AWS: "*" }, unknownValue)), []);
        });

        it("conditions that do not restrict the caller leave it public", () => {
            for (const condition of [
                { StringNotEquals: { "aws:SourceAccount": "123456789012" } },
                { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } },
                { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } },
                { StringLike: { "aws:PrincipalOrgID": "*" } },
                { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
                { Bool: { "aws:SecureTransport": "true" } },
            ]) {
                assert.equal(publicPrincipals(trust("*", { Condition: condition })).length, 1, JSON.stringify(condition));
            }
        });

        it("an unknown Condition is reported as such", () => {
            assert.deepEqual(publicPrincipals(trust("*", { Condition: unknownString })), [{ index: 0, principal: "*", conditionUnknown: true }]);
        });
    });

    describe("unconditionedResourceWildcards", () => {
        it("accepts the Lambda basic, VPC and X-Ray actions on *", () => {
            const d = doc(
                allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]),
                allow(["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]),
                allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]),
                allow(["LOGS:putlogevents"]),
            );
            assert.deepEqual(unconditionedResourceWildcards(d), []);
            assert.ok(defaultAcceptedWildcardActions.includes("ec2:DescribeVpcs"));
        });

        it("finds other actions on *", () => {
            const d = doc(allow(["logs:PutLogEvents", "dynamodb:GetItem", "s3:GetObject", "dynamodb:GetItem"], ["*"], { Sid: "Data" }));
            assert.deepEqual(unconditionedResourceWildcards(d), [{ index: 0, sid: "Data", actions: ["dynamodb:GetItem", "s3:GetObject"] }]);
        });

        it("a wildcard is accepted only when an accepted pattern covers all of it", () => {
            assert.deepEqual(unconditionedResourceWildcards(doc(allow("logs:*")))[0].actions, ["logs:*"]);
            assert.deepEqual(unconditionedResourceWildcards(doc(allow("logs:Put*")))[0].actions, ["logs:Put*"]);
            const d = doc(allow(["ec2:DescribeInstances", "ec2:Describe*", "ec2:Describe?mages", "ec2:RunInstances"]));
            assert.deepEqual(unconditionedResourceWildcards(d, ["ec2:Describe*"])[0].actions, ["ec2:RunInstances"]);
            // `?` accepts one character, never the run a granted `*` stands for
            assert.deepEqual(unconditionedResourceWildcards(doc(allow(["s3:GetObjec?", "s3:GetObjec*"])), ["s3:GetObjec?"])[0].actions, ["s3:GetObjec*"]);
            assert.deepEqual(unconditionedResourceWildcards(doc(allow("s3:GetObject")), ["S3:GETOBJECT"]), []);
        });

        it("ignores specific resources, conditions, Deny and NotAction", () => {
            assert.deepEqual(unconditionedResourceWildcards(doc(allow("dynamodb:GetItem", tableArn))), []);
            assert.deepEqual(unconditionedResourceWildcards(doc(allow("s3:GetObject", "arn:aws:s3:::*"))), []);
            assert.deepEqual(unconditionedResourceWildcards(doc(allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } } }))), []);
            assert.deepEqual(unconditionedResourceWildcards(doc(allow("s3:GetObject", "*", { Condition: unknownString }))), []);
            assert.deepEqual(unconditionedResourceWildcards(doc({ Effect: "Deny", Action: "s3:*", Resource: "*" })), []);
            assert.deepEqual(unconditionedResourceWildcards(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), []);
        });
    });

    describe("privilegeEscalations", () => {
        it("the table has unique kebab-case names and needs", () => {
            const all = escalationCombinations.map(c => c.name);
            assert.equal(new Set(all).size, all.length);
            for (const c of escalationCombinations) {
                assert.match(c.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
                assert.ok(c.needs.length > 0 && c.needs.every(n => n.anyOf.length > 0));
            }
        });

        it("finds PassRole + CreateFunction + a way to run it, across documents", () => {
            const a = doc(allow("iam:PassRole", "arn:aws:iam::123456789012:role/worker"));
            const b = doc(allow(["lambda:CreateFunction", "lambda:InvokeFunction"], "*"));
            assert.deepEqual(escalations([a, b]), [{
                name: "passrole-lambda-create-function",
                grants: [{ action: "iam:PassRole", source: "doc 1" }, { action: "lambda:CreateFunction", source: "doc 2" }, { action: "lambda:InvokeFunction", source: "doc 2" }],
            }]);
            const eventSource = doc(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"]));
            assert.deepEqual(names([eventSource]), ["passrole-lambda-create-function"]);
        });

        it("leaves out what one statement a broader finding reports allows on its own, not what it allows with others", () => {
            const all = doc(allow("*"));
            assert.ok(escalations([all]).length > 20, "Action * allows every path");
            assert.deepEqual(escalations([all], (source, index) => source === "doc 1" && index === 0), []);
            const iamAll = doc(allow("iam:*"));
            const lambda = doc(allow(["lambda:CreateFunction", "lambda:InvokeFunction"]));
            const broader = (source: string) => source === "doc 1";
            assert.ok(names([iamAll]).some(n => n.startsWith("iam-")), "iam:* allows the iam paths");
            const remaining = escalations([iamAll, lambda], broader).map(e => e.name);
            assert.deepEqual(remaining, ["passrole-lambda-create-function"], "only the path that needs both documents stays");
        });

        it("a partial combination is not an escalation", () => {
            assert.deepEqual(escalations([doc(allow(["iam:PassRole", "lambda:CreateFunction"]))]), []);
            assert.deepEqual(escalations([doc(allow(["lambda:CreateFunction", "lambda:InvokeFunction"]))]), []);
            assert.deepEqual(escalations([doc(allow("dynamodb:GetItem", tableArn))]), []);
            assert.deepEqual(escalations([]), []);
        });

        it("finds single-action escalations and other PassRole pairs", () => {
            assert.deepEqual(names([doc(allow("lambda:UpdateFunctionCode", "arn:aws:lambda:eu-west-1:123456789012:function:f"))]), ["lambda-update-function-code"]);
            assert.deepEqual(names([doc(allow(["IAM:PASSROLE", "lambda:updatefunctionconfiguration"]))]), ["passrole-lambda-update-configuration"]);
            assert.deepEqual(names([doc(allow(["iam:PassRole", "ec2:RunInstances"]))]), ["passrole-ec2-run-instances"]);
            assert.deepEqual(names([doc(allow("iam:CreateAccessKey"))]), ["iam-create-access-key"]);
            assert.deepEqual(names([doc(allow("iam:UpdateAssumeRolePolicy"))]), ["iam-update-assume-role-policy"]);
        });

        it("wildcards grant what they match", () => {
            assert.deepEqual(names([doc(allow("iam:Put*"))]), [
                "iam-put-user-policy", "iam-put-group-policy", "iam-put-role-policy", "iam-change-permissions-boundary",
            ]);
            assert.deepEqual(names([doc(allow("iam:*Role*Policy"))]), ["iam-attach-role-policy", "iam-put-role-policy", "iam-update-assume-role-policy"]);
            assert.deepEqual(names([doc(allow("*"))]), escalationCombinations.map(c => c.name));
            assert.deepEqual(names([doc(allow("lambda:*"))]), ["lambda-update-function-code"]);
        });

        it("a NotAction Allow grants everything it does not list", () => {
            const found = names([doc({ Effect: "Allow", NotAction: ["iam:*", "sts:*"], Resource: "*" })]);
            assert.ok(found.includes("lambda-update-function-code"));
            assert.ok(found.includes("glue-update-dev-endpoint"));
            assert.ok(!found.some(n => n.startsWith("iam-") || n.startsWith("passrole-") || n.startsWith("sts-")));
            assert.deepEqual(names([doc({ Effect: "Allow", NotAction: ["s3:*", unknownString], Resource: "*" })]), []);
        });

        it("sts:AssumeRole counts on every role only", () => {
            assert.deepEqual(names([doc(allow("sts:AssumeRole", "arn:aws:iam::123456789012:role/reader"))]), []);
            assert.deepEqual(names([doc(allow("sts:AssumeRole", "*"))]), ["sts-assume-any-role"]);
            assert.deepEqual(names([doc(allow("sts:AssumeRole", "arn:aws:iam::*:role/*"))]), ["sts-assume-any-role"]);
            assert.deepEqual(names([doc(allow("sts:AssumeRole", "*", { Condition: { StringEquals: { "aws:ResourceTag/team": "a" } } }))]), ["sts-assume-any-role"]);
        });

        it("an unconditioned Deny on Resource * cancels the action; other Denies do not", () => {
            const grant = doc(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction", "iam:PutRolePolicy"]));
            assert.deepEqual(names([grant, doc({ Effect: "Deny", Action: "iam:PassRole", Resource: "*" })]), ["iam-put-role-policy"]);
            assert.deepEqual(names([grant, doc({ Effect: "Deny", Action: "iam:*", Resource: "*" })]), []);
            assert.deepEqual(names([grant, doc({ Effect: "Deny", NotAction: ["iam:PassRole", "lambda:*"], Resource: "*" })]), ["passrole-lambda-create-function"]);
            const full = ["passrole-lambda-create-function", "iam-put-role-policy"].sort();
            const conditioned = doc({ Effect: "Deny", Action: "iam:PassRole", Resource: "*", Condition: { StringNotEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } });
            assert.deepEqual(names([grant, conditioned]).sort(), full);
            const narrow = doc({ Effect: "Deny", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/admin" });
            assert.deepEqual(names([grant, narrow]).sort(), full);
        });
    });

    describe("adversarial input", () => {
        // Guards against catastrophic (exponential or quadratic) matching, not a timing assertion:
        // the work here takes milliseconds; a backtracking matcher would take minutes.
        const starry = "*a".repeat(50_000); // 100,000 characters, 50,000 `*`

        it("analyses a 100,000-character action with many * in linear time", function () {
            this.timeout(10_000);
            const text = JSON.stringify({ Statement: [allow([starry, `iam:${starry}`, `${starry}:*`]), { Effect: "Allow", NotAction: starry, Resource: "*" }] });
            const d = parsePolicyDocument(text);
            assert.ok(isPolicyDocument(d));
            assert.deepEqual(fullWildcardGrants(d), []);
            assert.equal(serviceWildcardGrants(d)[0].services.length, 1); // the `${starry}:*` one
            assert.equal(unconditionedResourceWildcards(d, [starry, "ec2:Describe*"])[0].actions.length, 3);
            assert.equal(names([d]).length, escalationCombinations.length); // via the NotAction
            assert.equal(actionMatches(starry, "iam:PassRole"), false);
            assert.equal(actionMatches(starry + "b", "a".repeat(400)), false);
            assert.equal(actionMatches("*", starry), true);
            assert.equal(actionMatches("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(500)), false);
            assert.equal(actionMatches("?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b", "a".repeat(500)), false);
            for (let i = 0; i < 30; i++) {
                assert.equal(actionMatches(`${starry}${i}`, "iam:PassRole"), false); // past the cache budget: it starts again
            }
            for (let i = 0; i < 5_000; i++) {
                assert.equal(actionMatches(`iam:Pass${i}*`, "iam:PassRole"), false);
            }
        });

        it("judges a condition value of 100,000 `*` that ends in another character in linear time", function () {
            // Regression: the wildcard-only check backtracked quadratically here (36 s).
            this.timeout(10_000);
            const stars = "*".repeat(100_000);
            const d = doc(allow("s3:GetObject", "*", { Condition: { StringLike: { "aws:SourceArn": [`${stars}!`], "aws:SourceAccount": `${stars}?` } } }));
            assert.deepEqual(d.statements[0].conditions.map(c => c.anyValue), [false, true]);
            assert.deepEqual(doc(allow("s3:GetObject", "*", { Condition: { StringLike: { k: ["?", "??"] } } })).statements[0].conditions[0].anyValue, false);
        });
    });
});
