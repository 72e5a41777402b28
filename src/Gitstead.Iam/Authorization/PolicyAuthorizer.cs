using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Gitstead.Policy;
using Gitstead.Storage;

namespace Gitstead.Iam.Authorization;

/// <summary>
/// Authorizes every API call and Git request with the policy engine: the account root may do
/// anything in its own account; an IAM user exactly what its identity-based policies (inline,
/// attached, and through its groups) allow — explicit deny, then allow, else implicit deny.
/// A user's parsed policies are reused while the account's policy generation, read with the
/// caller's credential, is the one they were loaded at (<see cref="PrincipalPolicyCache"/>);
/// otherwise the rows are read again and each parse is taken from the content cache.
/// </summary>
public sealed class PolicyAuthorizer(IGitsteadDb db, PrincipalPolicyLoader loader, ParsedPolicyCache cache, PrincipalPolicyCache principals) : IAuthorizer
{
    public async ValueTask<AuthorizationDecision> AuthorizeAsync(
        Caller caller,
        string action,
        string resource,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? context,
        CancellationToken cancellationToken)
    {
        if (!IsOwnOrAwsResource(resource, caller.AccountId))
        {
            // No cross-account access: there are no resource-based policies that could grant it.
            return AuthorizationDecision.ImplicitDeny;
        }

        if (caller.IsRoot)
        {
            return AuthorizationDecision.Allow;
        }

        var policies = await LoadAsync(caller, cancellationToken);
        var request = RequestFor(caller, context).Build(action, resource);
        return ToDecision(PolicyEvaluator.Evaluate(request, policies).Decision);
    }

    /// <summary>The user's identity-based policies, parsed.</summary>
    public async Task<IReadOnlyList<PolicyInput>> LoadAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.UserKey is not { } userKey)
        {
            return [];
        }

        var generation = caller.PolicyGeneration;
        if (generation is { } known && principals.TryGet(caller.AccountId, userKey, known, out var cached))
        {
            return cached;
        }

        await using var context = db.Create();
        var documents = await loader.LoadForUserAsync(context, caller.AccountId, userKey, cancellationToken);
        var policies = documents.Select(d => new PolicyInput(d.PolicyId, cache.Get(d.Document))).ToList();
        if (generation is { } loadedAfter)
        {
            principals.Set(caller.AccountId, userKey, loadedAfter, policies);
        }

        return policies;
    }

    /// <summary>The principal's global condition keys plus the request's own.</summary>
    public static RequestContextBuilder RequestFor(Caller caller, IReadOnlyDictionary<string, IReadOnlyList<string>>? context)
    {
        var builder = new RequestContextBuilder();
        if (caller.IsRoot)
        {
            builder.ForRoot(caller.AccountId);
        }
        else
        {
            builder.ForUser(caller.AccountId, caller.UserName!, caller.UserId, UserPath(caller.Arn, caller.UserName!));
        }

        builder.WithMultiFactorAuth(caller.IsTemporary ? caller.MultiFactorAuthPresent : null);
        foreach (var (key, values) in context ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            builder.WithKey(key, values);
        }

        return builder;
    }

    public static AuthorizationDecision ToDecision(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Allow => AuthorizationDecision.Allow,
        PolicyDecision.ExplicitDeny => AuthorizationDecision.ExplicitDeny,
        _ => AuthorizationDecision.ImplicitDeny,
    };

    /// <summary><c>*</c>, or an ARN whose account is the caller's, or AWS's own (<c>aws</c>, e.g. managed policies).</summary>
    internal static bool IsOwnOrAwsResource(string resource, string accountId)
    {
        if (resource == "*")
        {
            return true;
        }

        var parts = resource.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && (parts[4] == accountId || parts[4] == "aws");
    }

    /// <summary>The path of a user ARN <c>arn:aws:iam::ACCT:user/PATH/NAME</c>.</summary>
    private static string UserPath(string arn, string userName)
    {
        var start = arn.IndexOf(":user/", StringComparison.Ordinal);
        return start < 0 ? "/" : arn[(start + 5)..^userName.Length];
    }
}
