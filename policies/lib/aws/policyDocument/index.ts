// AWS IAM policy documents: a normal form (parse), IAM wildcard matching (match), the grant
// analyses the Lambda execution-role rules share (grants) and the privilege-escalation table
// (escalation). Parsing and analysis never throw, and unknown parts never produce findings:
// each statement records which fields were (partly) unknown, and the rules run again at
// `pulumi up` with resolved values.

export * from "./parse";
export { actionMatches } from "./match";
export {
    StatementRef, FullWildcardFinding, fullWildcardGrants, ServiceWildcardFinding, serviceWildcardGrants,
    NotElementFinding, notActionOrResourceAllows, PublicPrincipal, PublicPrincipalFinding, publicPrincipals,
    defaultAcceptedWildcardActions, ResourceWildcardFinding, unconditionedResourceWildcards,
} from "./grants";
export * from "./escalation";
