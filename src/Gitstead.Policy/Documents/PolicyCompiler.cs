namespace Gitstead.Policy;

/// <summary>Third stage of parsing: a validated <see cref="RawStatement"/> → matchers ready for evaluation.</summary>
internal static class PolicyCompiler
{
    public static PolicyStatement Compile(RawStatement raw, bool variables, StatementSpan span) =>
        new(new StatementParts(
            raw.Index,
            raw.Sid,
            raw.Effect == "Allow" ? PolicyEffect.Allow : PolicyEffect.Deny,
            span,
            new ActionMatcher(raw.Actions, negated: raw.Action is null),
            CompileResources(raw, variables),
            CompilePrincipals(raw),
            [.. raw.Conditions.Select(condition => CompileCondition(condition, variables))]));

    private static ResourceMatcher? CompileResources(RawStatement raw, bool variables) =>
        raw.Resource is null && raw.NotResource is null
            ? null
            : new ResourceMatcher(raw.Resources, negated: raw.Resource is null, variables);

    private static PrincipalMatcher? CompilePrincipals(RawStatement raw) =>
        raw.AnyPrincipal is { } principal ? new PrincipalMatcher(principal, negated: raw.Principal is null) : null;

    private static ConditionClause CompileCondition(RawCondition raw, bool variables) =>
        new(raw.Operator, raw.Key, ConditionValues.Create(raw.Operator, raw.Values, variables));
}
