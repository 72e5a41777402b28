namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// Splits what follows <c>/browse/</c> or <c>/raw/</c> into a ref and a path. Branch and tag
/// names may hold slashes (<c>feature/login</c>), so the longest known ref the text starts with
/// wins, as GitHub reads its URLs; otherwise the first segment is the ref (a commit id, or a
/// name the service will refuse with its own message).
/// </summary>
public static class RefPath
{
    public static (string? Ref, string Path) Split(string? rest, IEnumerable<string> knownRefs)
    {
        var text = (rest ?? "").Trim('/');
        if (text.Length == 0)
        {
            return (null, "");
        }

        var best = knownRefs
            .Where(r => text == r || text.StartsWith(r + "/", StringComparison.Ordinal))
            .MaxBy(r => r.Length);
        if (best is not null)
        {
            return (best, text.Length == best.Length ? "" : text[(best.Length + 1)..]);
        }

        var slash = text.IndexOf('/');
        return slash < 0 ? (text, "") : (text[..slash], text[(slash + 1)..]);
    }

    /// <summary>A ref and a path as URL segments, each name escaped: <c>feature%2Fx</c> stays one ref only when the ref has no slash.</summary>
    public static string Join(string reference, string path)
    {
        var refPart = string.Join('/', reference.Split('/').Select(Uri.EscapeDataString));
        return path.Length == 0 ? refPart : refPart + "/" + EscapePath(path);
    }

    /// <summary>Each name of a path escaped, the slashes kept.</summary>
    public static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The folders of a path with their own paths, root first: <c>a/b/c</c> → (a, a), (b, a/b), (c, a/b/c).</summary>
    public static IEnumerable<(string Name, string Path)> Crumbs(string path)
    {
        if (path.Length == 0)
        {
            yield break;
        }

        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            yield return (parts[i], string.Join('/', parts[..(i + 1)]));
        }
    }
}
