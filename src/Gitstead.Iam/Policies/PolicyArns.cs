using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Policy;

namespace Gitstead.Iam.Policies;

/// <summary>
/// A managed policy ARN taken apart: <c>arn:aws:iam::OWNER:policy{Path}{Name}</c>, where the
/// owner is the 12-digit account id, or <c>aws</c> for an AWS managed policy.
/// </summary>
internal readonly record struct PolicyArn(string Value, string Owner, string Path, string Name)
{
    public bool IsAwsManaged => Owner == Arns.AwsOwner;
}

/// <summary>Managed policy ARNs, and the identity of the AWS managed policies Gitstead ships.</summary>
internal static partial class PolicyArns
{
    /// <summary>What every AWS managed policy ARN starts with: <c>arn:aws:iam::aws:policy/</c>.</summary>
    public static readonly string AwsPrefix = Arns.Policy(Arns.AwsOwner, "/", "");

    /// <summary>Parses a policy ARN; anything that is not one is InvalidInput, as in AWS.</summary>
    public static PolicyArn Parse(string arn)
    {
        var match = ArnRegex().Match(arn);
        if (!match.Success)
        {
            throw IamErrors.InvalidInput($"ARN {arn} is not valid.");
        }

        return new PolicyArn(arn, match.Groups["owner"].Value, match.Groups["path"].Value, match.Groups["name"].Value);
    }

    /// <summary>
    /// The <c>ANPA…</c> id of a shipped AWS managed policy. The shipped data has no ids, so one
    /// is derived from the ARN: stable across restarts and nodes.
    /// </summary>
    public static string AwsPolicyId(AwsManagedPolicy policy)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(policy.Arn));
        var id = new StringBuilder("ANPA", 21);
        for (var i = 0; i < 17; i++)
        {
            id.Append(alphabet[hash[i] & 31]);
        }

        return id.ToString();
    }

    /// <summary>
    /// Authorizes an action that changes a managed policy. AWS managed policies belong to AWS:
    /// no identity-based policy can allow changing them, so they are denied implicitly, as in AWS.
    /// </summary>
    public static ValueTask RequireChangeAsync(this Permission permission, PolicyArn arn, CancellationToken ct) =>
        arn.IsAwsManaged
            ? throw new AccessDeniedException(permission.Caller, permission.Action, arn.Value, new AuthorizationResult(AuthorizationDecision.ImplicitDeny))
            : permission.RequireAsync(arn.Value, ct);

    public static AwsServiceException NotFound(string arn) => IamErrors.NoSuchEntity($"Policy {arn} was not found.");

    public static AwsServiceException NotAttachable(string arn) => IamErrors.NoSuchEntity($"Policy {arn} does not exist or is not attachable.");

    /// <summary>
    /// AWS managed policies belong to AWS: no account may change or delete them.
    /// (<see cref="RequireChangeAsync"/> refuses such a change first; this guards the lookup.)
    /// </summary>
    public static AwsServiceException NotChangeable(string arn) => new("AccessDenied", $"Policy {arn} cannot be changed: it is an AWS managed policy.", 403);

    [GeneratedRegex(@"^arn:aws:iam::(?<owner>[0-9]{12}|aws):policy(?<path>(?:/[A-Za-z0-9.,+@=_-]+)*/)(?<name>[A-Za-z0-9_+=,.@-]{1,128})$", RegexOptions.CultureInvariant)]
    private static partial Regex ArnRegex();
}
