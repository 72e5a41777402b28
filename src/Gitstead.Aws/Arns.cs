namespace Gitstead.Aws;

/// <summary>An ARN taken apart: <c>arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE</c>.</summary>
public readonly record struct ArnParts(string Partition, string Service, string Region, string AccountId, string Resource);

/// <summary>
/// The resource names clients see, in AWS's formats (partition <c>aws</c>): the one place ARNs
/// are written and read, so no area formats one of its own or parses one back out of a string.
/// </summary>
public static class Arns
{
    public const string Partition = "aws";

    /// <summary>The owner of AWS managed resources (managed policies) in place of an account id.</summary>
    public const string AwsOwner = "aws";

    public static string Root(string accountId) => $"arn:aws:iam::{accountId}:root";

    /// <summary><c>arn:aws:iam::ACCOUNT:user/PATH/NAME</c>; <paramref name="path"/> is <c>/</c> or <c>/a/b/</c>.</summary>
    public static string User(string accountId, string path, string userName) => $"arn:aws:iam::{accountId}:user{path}{userName}";

    public static string Group(string accountId, string path, string groupName) => $"arn:aws:iam::{accountId}:group{path}{groupName}";

    /// <summary>A managed policy; <paramref name="owner"/> is the account id, or <see cref="AwsOwner"/>.</summary>
    public static string Policy(string owner, string path, string policyName) => $"arn:aws:iam::{owner}:policy{path}{policyName}";

    public static string Repository(string region, string accountId, string repositoryName) =>
        $"arn:aws:codecommit:{region}:{accountId}:{repositoryName}";

    public static string KmsKey(string region, string accountId, string keyId) => $"arn:aws:kms:{region}:{accountId}:key/{keyId}";

    /// <summary>An alias ARN; <paramref name="aliasName"/> includes its <c>alias/</c> prefix.</summary>
    public static string KmsAlias(string region, string accountId, string aliasName) => $"arn:aws:kms:{region}:{accountId}:{aliasName}";

    /// <summary>
    /// Splits an ARN into its six parts (the resource may itself contain colons); false when
    /// the value has fewer parts, does not start with <c>arn:</c>, or has an empty partition,
    /// service or resource.
    /// </summary>
    public static bool TryParse(string? arn, out ArnParts parts)
    {
        parts = default;
        var fields = arn?.Split(':', 6);
        if (fields is not { Length: 6 } || fields[0] != "arn" || fields[1].Length == 0 || fields[2].Length == 0 || fields[5].Length == 0)
        {
            return false;
        }

        parts = new ArnParts(fields[1], fields[2], fields[3], fields[4], fields[5]);
        return true;
    }

    /// <summary>
    /// The repository an ARN names, when it is <c>arn:aws:codecommit:REGION:ACCOUNT:NAME</c> with a
    /// region, a 12-digit account and a name; false otherwise.
    /// </summary>
    public static bool TryParseRepository(string? arn, out string region, out string accountId, out string name)
    {
        region = accountId = name = "";
        if (!TryParse(arn, out var parts) || parts.Partition != Partition || parts.Service != "codecommit"
            || parts.Region.Length == 0 || !IsAccountId(parts.AccountId) || parts.Resource.Contains(':'))
        {
            return false;
        }

        (region, accountId, name) = (parts.Region, parts.AccountId, parts.Resource);
        return true;
    }

    /// <summary>Twelve ASCII digits.</summary>
    public static bool IsAccountId(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);
}
