namespace Gitstead.Policy;

/// <summary>Collects the statements that applied and turns them into a decision.</summary>
internal sealed class DecisionTally
{
    private List<MatchedStatement>? _matched;
    private MatchedStatement? _firstDeny;
    private MatchedStatement? _identityAllow;
    private MatchedStatement? _resourceDirectAllow;
    private MatchedStatement? _resourceAccountAllow;

    public void Add(MatchedStatement statement, PrincipalMatch principal)
    {
        (_matched ??= []).Add(statement);
        if (statement.Effect == PolicyEffect.Deny)
        {
            _firstDeny ??= statement;
        }
        else if (statement.Source == PolicySource.Identity)
        {
            _identityAllow ??= statement;
        }
        else if (principal == PrincipalMatch.Direct)
        {
            _resourceDirectAllow ??= statement;
        }
        else
        {
            _resourceAccountAllow ??= statement;
        }
    }

    public EvaluationResult Decide(EvaluationMode mode)
    {
        IReadOnlyList<MatchedStatement> matched = _matched ?? [];
        if (_firstDeny is not null)
        {
            return new EvaluationResult(PolicyDecision.ExplicitDeny, _firstDeny, matched);
        }

        var allow = mode == EvaluationMode.KeyPolicy ? KeyPolicyAllow() : _identityAllow ?? _resourceDirectAllow;
        return allow is null
            ? new EvaluationResult(PolicyDecision.ImplicitDeny, null, matched)
            : new EvaluationResult(PolicyDecision.Allow, allow, matched);
    }

    private MatchedStatement? KeyPolicyAllow() =>
        _resourceDirectAllow ?? (_resourceAccountAllow is not null ? _identityAllow : null);
}
