namespace Gitstead.Policy;

public enum PolicyDecision
{
    /// <summary>No statement allows the request (the default).</summary>
    ImplicitDeny,

    /// <summary>A statement allows the request and none denies it.</summary>
    Allow,

    /// <summary>A statement denies the request; this overrides every allow.</summary>
    ExplicitDeny,
}

/// <summary>Where a policy came from: attached to the principal, or to the resource.</summary>
public enum PolicySource
{
    Identity,
    Resource,
}

/// <summary>A policy handed to the evaluator, with the caller's identifier for it (policy ARN, inline policy name, ...).</summary>
public readonly record struct PolicyInput(string PolicyId, PolicyDocument Document);

/// <summary>A statement that applied to the request.</summary>
public sealed record MatchedStatement(string PolicyId, PolicySource Source, PolicyStatement Statement)
{
    public string? Sid => Statement.Sid;

    public PolicyEffect Effect => Statement.Effect;
}

/// <summary>
/// The outcome of <see cref="PolicyEvaluator.Evaluate"/>: the decision, the statement that
/// decided it (the first explicit deny, or the first allow that counted; null for an
/// implicit deny) and every statement that applied, in evaluation order.
/// </summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(PolicyDecision decision, MatchedStatement? decidingStatement, IReadOnlyList<MatchedStatement> matchedStatements)
    {
        Decision = decision;
        DecidingStatement = decidingStatement;
        MatchedStatements = matchedStatements;
    }

    public PolicyDecision Decision { get; }

    public bool IsAllowed => Decision == PolicyDecision.Allow;

    public MatchedStatement? DecidingStatement { get; }

    public IReadOnlyList<MatchedStatement> MatchedStatements { get; }
}
