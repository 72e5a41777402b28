using Microsoft.Extensions.Options;

namespace Gitstead.Storage;

/// <summary>The layout of the data directory. Files that hold secrets are owner-only.</summary>
public sealed class DataDirectory
{
    public DataDirectory(IOptions<StorageOptions> options)
        : this(options.Value.DataDir)
    {
    }

    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string DatabaseFile => Path.Combine(Root, "gitstead.db");

    public string TlsDirectory => Path.Combine(Root, "tls");

    public string KeysDirectory => Path.Combine(Root, "keys");

    public string RepositoriesDirectory => Path.Combine(Root, "repositories");

    /// <summary>The bare repository of a repository id (a UUID, never a user-supplied name).</summary>
    public string RepositoryPath(string repositoryId) =>
        Guid.TryParse(repositoryId, out var id)
            ? Path.Combine(RepositoriesDirectory, id.ToString("D") + ".git")
            : throw new ArgumentException("Repository ids are UUIDs.", nameof(repositoryId));

    public string InitialCredentialsFile => Path.Combine(Root, "initial-credentials.json");

    /// <summary>
    /// Creates the directory tree, owner-only on Unix, and takes read access away from others on
    /// the files that hold secrets if an earlier version, or an operator's umask, left them
    /// readable (the database holds password hashes; SQLite's <c>-wal</c> holds its latest pages).
    /// </summary>
    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, TlsDirectory, KeysDirectory, RepositoriesDirectory })
        {
            if (!Directory.Exists(dir))
            {
                Directory.CreateDirectory(dir);
                RestrictToOwner(dir, directory: true);
            }
        }

        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm", DatabaseFile + "-journal", InitialCredentialsFile })
        {
            if (File.Exists(file))
            {
                RestrictToOwner(file, directory: false);
            }
        }
    }

    /// <summary>
    /// Makes every file and directory this process creates from now on owner-only (umask 077),
    /// whatever the mode of the directory it lands in: SQLite's database and its <c>-wal</c> and
    /// <c>-shm</c> files, keys, the CA, repositories. Call once, first thing at start; no-op on Windows.
    /// </summary>
    public static void RestrictNewFilesToOwner()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SetUmask(0b000_111_111);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);

    /// <summary>Writes a file that only the owner may read, creating it with that mode.</summary>
    public static void WriteSecretFile(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
    }

    /// <summary>
    /// Writes an owner-only file atomically: the content goes to a temporary file beside it,
    /// flushed to disk, which then takes the name, so a reader sees the old file or the whole
    /// new one, never a part. Without <paramref name="replace"/> an existing file wins and
    /// false is returned (another process created it first).
    /// </summary>
    public static bool WriteSecretFileAtomically(string path, byte[] content, bool replace)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            // Without overwrite, .NET moves with link()+unlink() on Unix: no window in which
            // another process's file is replaced.
            File.Move(temporary, path, overwrite: replace);
            return true;
        }
        catch (IOException) when (!replace && File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void RestrictToOwner(string path, bool directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (directory)
        {
            mode |= UnixFileMode.UserExecute;
        }

        File.SetUnixFileMode(path, mode);
    }
}
