// Where a provider deploys: the account, project or subscription its config names. Literal names,
// ARNs and ids link resources only within one provider, or across providers that name the same
// account: the same role name under two accounts' providers is two roles.
import { read, str, strings } from "./props";

/** A resource's provider, as the engine sends it with the resource. */
export interface ProviderScope {
    /** The provider resource's URN; "" when none was sent (every such resource counts as one provider). */
    urn: string;
    /** The account, project or subscription, when the provider's config names exactly one. */
    account?: string;
}

/** `arn:aws:iam::123456789012:role/x` → 123456789012. */
export function arnAccount(arn: string): string | undefined {
    const account = arn.startsWith("arn:") ? arn.split(":")[4] : undefined;
    return account !== undefined && /^[0-9]{12}$/.test(account) ? account : undefined;
}

/** How each provider type's config names where it deploys. */
const accountOfConfig: Record<string, (props: unknown) => string | undefined> = {
    "pulumi:providers:aws": props => {
        const allowed = strings(read(props, "allowedAccountIds")).values;
        if (allowed.length === 1) {
            return allowed[0];
        }
        const assumed = str(read(props, "assumeRoles", 0, "roleArn")) ?? str(read(props, "assumeRole", "roleArn"));
        return typeof assumed === "string" ? arnAccount(assumed) : undefined;
    },
    "pulumi:providers:gcp": props => known(str(read(props, "project"))),
    "pulumi:providers:azure-native": props => known(str(read(props, "subscriptionId"))),
    "pulumi:providers:azure": props => known(str(read(props, "subscriptionId"))),
};

const known = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim().toLowerCase() : undefined);

export function providerScope(provider: { type?: unknown; urn?: unknown; props?: unknown } | undefined): ProviderScope {
    if (!provider || typeof provider.urn !== "string") {
        return { urn: "" };
    }
    const account = typeof provider.type === "string" ? accountOfConfig[provider.type]?.(provider.props) : undefined;
    return account === undefined ? { urn: provider.urn } : { urn: provider.urn, account };
}

/** Whether two scopes are one: the same provider, or providers of the same known account; undefined when it cannot be told. */
export function sameScope(a: ProviderScope, b: ProviderScope): boolean | undefined {
    if (a.urn === b.urn) {
        return true;
    }
    return a.account !== undefined && b.account !== undefined ? a.account === b.account : undefined;
}
