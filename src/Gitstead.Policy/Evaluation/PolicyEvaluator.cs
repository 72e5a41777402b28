namespace Gitstead.Policy;

/// <summary>How resource-based policies combine with identity-based ones.</summary>
public enum EvaluationMode
{
    /// <summary>
    /// Principal and resource in the same account: an allow in either an identity-based
    /// policy or a resource-based policy that names the principal is enough.
    /// </summary>
    SameAccount,

    /// <summary>
    /// KMS key policies: the key policy must allow the principal directly, or allow the
    /// principal's account (delegation) while an identity-based policy also allows.
    /// </summary>
    KeyPolicy,
}

/// <summary>
/// IAM's decision logic for one request: any applicable Deny wins, else an Allow that
/// counts, else implicit deny. Statement and policy order never matter.
/// </summary>
public static class PolicyEvaluator
{
    public static EvaluationResult Evaluate(
        RequestContext request,
        IEnumerable<PolicyInput> identityPolicies,
        IEnumerable<PolicyInput>? resourcePolicies = null,
        EvaluationMode mode = EvaluationMode.SameAccount)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(identityPolicies);
        var tally = new DecisionTally();
        foreach (var policy in identityPolicies)
        {
            CollectIdentity(request, policy, tally);
        }

        foreach (var policy in resourcePolicies ?? [])
        {
            CollectResource(request, policy, tally);
        }

        return tally.Decide(mode);
    }

    /// <summary>
    /// Evaluates the same request against several resources (e.g. UpdateRepositoryName on the
    /// old and the new repository ARN): allowed only if every resource is allowed. Returns the
    /// first result that is not an allow, else the last allow.
    /// </summary>
    public static EvaluationResult EvaluateAll(
        RequestContext request,
        IEnumerable<string> resources,
        IReadOnlyCollection<PolicyInput> identityPolicies,
        IReadOnlyCollection<PolicyInput>? resourcePolicies = null,
        EvaluationMode mode = EvaluationMode.SameAccount)
    {
        ArgumentNullException.ThrowIfNull(resources);
        EvaluationResult? last = null;
        foreach (var resource in resources)
        {
            last = Evaluate(request.WithResource(resource), identityPolicies, resourcePolicies, mode);
            if (!last.IsAllowed)
            {
                return last;
            }
        }

        return last ?? throw new ArgumentException("At least one resource is required.", nameof(resources));
    }

    private static void CollectIdentity(RequestContext request, PolicyInput policy, DecisionTally tally)
    {
        foreach (var statement in policy.Document.StatementArray)
        {
            if (statement.AppliesTo(request))
            {
                tally.Add(new MatchedStatement(policy.PolicyId, PolicySource.Identity, statement), PrincipalMatch.Direct);
            }
        }
    }

    private static void CollectResource(RequestContext request, PolicyInput policy, DecisionTally tally)
    {
        foreach (var statement in policy.Document.StatementArray)
        {
            var principal = statement.MatchPrincipal(request);
            if (principal != PrincipalMatch.None && statement.AppliesTo(request))
            {
                tally.Add(new MatchedStatement(policy.PolicyId, PolicySource.Resource, statement), principal);
            }
        }
    }
}
