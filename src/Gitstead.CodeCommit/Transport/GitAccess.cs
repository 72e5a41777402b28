using Gitstead.Aws;
using Microsoft.AspNetCore.Http;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// Authorizes Git traffic (reference notes §7.1–7.2): <c>codecommit:GitPull</c> for
/// upload-pack, <c>codecommit:GitPush</c> for receive-pack, on the repository ARN, with the
/// request's global condition keys and, once a push's commands are known,
/// <c>codecommit:References</c>.
/// </summary>
internal sealed class GitAccess(IAuthorizer authorizer, TimeProvider time)
{
    public const string GitPull = "codecommit:GitPull";
    public const string GitPush = "codecommit:GitPush";
    public const string References = "codecommit:References";

    /// <param name="http">The request (source address, transport).</param>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="action"><see cref="GitPull"/> or <see cref="GitPush"/>.</param>
    /// <param name="resourceArn"><c>arn:aws:codecommit:REGION:ACCT:NAME</c>.</param>
    /// <param name="region">The request's region.</param>
    /// <param name="references">Full ref names a push changes; null evaluates without the key (connection time).</param>
    public async ValueTask<AuthorizationDecision> AuthorizeAsync(
        HttpContext http, Caller caller, string action, string resourceArn, string region, IReadOnlyList<string>? references)
    {
        var call = new CallContext(caller, RequestOrigin.FromHttp(http, region, time));
        var keys = references is null ? null : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [References] = references };
        var result = await authorizer.AuthorizeAsync(new AuthorizationRequest(call, action, resourceArn, keys), http.RequestAborted);
        return result.Decision;
    }

    /// <summary>The refusal in AWS's wording, e.g. for a <c>remote:</c> line.</summary>
    public static string DeniedMessage(Caller caller, string action, string resourceArn, AuthorizationDecision decision) =>
        AccessDeniedException.Sentence(caller, action, resourceArn, new AuthorizationResult(decision));
}
