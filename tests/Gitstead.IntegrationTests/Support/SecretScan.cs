using System.Text;

namespace Gitstead.IntegrationTests.Support;

/// <summary>Looks for a secret in everything a server keeps: its log, its database, its data directory.</summary>
public static class SecretScan
{
    private const long MaxFileBytes = 64L << 20;

    /// <summary>
    /// Where <paramref name="secret"/> (as text, hex or base64 of its UTF-8 bytes) was found;
    /// empty when nowhere. initial-credentials.json, written for the operator on purpose, is not scanned.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindAsync(GitsteadServer server, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var forms = Forms(secret);
        var places = new List<string>();
        if (ContainsAny(server.LogText, forms))
        {
            places.Add("server log");
        }

        if (ContainsAny(await server.ReadDatabaseDumpAsync(), forms))
        {
            places.Add("database");
        }

        foreach (var file in Directory.EnumerateFiles(server.DataDir, "*", SearchOption.AllDirectories))
        {
            // Empty files (the pack cache's owner lock, held exclusively while the server runs) hold nothing to find.
            var length = new FileInfo(file).Length;
            if (Path.GetFullPath(file) != Path.GetFullPath(server.InitialCredentialsPath)
                && length is > 0 and <= MaxFileBytes
                && ContainsAny(await ReadSharedAsync(file), forms))
            {
                places.Add(Path.GetRelativePath(server.DataDir, file));
            }
        }

        return places;
    }

    private static string[] Forms(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        return [secret, Convert.ToHexStringLower(bytes), Convert.ToHexString(bytes), Convert.ToBase64String(bytes).TrimEnd('=')];
    }

    private static bool ContainsAny(string text, string[] forms) => forms.Any(f => text.Contains(f, StringComparison.Ordinal));

    /// <summary>Reads a file the server may hold open (the SQLite database and its WAL), as Latin-1 so every byte maps to one char.</summary>
    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }
}
