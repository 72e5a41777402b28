using System.Text.RegularExpressions;
using Gitstead.Aws;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Sts;

/// <summary>
/// STS operations. Neither needs an IAM permission: GetCallerIdentity answers even under an
/// explicit deny, and GetSessionToken is an authentication operation that policies cannot
/// control (model documentation of both), so neither calls the authorizer.
/// </summary>
internal sealed partial class StsApi(SessionTokenService sessions)
{
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    // Session credentials carry their parent's identity, so they answer as the parent user (or root).
    public Task<AwsResult> GetCallerIdentityAsync(AwsRequestContext ctx)
    {
        var caller = ctx.Caller;
        return Task.FromResult(AwsResult.Xml(
            E("UserId", caller.UserId),
            E("Account", caller.AccountId),
            E("Arn", caller.Arn)));
    }

    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
    public async Task<AwsResult> GetSessionTokenAsync(AwsRequestContext ctx)
    {
        var duration = ctx.Query.Int("DurationSeconds", SessionTokenService.MinSeconds, SessionTokenService.MaxSeconds);
        var serialNumber = ctx.Query.String("SerialNumber", 9, 256, SerialNumberRegex());
        var tokenCode = ctx.Query.String("TokenCode", 6, 6, TokenCodeRegex());
        var issued = await sessions.GetSessionTokenAsync(ctx.Caller, duration, serialNumber is not null || tokenCode is not null, ctx.Aborted);
        return AwsResult.Xml(E(
            "Credentials",
            E("AccessKeyId", issued.AccessKeyId),
            E("SecretAccessKey", issued.SecretAccessKey),
            E("SessionToken", issued.SessionToken),
            E("Expiration", Date(issued.Expiration))));
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+=/:,.@-]*\z")]
    private static partial Regex SerialNumberRegex();

    [GeneratedRegex(@"^[0-9]*\z")]
    private static partial Regex TokenCodeRegex();
}
