import type { Props } from "./props";

/** A resource as rules see it: plain props, unknowns left as sentinels (read them with lib/props). */
export interface Resource {
    type: string;
    name: string;
    urn: string;
    props: Props;
}

/** "RolePolicy 'extra'", "IAMMember 'grant'": the type's class name and the resource's name. */
export const resourceLabel = (resource: Pick<Resource, "type" | "name">) => `${resource.type.slice(resource.type.lastIndexOf(":") + 1)} '${resource.name}'`;
