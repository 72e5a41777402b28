using System.Text.RegularExpressions;
using Gitstead.Aws;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Sts;

/// <summary>
/// STS operations: GetCallerIdentity and GetSessionToken. Neither needs an IAM permission
/// (model documentation of both), so their services never call the authorizer.
/// </summary>
internal sealed partial class StsApi(CallerIdentityService identities, SessionTokenService sessions)
{
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    public Task<AwsResult> GetCallerIdentityAsync(AwsRequestContext ctx)
    {
        var identity = identities.GetCallerIdentity(ctx.Call);
        return Task.FromResult(AwsResult.Xml(E("UserId", identity.UserId), E("Account", identity.Account), E("Arn", identity.Arn)));
    }

    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
    public async Task<AwsResult> GetSessionTokenAsync(AwsRequestContext ctx)
    {
        var duration = ctx.Query.Int("DurationSeconds", SessionTokenService.MinSeconds, SessionTokenService.MaxSeconds);
        var serialNumber = ctx.Query.String("SerialNumber", 9, 256, SerialNumberRegex());
        var tokenCode = ctx.Query.String("TokenCode", 6, 6, TokenCodeRegex());
        var issued = await sessions.GetSessionTokenAsync(ctx.Call, duration, serialNumber is not null || tokenCode is not null, ctx.Aborted);
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
