namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Paths of files and folders as the content operations take them: repository-relative, with
/// or without a leading <c>/</c> (AWS's documentation uses both). What comes back is the path
/// as git stores it, without leading or trailing slash; <c>""</c> is the root folder.
/// </summary>
internal static class ContentPaths
{
    /// <summary>CodeCommit's quota for a path: 4,096 characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>A file path: PathRequiredException when missing or only slashes, InvalidPathException when malformed.</summary>
    public static string File(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw CodeCommitErrors.PathRequired();
        }

        var relative = path.TrimStart('/');
        if (relative.Length == 0)
        {
            throw CodeCommitErrors.PathRequired();
        }

        return IsValid(relative) ? relative : throw CodeCommitErrors.InvalidPath(path);
    }

    /// <summary>A folder path: <c>""</c> and <c>/</c> are the root; a trailing slash is allowed.</summary>
    public static string Folder(string? path)
    {
        if (path is null)
        {
            throw CodeCommitErrors.PathRequired();
        }

        var relative = path.Trim('/');
        return relative.Length == 0 || IsValid(relative) ? relative : throw CodeCommitErrors.InvalidPath(path);
    }

    /// <summary>An optional path that limits a comparison: null when absent or empty, else as <see cref="Folder"/>.</summary>
    public static string? Optional(string? path) => string.IsNullOrEmpty(path) ? null : Folder(path);

    /// <summary>The path's names, root first; none for the root.</summary>
    public static string[] Segments(string relative) => relative.Length == 0 ? [] : relative.Split('/');

    /// <summary><paramref name="name"/> inside <paramref name="folder"/> (the root is <c>""</c>).</summary>
    public static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    /// <summary>True when <paramref name="path"/> is <paramref name="scope"/> or lies beneath it.</summary>
    public static bool IsWithin(string path, string scope) =>
        path.Length == scope.Length
            ? path == scope
            : path.Length > scope.Length && path[scope.Length] == '/' && path.StartsWith(scope, StringComparison.Ordinal);

    /// <summary>
    /// No empty, <c>.</c> or <c>..</c> name, no NUL, and at most <see cref="MaxLength"/>
    /// characters: a path git could hold in a tree, reached without leaving the repository.
    /// </summary>
    internal static bool IsValid(string relative) =>
        relative.Length <= MaxLength
        && !relative.Contains('\0')
        && relative.Split('/').All(name => name is not ("" or "." or ".."));
}
