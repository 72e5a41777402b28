namespace Gitstead.Aws;

/// <summary>Outcome of an authorization check.</summary>
public enum AuthorizationDecision
{
    Allow,
    ImplicitDeny,
    ExplicitDeny,
}

/// <summary>The kind of policy that decided a refusal, as AWS names it in the AccessDenied sentence.</summary>
public enum DecidingPolicy
{
    /// <summary>"identity-based policy": the principal's own, inline, attached or through a group.</summary>
    IdentityBased,

    /// <summary>"resource-based policy": attached to the resource, such as a KMS key policy.</summary>
    ResourceBased,
}

/// <summary>The decision, and which kind of policy made it (for the refusal's wording).</summary>
public readonly record struct AuthorizationResult(AuthorizationDecision Decision, DecidingPolicy DecidedBy = DecidingPolicy.IdentityBased)
{
    public static AuthorizationResult Allowed { get; } = new(AuthorizationDecision.Allow);

    public bool IsAllowed => Decision == AuthorizationDecision.Allow;

    /// <summary>For a request of several actions, the one refused (null: the request's own action).</summary>
    public string? RefusedAction { get; init; }
}

/// <summary>A resource-based policy to evaluate beside the caller's identity-based policies.</summary>
/// <param name="PolicyId">How results name it (e.g. the key ARN and <c>default</c>).</param>
/// <param name="Document">The policy JSON; parsed once per distinct content and cached.</param>
/// <param name="IsKeyPolicy">
/// True for a KMS key policy: it must allow the principal itself, or allow the principal's
/// account (delegating to IAM) while an identity-based policy also allows. False: an allow in
/// either the identity-based or the resource-based policy is enough (same account).
/// </param>
public sealed record ResourcePolicy(string PolicyId, string Document, bool IsKeyPolicy);

/// <summary>One question for the authorizer.</summary>
/// <param name="Call">Who asks, from where.</param>
/// <param name="Action">e.g. <c>iam:CreateUser</c>.</param>
/// <param name="Resource">The resource ARN AWS uses for the operation, or <c>*</c>.</param>
/// <param name="Keys">The operation's own condition keys (e.g. <c>codecommit:References</c>); the request's global keys come from <see cref="CallContext.Origin"/>.</param>
/// <param name="ResourcePolicy">A resource-based policy evaluated with the identity-based ones.</param>
public sealed record AuthorizationRequest(
    CallContext Call,
    string Action,
    string Resource,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Keys = null,
    ResourcePolicy? ResourcePolicy = null)
{
    /// <summary>
    /// Further actions the same request needs on the same resource with the same keys (a KMS use
    /// that both decrypts and generates a data key): decided in one authorization, the principal's
    /// policies loaded and the resource policy parsed once; allowed only if every action is, else
    /// the first refused one is named in <see cref="AuthorizationResult.RefusedAction"/>.
    /// </summary>
    public IReadOnlyList<string> AlsoActions { get; init; } = [];
}

/// <summary>
/// "May this principal do ACTION on RESOURCE, here and now?" Implemented by the Iam area over
/// the policy engine, which also builds every request's condition keys in one place; used by
/// every service and by the Git transport. Services call <c>RequireAsync</c> (<see cref="AuthorizerExtensions"/>).
/// </summary>
public interface IAuthorizer
{
    ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken);
}

public static class AuthorizerExtensions
{
    /// <summary>Authorizes, and throws <see cref="AccessDeniedException"/> when not allowed.</summary>
    public static async ValueTask RequireAsync(
        this IAuthorizer authorizer,
        CallContext call,
        string action,
        string resource,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? keys,
        CancellationToken cancellationToken)
    {
        var result = await authorizer.AuthorizeAsync(new AuthorizationRequest(call, action, resource, keys), cancellationToken);
        if (!result.IsAllowed)
        {
            throw new AccessDeniedException(call.Caller, action, resource, result);
        }
    }

    /// <inheritdoc cref="RequireAsync(IAuthorizer, CallContext, string, string, IReadOnlyDictionary{string, IReadOnlyList{string}}?, CancellationToken)"/>
    public static ValueTask RequireAsync(this IAuthorizer authorizer, CallContext call, string action, string resource, CancellationToken cancellationToken) =>
        authorizer.RequireAsync(call, action, resource, null, cancellationToken);

    /// <summary>Authorizes with a resource-based policy beside the identity-based ones; throws when not allowed.</summary>
    public static async ValueTask RequireAsync(this IAuthorizer authorizer, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var result = await authorizer.AuthorizeAsync(request, cancellationToken);
        if (!result.IsAllowed)
        {
            throw new AccessDeniedException(request.Call.Caller, result.RefusedAction ?? request.Action, request.Resource, result);
        }
    }
}
