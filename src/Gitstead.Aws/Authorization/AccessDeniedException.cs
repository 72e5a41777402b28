namespace Gitstead.Aws;

/// <summary>
/// A request the policies do not allow. Services throw it; every transport renders the same
/// sentence in its own format: the API as <c>AccessDenied</c> (Query, 403) or
/// <c>AccessDeniedException</c> (JSON, 400), Git as a refusal git prints, the console as a message.
/// </summary>
public sealed class AccessDeniedException(Caller caller, string action, string resource, AuthorizationResult result)
    : Exception(Sentence(caller, action, resource, result))
{
    public Caller Caller { get; } = caller;

    public string Action { get; } = action;

    public string Resource { get; } = resource;

    public AuthorizationResult Result { get; } = result;

    /// <summary>
    /// AWS's wording: <c>User: ARN is not authorized to perform: ACTION on resource: RESOURCE
    /// because no identity-based policy allows the ACTION action</c>, or <c>… with an explicit
    /// deny in an identity-based policy</c> (resource-based for a key policy).
    /// </summary>
    public static string Sentence(Caller caller, string action, string resource, AuthorizationResult result)
    {
        var kind = result.DecidedBy == DecidingPolicy.ResourceBased ? "resource-based" : "identity-based";
        var because = result.Decision == AuthorizationDecision.ExplicitDeny
            ? $"with an explicit deny in {(kind[0] == 'i' ? "an" : "a")} {kind} policy"
            : $"because no {kind} policy allows the {action} action";
        return $"User: {caller.Arn} is not authorized to perform: {action} on resource: {resource} {because}";
    }

    /// <summary>The error as the protocol's clients parse it.</summary>
    public AwsServiceException ToServiceException(AwsProtocol protocol) =>
        protocol == AwsProtocol.Query
            ? new AwsServiceException("AccessDenied", Message, 403)
            : new AwsServiceException("AccessDeniedException", Message, 400);
}
