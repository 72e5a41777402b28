namespace Gitstead.CodeCommit.Repositories;

/// <summary>Repository ARNs: <c>arn:aws:codecommit:REGION:ACCOUNT:NAME</c>.</summary>
internal static class RepositoryArns
{
    public static string For(string region, string accountId, string name) =>
        $"arn:aws:codecommit:{region}:{accountId}:{name}";

    /// <summary>Splits a repository ARN; false when it is not one (partition aws, a name after the account).</summary>
    public static bool TryParse(string arn, out string region, out string accountId, out string name)
    {
        region = accountId = name = "";
        var parts = arn.Split(':');
        if (parts.Length != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != "codecommit"
            || parts[3].Length == 0 || parts[4].Length != 12 || !parts[4].All(char.IsAsciiDigit) || parts[5].Length == 0)
        {
            return false;
        }

        (region, accountId, name) = (parts[3], parts[4], parts[5]);
        return true;
    }
}
