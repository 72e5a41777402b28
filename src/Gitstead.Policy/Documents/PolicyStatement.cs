namespace Gitstead.Policy;

/// <summary>One compiled statement of a <see cref="PolicyDocument"/>.</summary>
public sealed class PolicyStatement
{
    private readonly ActionMatcher _actions;
    private readonly ResourceMatcher? _resources;
    private readonly PrincipalMatcher? _principals;
    private readonly ConditionClause[] _conditions;

    internal PolicyStatement(StatementParts parts)
    {
        Index = parts.Index;
        Sid = parts.Sid;
        Effect = parts.Effect;
        StartPosition = parts.Span.Start;
        EndPosition = parts.Span.End;
        _actions = parts.Actions;
        _resources = parts.Resources;
        _principals = parts.Principals;
        _conditions = parts.Conditions;
    }

    /// <summary>Zero-based position of the statement in the document.</summary>
    public int Index { get; }

    public string? Sid { get; }

    public PolicyEffect Effect { get; }

    /// <summary>Where the statement's <c>{</c> is in the policy text.</summary>
    public PolicyTextPosition StartPosition { get; }

    /// <summary>The position just after the statement's closing <c>}</c>.</summary>
    public PolicyTextPosition EndPosition { get; }

    /// <summary>Whether action, resource and every condition match (the principal is not considered).</summary>
    internal bool AppliesTo(RequestContext request) =>
        _actions.Matches(request.Action)
        && (_resources is null || _resources.Matches(request))
        && ConditionsHold(request);

    internal PrincipalMatch MatchPrincipal(RequestContext request) =>
        _principals?.Match(request) ?? PrincipalMatch.None;

    private bool ConditionsHold(RequestContext request)
    {
        foreach (var condition in _conditions)
        {
            if (!condition.IsSatisfied(request))
            {
                return false;
            }
        }

        return true;
    }
}

internal readonly record struct StatementSpan(PolicyTextPosition Start, PolicyTextPosition End);

internal sealed record StatementParts(
    int Index,
    string? Sid,
    PolicyEffect Effect,
    StatementSpan Span,
    ActionMatcher Actions,
    ResourceMatcher? Resources,
    PrincipalMatcher? Principals,
    ConditionClause[] Conditions);
