// A model of what the Pulumi engine sends a policy pack about one resource: its inputs after the
// provider's Check (Analyze), and its outputs (AnalyzeStack): at preview the provider's planned
// state, where everything the provider computes and the program left unset is unknown; at up the
// state after the resource was created. What the model knows of each provider comes from the
// installed SDKs' typings (sdkSchema.ts); the values a cloud fills in at creation come from the
// table below. docs/engine.md says what the engine sends, when, and what this model leaves out.
import { createHash } from "crypto";
import { SIG_KEY, UNKNOWN } from "../engine/wire";
import { urnOf } from "../engine/client/encoding";
import { Kind, ResourceSchema, Shape, resourceSchema } from "./sdkSchema";

export type Mode = "preview" | "up";

type Props = Record<string, unknown>;

/** A resource as the program registered it, its inputs in the engine's encoding. */
export interface ModelResource {
    type: string;
    name: string;
    urn: string;
    inputs: Props;
}

/** A resource as a test or the benchmark holds it (its inputs as `properties`), for the model. */
export const modelOf = (r: { type: string; name: string; urn?: string; properties: Props }): ModelResource =>
    ({ type: r.type, name: r.name, urn: r.urn ?? urnOf(r.type, r.name), inputs: r.properties });

/** Where the model pretends to deploy (account, region, project...), for the values a cloud fills in. */
export interface CloudContext {
    awsAccount: string;
    awsRegion: string;
    gcpProject: string;
    gcpProjectNumber: string;
    azureSubscription: string;
    azureTenant: string;
}

export const defaultCloud: CloudContext = {
    awsAccount: "123456789012",
    awsRegion: "eu-west-1",
    gcpProject: "acme-prod",
    gcpProjectNumber: "123456789012",
    azureSubscription: "00000000-0000-0000-0000-000000000000",
    azureTenant: "11111111-1111-1111-1111-111111111111",
};

const isObject = (v: unknown): v is Props => v !== null && typeof v === "object" && !Array.isArray(v);
const isSpecial = (v: unknown) => isObject(v) && SIG_KEY in v;
const isUnset = (v: unknown) => v === undefined || v === null;

/** A short stable hash of a resource, for generated names and ids. */
const hashOf = (resource: ModelResource, length = 7) => createHash("sha1").update(resource.urn).digest("hex").slice(0, length);

const schemaOf = (resource: ModelResource, from?: string) => resourceSchema(resource.type, from);

/** azure-native answers a preview from its API metadata; the other providers are Terraform providers behind the bridge. */
const isAzureNative = (type: string) => type.startsWith("azure-native:");

/**
 * The inputs after Check: a resource whose `name` the program left unset is auto-named (so its name
 * is known at preview), and the bridge lists defaulted keys in every nested block (`__defaults`, which
 * the engine strips only at the top level). Defaults the Terraform schema declares are not modelled.
 */
export function checkedInputs(resource: ModelResource, from?: string): Props {
    const schema = schemaOf(resource, from);
    if (!schema) {
        return resource.inputs;
    }
    const inputs = isAzureNative(resource.type) ? { ...resource.inputs } : withDefaultsKeys(resource.inputs, schema.outputs) as Props;
    const name = schema.outputs.name;
    if (name?.computed && !name.outputOnly && schema.inputs.has("name") && isUnset(resource.inputs.name)) {
        inputs.name = autoName(resource);
        if (!isAzureNative(resource.type)) {
            inputs.__defaults = ["name"];
        }
    }
    return inputs;
}

/** The bridge's `__defaults: []` in every block object below the top level. */
function withDefaultsKeys(value: Props, fields: Record<string, Shape>): Props {
    const walk = (v: unknown, shape: Shape): unknown => {
        if (shape.kind === "object" && shape.fields && isObject(v) && !isSpecial(v)) {
            return { ...withDefaultsKeys(v, shape.fields), __defaults: [] };
        }
        return shape.kind === "array" && shape.items && Array.isArray(v) ? v.map(e => walk(e, shape.items!)) : v;
    };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fields[k] ? walk(v, fields[k]) : v]));
}

/** The providers' auto-name: azure-native appends 8 hex digits, the bridged providers "-" and 7. */
function autoName(resource: ModelResource): string {
    return isAzureNative(resource.type) ? `${resource.name}${hashOf(resource, 8)}` : `${resource.name}-${hashOf(resource)}`;
}

