import type { Props } from "./props";

/** A resource as rules see it: plain props, unknowns left as sentinels (read them with lib/props). */
export interface Resource {
    type: string;
    name: string;
    urn: string;
    props: Props;
}
