namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// A <c>commitSpecifier</c>: a commit id, a branch or tag name, a full ref such as
/// <c>refs/heads/main</c>, or <c>HEAD</c>. git resolves it as <c>git rev-parse</c> does a name
/// (a tag before a branch of the same name); what is accepted is limited to names that
/// <c>git check-ref-format --allow-onelevel</c> allows, so no revision syntax (<c>~</c>,
/// <c>^</c>, <c>:</c>, <c>@{…}</c>, <c>:/text</c>) ever reaches git from a request.
/// </summary>
internal static class CommitSpecifiers
{
    /// <summary>Longer than any branch or tag CodeCommit allows (256) with its <c>refs/…/</c> prefix.</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// The name to give git: the specifier, or the default branch when it is absent.
    /// InvalidCommitException for a malformed one; CommitDoesNotExistException when none is given
    /// and the repository has no default branch yet.
    /// </summary>
    public static string Resolve(string? specifier, string? defaultBranch) =>
        string.IsNullOrEmpty(specifier)
            ? defaultBranch is null ? throw CodeCommitErrors.NoDefaultBranch() : "refs/heads/" + defaultBranch
            : Check(specifier);

    /// <summary>The specifier when git's ref-name rules allow it; else InvalidCommitException.</summary>
    public static string Check(string specifier) =>
        IsValid(specifier) ? specifier : throw CodeCommitErrors.InvalidCommit(specifier);

    /// <summary>git's rules for a ref name (git-check-ref-format(1)), one level allowed.</summary>
    internal static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength || name == "@" || name.StartsWith('-') || name.StartsWith('/')
            || name.EndsWith('/') || name.EndsWith('.') || name.Contains("..") || name.Contains("@{") || name.Contains("//"))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c < 0x20 || c == 0x7F || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            {
                return false;
            }
        }

        return name.Split('/').All(part => !part.StartsWith('.') && !part.EndsWith(".lock", StringComparison.Ordinal));
    }
}
