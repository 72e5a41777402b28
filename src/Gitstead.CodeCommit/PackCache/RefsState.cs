using System.Security.Cryptography;
using System.Text;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// A digest of a bare repository's refs as they are on disk: <c>HEAD</c>, <c>packed-refs</c>,
/// every loose ref under <c>refs/</c> (name and content) and the reftable list. Part of every
/// cache key, so a pack made before a ref changed is never served after it, whoever changed it
/// (a push, an API commit, a merge, a branch call, on any node sharing the repository): the only
/// output of pack-objects that depends on refs rather than on its input is <c>--include-tag</c>,
/// but keying on the refs keeps every cached pack exactly what git would make now. Reading the
/// files costs what git's own ref advertisement costs, without starting a process. A change
/// that leaves the refs the same (<c>git pack-refs</c>) only costs one miss.
/// </summary>
internal static class RefsState
{
    public static string Of(string repositoryPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, repositoryPath, "HEAD");
        Add(hash, repositoryPath, "packed-refs");
        Add(hash, repositoryPath, Path.Combine("reftable", "tables.list"));
        var refs = Path.Combine(repositoryPath, "refs");
        if (Directory.Exists(refs))
        {
            var files = Directory.EnumerateFiles(refs, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Select(f => Path.GetRelativePath(repositoryPath, f))
                .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                Add(hash, repositoryPath, file);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The file's name and content, or its name alone when it is absent (or vanished while we looked).</summary>
    private static void Add(IncrementalHash hash, string root, string relative)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(relative + "\0"));
        try
        {
            using var file = new FileStream(Path.Combine(root, relative), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            var buffer = new byte[4096];
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            hash.AppendData("\0present\0"u8);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            hash.AppendData("\0absent\0"u8);
        }
    }
}
