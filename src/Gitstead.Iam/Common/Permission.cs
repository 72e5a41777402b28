using Gitstead.Aws;

namespace Gitstead.Iam.Common;

/// <summary>
/// An action a service authorizes for its caller once it knows the resource's ARN (a target
/// user's path is known only after the lookup): who calls, the action, and the request's own
/// condition keys. Services make it from their injected <see cref="IAuthorizer"/> with <see cref="Permissions.For"/>.
/// </summary>
internal readonly record struct Permission(
    IAuthorizer Authorizer, CallContext Call, string Action, IReadOnlyDictionary<string, IReadOnlyList<string>>? Keys = null)
{
    public string AccountId => Call.AccountId;

    public Caller Caller => Call.Caller;

    /// <summary>Authorizes the action on <paramref name="resource"/>; throws <see cref="AccessDeniedException"/> when not allowed.</summary>
    public ValueTask RequireAsync(string resource, CancellationToken ct) => Authorizer.RequireAsync(Call, Action, resource, Keys, ct);
}

internal static class Permissions
{
    public static Permission For(
        this IAuthorizer authorizer, CallContext call, string action, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys = null) =>
        new(authorizer, call, action, keys);
}
