using Gitstead.Aws;

namespace Gitstead.Iam.Sts;

/// <summary>Who the caller is, as <c>sts:GetCallerIdentity</c> reports it.</summary>
/// <param name="UserId">The user's unique id (<c>AIDA…</c>), or the account id for the root.</param>
/// <param name="Account">The 12-digit account id.</param>
/// <param name="Arn">The user's ARN, or <c>arn:aws:iam::ACCOUNT:root</c>.</param>
public sealed record CallerIdentity(string UserId, string Account, string Arn);

/// <summary>
/// <c>sts:GetCallerIdentity</c>. It needs no permission: it answers even under an explicit deny
/// (model documentation), so it never calls the authorizer. Session credentials carry their
/// parent's identity, so they answer as the parent user (or root).
/// </summary>
public sealed class CallerIdentityService
{
    /// <summary>The identity of the caller; never refused.</summary>
    public CallerIdentity GetCallerIdentity(CallContext call) =>
        new(call.Caller.UserId, call.AccountId, call.Caller.Arn);
}
