using System.Text.RegularExpressions;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// The client's <c>Git-Protocol</c> header (gitprotocol-http "Extra Parameters",
/// gitprotocol-v2 "HTTP Transport"), passed to git as <c>GIT_PROTOCOL</c> only when it has
/// the strict shape git itself sends; anything else is dropped, and git speaks protocol v0.
/// </summary>
internal static partial class GitProtocol
{
    /// <summary>The value to pass on, or null for an absent or unacceptable header.</summary>
    public static string? Accept(string? header) =>
        header is { Length: > 0 and <= 256 } && Pattern().IsMatch(header) ? header : null;

    /// <summary>True when an accepted value asks for protocol v2 (the highest version listed wins, as in git).</summary>
    public static bool IsVersion2(string? accepted) =>
        accepted is not null && accepted.Split(':').Any(p => p == "version=2");

    [GeneratedRegex("^version=[0-9]+(:[a-z0-9=._-]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
