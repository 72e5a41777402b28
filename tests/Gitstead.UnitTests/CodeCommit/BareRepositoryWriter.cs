using System.Diagnostics;
using System.Text;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// Writes objects and refs into a bare repository with the real git's plumbing (its own
/// process calls, not the code under test), and reads back what git itself says of them.
/// </summary>
internal sealed class BareRepositoryWriter(string path)
{
    private long _clock = 1_700_000_000;

    public string Path { get; } = path;

    /// <summary>Creates a bare repository in a fresh temporary directory.</summary>
    public static BareRepositoryWriter CreateTemporary()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gitstead-unit-" + Guid.NewGuid().ToString("N") + ".git");
        Git(System.IO.Path.GetTempPath(), null, ["init", "--bare", "--quiet", path]);
        return new BareRepositoryWriter(path);
    }

    public string Blob(byte[] content) => Text(content, "hash-object", "-w", "--stdin");

    public string Blob(string content) => Blob(Encoding.UTF8.GetBytes(content));

    /// <summary>
    /// Writes nested trees for <paramref name="files"/> (path → git mode and object id; mode
    /// <c>160000</c> is a gitlink) with <c>git mktree -z</c>, so any name is written exactly; returns the root.
    /// </summary>
    public string Tree(IReadOnlyDictionary<string, (string Mode, string Id)> files)
    {
        var here = new StringBuilder();
        foreach (var group in files.GroupBy(f => f.Key.Split('/')[0], StringComparer.Ordinal))
        {
            var nested = group.Where(f => f.Key.Contains('/')).ToDictionary(f => f.Key[(group.Key.Length + 1)..], f => f.Value);
            if (nested.Count > 0)
            {
                here.Append($"040000 tree {Tree(nested)}\t{group.Key}\0");
                continue;
            }

            var (mode, id) = group.Single().Value;
            var type = mode == "160000" ? "commit" : "blob";
            here.Append($"{mode} {type} {id}\t{group.Key}\0");
        }

        return Text(Encoding.UTF8.GetBytes(here.ToString()), "mktree", "-z", "--missing");
    }

    /// <summary>A commit with a fixed identity and a date one minute after the last one.</summary>
    public string Commit(string tree, string message, params string[] parents)
    {
        _clock += 60;
        return Text(Encoding.UTF8.GetBytes(message), ["commit-tree", tree, .. parents.SelectMany(p => new[] { "-p", p })]);
    }

    public void SetRef(string name, string id) => Run(null, "update-ref", name, id);

    /// <summary>An annotated tag object for <paramref name="target"/> of <paramref name="type"/>; returns the tag's id.</summary>
    public string AnnotatedTag(string name, string target, string type) =>
        Text(Encoding.UTF8.GetBytes($"object {target}\ntype {type}\ntag {name}\ntagger Test <test@example.com> 1700000000 +0000\n\n{name}\n"), "mktag");

    /// <summary>git's stdout, trimmed of the line end.</summary>
    public string Text(params string[] args) => Text(null, args);

    public byte[] Run(byte[]? stdin, params string[] args) => Git(Path, stdin, ["--git-dir=" + Path, .. args], _clock);

    private string Text(byte[]? stdin, params string[] args) => Encoding.UTF8.GetString(Run(stdin, args)).TrimEnd('\n');

    private static byte[] Git(string workingDirectory, byte[]? stdin, string[] args, long clock = 1_700_000_000)
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
            info.Environment[$"GIT_{who}_DATE"] = $"{clock} +0000";
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
