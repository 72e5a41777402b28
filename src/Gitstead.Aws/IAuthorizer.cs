namespace Gitstead.Aws;

/// <summary>Outcome of an authorization check.</summary>
public enum AuthorizationDecision
{
    Allow,
    ImplicitDeny,
    ExplicitDeny,
}

/// <summary>
/// "May this principal do ACTION on RESOURCE with these context keys?" Implemented by the
/// Auth area over the policy engine; used by every API and by the Git transport.
/// </summary>
public interface IAuthorizer
{
    /// <param name="caller">The authenticated principal.</param>
    /// <param name="action">e.g. <c>iam:CreateUser</c>.</param>
    /// <param name="resource">The resource ARN AWS uses for that operation.</param>
    /// <param name="context">Extra request context keys (service-specific), may be null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    ValueTask<AuthorizationDecision> AuthorizeAsync(
        Caller caller,
        string action,
        string resource,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? context,
        CancellationToken cancellationToken);
}
