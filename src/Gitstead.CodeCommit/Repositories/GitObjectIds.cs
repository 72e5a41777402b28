using System.Text.RegularExpressions;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>Full object ids as the API takes them: 40 hex digits (SHA-1) or 64 (SHA-256).</summary>
internal static partial class GitObjectIds
{
    [GeneratedRegex("^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex FullId();

    /// <summary>The id in lower case, or null when it is not a full object id.</summary>
    public static string? Normalize(string id) => FullId().IsMatch(id) ? id.ToLowerInvariant() : null;
}
