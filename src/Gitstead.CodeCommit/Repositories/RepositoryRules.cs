using System.Text.RegularExpressions;
using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The limits of repository names, descriptions and tags (CodeCommit quotas page and the
/// botocore model), checked by the server because clients check only required members.
/// </summary>
internal static partial class RepositoryRules
{
    public const int MaxDescriptionLength = 1000;
    public const int MaxTags = 50;

    /// <summary>The model's <c>[\w\.-]+</c>, with <c>\w</c> read as ASCII (as Java reads it).</summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>The model's <c>KmsKeyId</c> pattern.</summary>
    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex KmsKeyIdPattern();

    /// <summary>A key id, key ARN, alias name or alias ARN in the model's shape; null stays null.</summary>
    public static string? KmsKeyId(string? value) =>
        value is null || KmsKeyIdPattern().IsMatch(value)
            ? value
            : throw CodeCommitErrors.Error("EncryptionKeyInvalidIdException", $"The Key Management Service encryption key ID is not valid: {value}");

    /// <summary>ListRepositories' <c>sortBy</c>: repositoryName (default) or lastModifiedDate.</summary>
    public static RepositorySort Sort(string? value) => value switch
    {
        null or "repositoryName" => RepositorySort.RepositoryName,
        "lastModifiedDate" => RepositorySort.LastModifiedDate,
        _ => throw CodeCommitErrors.Error("InvalidSortByException", $"The specified sort by value is not valid: {value}"),
    };

    /// <summary>ListRepositories' <c>order</c>: true for ascending (the default).</summary>
    public static bool Ascending(string? value) => value switch
    {
        null or "ascending" => true,
        "descending" => false,
        _ => throw CodeCommitErrors.Error("InvalidOrderException", $"The specified sort order is not valid: {value}"),
    };

    public static bool IsValidName(string name) =>
        NamePattern().IsMatch(name) && !name.EndsWith(".git", StringComparison.OrdinalIgnoreCase);

    /// <summary>A repository name from a request: present and valid, or the modelled error.</summary>
    public static string Name(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw CodeCommitErrors.RepositoryNameRequired();
        }

        return IsValidName(value) ? value : throw CodeCommitErrors.InvalidRepositoryName();
    }

    /// <summary>0–1,000 characters of any Unicode; null stays null.</summary>
    public static string? Description(string? value) =>
        value is null || value.EnumerateRunes().Count() <= MaxDescriptionLength
            ? value
            : throw CodeCommitErrors.InvalidRepositoryDescription();

    /// <summary>Keys 1–128, values 0–256, no <c>aws:</c> keys, at most 50; returns the tags.</summary>
    public static IReadOnlyDictionary<string, string> CheckTags(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128 || value.Length > 256)
            {
                throw CodeCommitErrors.Error("InvalidTagsMapException",
                    "The map of tags is not valid. Tag keys must be 1 to 128 characters and tag values 0 to 256 characters long.");
            }

            CheckNotSystemKey(key);
        }

        CheckTagCount(tags.Count);
        return tags;
    }

    public static void CheckTagCount(int count)
    {
        if (count > MaxTags)
        {
            throw CodeCommitErrors.Error("TooManyTagsException", $"The maximum number of tags for a repository is {MaxTags}.");
        }
    }

    public static void CheckNotSystemKey(string key)
    {
        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw CodeCommitErrors.Error("InvalidSystemTagUsageException",
                $"The tag key {key} is not valid: keys that begin with aws: are reserved for system use.");
        }
    }

    /// <summary>Condition keys of a request that sets tags: <c>aws:RequestTag/K</c> and <c>aws:TagKeys</c>.</summary>
    public static Dictionary<string, IReadOnlyList<string>> TagConditions(IReadOnlyDictionary<string, string> tags)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (tags.Count == 0)
        {
            return keys;
        }

        foreach (var (key, value) in tags)
        {
            keys[$"aws:RequestTag/{key}"] = [value];
        }

        keys["aws:TagKeys"] = tags.Keys.ToArray();
        return keys;
    }

    /// <summary>Condition keys of a request that moves branches.</summary>
    public static Dictionary<string, IReadOnlyList<string>> References(string branch) =>
        new(StringComparer.Ordinal) { ["codecommit:References"] = ["refs/heads/" + branch] };

    public static AwsServiceException Required(string code, string what) =>
        CodeCommitErrors.Error(code, $"{what} is required, but was not specified.");
}
