using Gitstead.Aws;

namespace Gitstead.Iam.Users;

/// <summary>
/// Authorizes the caller on a resource once a service knows its ARN (the target user's path is
/// only known after the lookup); throws AccessDenied when not allowed.
/// </summary>
internal delegate ValueTask ResourceCheck(string resourceArn);

internal static class ResourceChecks
{
    /// <summary>A check of <paramref name="action"/> for this request, with optional condition keys.</summary>
    public static ResourceCheck Check(
        this AwsRequestContext ctx,
        string action,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions = null) =>
        arn => ctx.AuthorizeAsync(action, arn, conditions);
}