/** Drops the bridge's nested `__defaults` (they are inputs, not state). */
function withoutDefaultsKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withoutDefaultsKeys);
    }
    if (!isObject(value) || isSpecial(value)) {
        return value;
    }
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "__defaults").map(([k, v]) => [k, withoutDefaultsKeys(v)]));
}

/**
 * The planned state of a resource being created, as the provider answers a preview: what the
 * program set, and for what it left unset: unknown where the provider computes it (azure-native:
 * every output property), null otherwise (the bridge sends unset optional attributes as null).
 */
export function plannedOutputs(resource: ModelResource, from?: string): Props {
    const schema = schemaOf(resource, from);
    const inputs = checkedInputs(resource, from);
    if (!schema) {
        return { ...inputs, id: UNKNOWN };
    }
    const everyOutput = isAzureNative(resource.type);
    return { ...overlay(inputs, schema, (_, shape) => (everyOutput || shape.computed || shape.outputOnly ? UNKNOWN : null)), id: UNKNOWN };
}

/**
 * The state of a resource once created: what the program set, what the cloud fills in (the table
 * below, and ids, ARNs and names), and for unset optional attributes the bridge's zero values
 * (azure-native leaves them out). Other computed attributes are left out: no rule reads them.
 */
function finalOutputs(resource: ModelResource, cloud: CloudContext = defaultCloud, from?: string): Props {
    const schema = schemaOf(resource, from);
    const inputs = checkedInputs(resource, from);
    const filled = cloudValues(resource, inputs, cloud);
    const zeroes = !isAzureNative(resource.type);
    const outputs = schema
        ? overlay(inputs, schema, (path, shape) => filled[path.join(".")] ?? generated(resource, path, shape, inputs, cloud)
            ?? (zeroes && !shape.computed && !shape.outputOnly ? zeroOf(shape.kind) : undefined))
        : { ...inputs };
    for (const [path, value] of Object.entries(filled)) {
        if (!path.includes(".") && isUnset(outputs[path])) {
            outputs[path] = value;
        }
    }
    outputs.id ??= filled.id ?? defaultId(resource, inputs, cloud);
    return outputs;
}

/**
 * The outputs of a schema: the inputs it declares as outputs (inputs that are not outputs, such as
 * azure-native's resourceGroupName, are not in the state), and for each property the program left
 * unset, what `unset` gives (nested too, inside objects and list elements the program set).
 */
function overlay(inputs: Props, schema: ResourceSchema, unset: (path: string[], shape: Shape) => unknown): Props {
    const outputs: Props = {};
    for (const [key, value] of Object.entries(inputs)) {
        if (!key.startsWith("__") && (key in schema.outputs || !schema.inputs.has(key))) {
            outputs[key] = withoutDefaultsKeys(value);
        }
    }
    fill(outputs, schema.outputs, [], unset);
    return outputs;
}

function fill(target: Props, fields: Record<string, Shape>, path: string[], unset: (path: string[], shape: Shape) => unknown) {
    for (const [key, shape] of Object.entries(fields)) {
        const value = target[key];
        const at = [...path, key];
        if (isUnset(value)) {
            const filled = unset(at, shape);
            if (filled !== undefined) {
                target[key] = filled;
            }
        } else if (!isSpecial(value)) {
            target[key] = within(value, shape, at, unset);
        }
    }
}

/** A value the program set, with what the provider computes inside it. */
function within(value: unknown, shape: Shape, path: string[], unset: (path: string[], shape: Shape) => unknown): unknown {
    if (shape.kind === "object" && shape.fields && isObject(value)) {
        const copy = { ...value };
        fill(copy, shape.fields, path, unset);
        return copy;
    }
    if (shape.kind === "array" && shape.items && Array.isArray(value)) {
        return value.map(element => (isSpecial(element) || isUnset(element) ? element : within(element, shape.items!, path, unset)));
    }
    return value;
}

