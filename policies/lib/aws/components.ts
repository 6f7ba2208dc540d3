// Resources the program did not write itself: aws.lambda.CallbackFunction creates a function's role
// and attaches managed policies (a list of *FullAccess policies unless given `policies` or `role`),
// and the event-handler mixins (bucket.onObjectCreated, aws.cloudwatch.onSchedule, ...) create such
// a CallbackFunction inside their own component. A finding about them says what to pass instead.
import { createHash } from "crypto";
import type { GraphResource, StackGraph } from "../stackGraph";
import { awsTypes } from "./types";

/** The event-handler mixins' components, with the calls that create them. */
const mixins: Record<string, string> = {
    "aws:s3:BucketEventSubscription": "bucket.onObjectCreated / onObjectRemoved / onEvent",
    "aws:sns:TopicEventSubscription": "topic.onEvent",
    "aws:sqs:QueueEventSubscription": "queue.onEvent",
    "aws:cloudwatch:EventRuleEventSubscription": "aws.cloudwatch.onSchedule / eventRule.onEvent",
    "aws:cloudwatch:LogGroupEventSubscription": "logGroup.onEvent / onDecodedEvent",
    "aws:dynamodb:TableEventSubscription": "table.onEvent",
    "aws:kinesis:StreamEventSubscription": "stream.onEvent",
};

/** What created a resource the program did not write, and what to pass it instead. */
export interface Origin {
    /** "aws.lambda.CallbackFunction 'orders'", "bucket.onObjectCreated (aws:s3:BucketEventSubscription 'uploads')". */
    creator: string;
    fix: string;
}

/** The short hash CallbackFunction names its policy attachments with (`<name>-<8 hex of sha1(arn)>`). */
const attachmentSuffix = (policyArn: string) => createHash("sha1").update(policyArn).digest("hex").slice(0, 8);

function originOf(stack: StackGraph, fn: GraphResource): Origin {
    const parent = fn.parent ? stack.get(fn.parent) : undefined;
    const mixin = parent && mixins[parent.type];
    if (parent && mixin) {
        return {
            creator: `${mixin} (${parent.type} '${parent.name}')`,
            fix: "pass that call an aws.lambda.CallbackFunction with `policies` listing only the policy ARNs the handler needs (or a `role` of your own) instead of a plain function",
        };
    }
    return {
        creator: `aws.lambda.CallbackFunction '${fn.name}'`,
        fix: "pass the CallbackFunction `policies` listing only the policy ARNs the function needs, or a `role` of your own",
    };
}

/**
 * Who created a policy attachment of `role` when the program did not write it: a CallbackFunction
 * names the role after itself and each attachment `<name>-<8 hex of sha1(policy ARN)>`.
 */
export function attachedByComponent(stack: StackGraph, attachment: GraphResource, role: GraphResource, functions: GraphResource[]): Origin | undefined {
    const arn = attachment.props.policyArn;
    if (attachment.type !== awsTypes.rolePolicyAttachment || typeof arn !== "string" || attachment.name !== `${role.name}-${attachmentSuffix(arn)}`) {
        return undefined;
    }
    const fn = functions.find(f => f.name === role.name && f.parent === role.parent);
    return fn && attachment.parent === role.parent ? originOf(stack, fn) : undefined;
}
