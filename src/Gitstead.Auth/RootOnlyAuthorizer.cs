using Gitstead.Aws;

namespace Gitstead.Auth;

/// <summary>
/// The authorizer until policies are evaluated: the account root may do anything to
/// resources of its own account (and read AWS's own, account <c>aws</c>, such as managed
/// policies); everyone else is implicitly denied.
/// </summary>
internal sealed class RootOnlyAuthorizer : IAuthorizer
{
    public ValueTask<AuthorizationDecision> AuthorizeAsync(
        Caller caller,
        string action,
        string resource,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? context,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(caller.IsRoot && IsAccountResource(resource, caller.AccountId)
            ? AuthorizationDecision.Allow
            : AuthorizationDecision.ImplicitDeny);

    /// <summary><c>*</c>, or an ARN <c>arn:PARTITION:SERVICE:REGION:ACCOUNT:…</c> whose account is the caller's (or <c>aws</c>).</summary>
    internal static bool IsAccountResource(string resource, string accountId)
    {
        if (resource == "*")
        {
            return true;
        }

        var parts = resource.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && (parts[4] == accountId || parts[4] == "aws");
    }
}