/** The bridge's value for an unset optional attribute once created. */
function zeroOf(kind: Kind): unknown {
    switch (kind) {
        case "string": return "";
        case "number": return 0;
        case "boolean": return false;
        case "array": return [];
        case "map": return {};
        default: return null;
    }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const guid = (resource: ModelResource, salt: string) => {
    const h = createHash("sha1").update(`${resource.urn}\u0000${salt}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The Compute Engine default service account, which Cloud Run and Cloud Functions run as when given none. */
export const computeDefaultAccount = (cloud: CloudContext) => `${cloud.gcpProjectNumber}-compute@developer.gserviceaccount.com`;

/**
 * What a cloud fills in at creation that the pack's rules read, by type and dotted property path.
 * Sources: the providers' documentation (docs/engine.md cites each).
 */
function cloudValues(resource: ModelResource, inputs: Props, cloud: CloudContext): Record<string, unknown> {
    const name = str(inputs.name) ?? resource.name;
    const project = str(inputs.project) ?? cloud.gcpProject;
    const aws = (service: string, resourcePart: string, region = cloud.awsRegion) => `arn:aws:${service}:${region}:${cloud.awsAccount}:${resourcePart}`;
    switch (resource.type) {
        case "aws:iam/role:Role":
            return { arn: aws("iam", `role/${name}`, ""), id: name, uniqueId: `AROA${hashOf(resource, 17).toUpperCase()}`, inlinePolicies: [], managedPolicyArns: [] };
        case "aws:iam/policy:Policy":
            return { arn: aws("iam", `policy/${name}`, ""), id: aws("iam", `policy/${name}`, "") };
        case "aws:lambda/function:Function":
            return { arn: aws("lambda", `function:${name}`), id: name, invokeArn: aws("lambda", `function:${name}`) };
        case "aws:ec2/securityGroup:SecurityGroup":
            // Terraform removes the default allow-all egress rule AWS adds to a new group.
            return { id: `sg-${hashOf(resource, 17)}`, egress: [], ingress: [] };
        case "gcp:serviceaccount/account:Account": {
            const email = `${str(inputs.accountId) ?? name}@${project}.iam.gserviceaccount.com`;
            return { email, member: `serviceAccount:${email}`, name: `projects/${project}/serviceAccounts/${email}`, id: `projects/${project}/serviceAccounts/${email}` };
        }
        // Unset, Cloud Run and 2nd-gen functions run as the Compute Engine default account, 1st-gen functions as App Engine's.
        case "gcp:cloudrunv2/service:Service":
            return { "template.serviceAccount": computeDefaultAccount(cloud) };
        case "gcp:cloudrunv2/job:Job":
            return { "template.template.serviceAccount": computeDefaultAccount(cloud) };
        case "gcp:cloudrun/service:Service":
            return { "template.spec.serviceAccountName": computeDefaultAccount(cloud) };
        case "gcp:cloudfunctions/function:Function":
            return { serviceAccountEmail: `${project}@appspot.gserviceaccount.com` };
        case "gcp:cloudfunctionsv2/function:Function":
            return { "serviceConfig.serviceAccountEmail": computeDefaultAccount(cloud) };
        default:
            return {};
    }
}

/** ids, ARNs and names the model makes up for the rest of what a provider sets on its own (no rule reads them as settings). */
function generated(resource: ModelResource, path: string[], shape: Shape, inputs: Props, cloud: CloudContext): unknown {
    const key = path[path.length - 1];
    if (path.length === 2 && path[0] === "identity" && (key === "principalId" || key === "tenantId" || key === "clientId")) {
        const type = str((inputs.identity as Props | undefined)?.type);
        return type && !/^none$/i.test(type) ? (key === "tenantId" ? cloud.azureTenant : guid(resource, key)) : undefined;
    }
    if (path.length > 1 || !shape.outputOnly) {
        return undefined;
    }
    if (key === "principalId" || key === "clientId") {
        return guid(resource, key);
    }
    if (key === "tenantId") {
        return cloud.azureTenant;
    }
    if (key === "arn" && resource.type.startsWith("aws:")) {
        const [, module] = resource.type.split(":");
        return `arn:aws:${module.split("/")[0]}:${cloud.awsRegion}:${cloud.awsAccount}:${str(inputs.name) ?? resource.name}`;
    }
    return shape.kind === "string" ? `${resource.name}-${key}-${hashOf(resource)}` : zeroOf(shape.kind) ?? undefined;
}

function defaultId(resource: ModelResource, inputs: Props, cloud: CloudContext): string {
    const name = str(inputs.name) ?? resource.name;
    if (resource.type.startsWith("azure-native:") || resource.type.startsWith("azure:")) {
        const group = str(inputs.resourceGroupName) ?? "rg";
        const [, module, className] = resource.type.split(":");
        return `/subscriptions/${cloud.azureSubscription}/resourceGroups/${group}/providers/Microsoft.${module.split("/")[0]}/${className}/${name}`;
    }
    return `${name}-${hashOf(resource)}`;
}

/** What AnalyzeStack gets for a resource in each mode (a create: the resource is new in the stack). */
export function outputsIn(mode: Mode, resource: ModelResource, cloud?: CloudContext, from?: string): Props {
    return mode === "preview" ? plannedOutputs(resource, from) : finalOutputs(resource, cloud, from);
}
