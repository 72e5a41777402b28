using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Gitstead.UnitTests.Git;

/// <summary>
/// A bare repository in a fresh temporary directory, filled with the real git through its
/// own process calls (not the code under test), removed on dispose.
/// </summary>
internal sealed class TemporaryRepository : IDisposable
{
    private TemporaryRepository(string path) => Path = path;

    public string Path { get; }

    public static TemporaryRepository Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gitstead-unit-" + Guid.NewGuid().ToString("N") + ".git");
        Git(System.IO.Path.GetTempPath(), null, "init", "--bare", "--quiet", path);
        return new TemporaryRepository(path);
    }

    /// <summary>Writes a loose blob and returns its id.</summary>
    public string WriteBlob(byte[] content) => Text(content, "hash-object", "-w", "--stdin");

    /// <summary>Writes a tree from <c>git ls-tree</c>-style lines and returns its id.</summary>
    public string WriteTree(string lines) => Text(Encoding.UTF8.GetBytes(lines), "mktree");

    /// <summary>Writes a commit with a fixed author and date and returns its id.</summary>
    public string WriteCommit(string tree, string message, params string[] parents) =>
        Text(Encoding.UTF8.GetBytes(message), ["commit-tree", tree, .. parents.SelectMany(p => new[] { "-p", p })]);

    /// <summary>The raw content of an object, as git prints it.</summary>
    public byte[] Show(string type, string id) => Run(null, "cat-file", type, id);

    /// <summary>Moves objects into a new pack and drops their loose copies, as a push leaves them.</summary>
    public void Pack(params string[] ids)
    {
        Run(Encoding.ASCII.GetBytes(string.Join('\n', ids) + "\n"), "pack-objects", "-q", System.IO.Path.Combine(Path, "objects", "pack", "pack"));
        Run(null, "prune-packed");
    }

    public byte[] Run(byte[]? stdin, params string[] args) => Git(Path, stdin, ["--git-dir=" + Path, .. args]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    /// <summary>The id git gives <paramref name="content"/> as an object of <paramref name="type"/> (SHA-1).</summary>
    public static string ObjectId(string type, byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"{type} {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }

    private string Text(byte[]? stdin, params string[] args) => Encoding.UTF8.GetString(Run(stdin, args)).Trim();

    private static byte[] Git(string workingDirectory, byte[]? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        foreach (var who in new[] { "AUTHOR", "COMMITTER" })
        {
            info.Environment[$"GIT_{who}_NAME"] = "Test";
            info.Environment[$"GIT_{who}_EMAIL"] = "test@example.com";
            info.Environment[$"GIT_{who}_DATE"] = "1700000000 +0000";
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var writing = Task.Run(() =>
        {
            process.StandardInput.BaseStream.Write(stdin ?? []);
            process.StandardInput.Close();
        });
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        process.WaitForExit();
        writing.Wait();
        return process.ExitCode == 0
            ? stdout.ToArray()
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr.Result}");
    }
}
