using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// A repository with every kind of content the content API describes, pushed over HTTPS by the
/// real git, and the working copy that pushed it: what git says of the same commits there is
/// what the API answers are checked against. Built once per server and only read afterwards.
/// </summary>
internal sealed class ContentRepository
{
    private static readonly ConcurrentDictionary<GitsteadServer, Lazy<Task<ContentRepository>>> s_built = new();

    private ContentRepository(GitsteadServer server, GitClient git, string name, string clone)
    {
        Server = server;
        Git = git;
        Name = name;
        Clone = clone;
    }

    public GitsteadServer Server { get; }

    public GitClient Git { get; }

    public string Name { get; }

    /// <summary>The working copy that made and pushed the commits.</summary>
    public string Clone { get; }

    /// <summary>Commit ids by their message: first, second, third, side, merge (the tip of main).</summary>
    public Dictionary<string, string> Commits { get; } = [];

    /// <summary>Larger than <c>FileService.MaxContentBytes</c> (6 MiB).</summary>
    public const string BigFile = "big.bin";

    /// <summary>The repository of <paramref name="server"/>, made on first use.</summary>
    public static Task<ContentRepository> OfAsync(GitsteadServer server) =>
        s_built.GetOrAdd(server, s => new Lazy<Task<ContentRepository>>(() => BuildAsync(s))).Value;

    /// <summary>
    /// first: files in folders, an executable, a symlink, a submodule, a binary file, non-ASCII
    /// and space-holding names. second: a modification, a rename of a file and of a folder, a
    /// deletion. A side branch and main both change dag.txt and are merged (a file history that
    /// forks and joins), then third adds a file over the API's size limit. Tag v1 is on first.
    /// </summary>
    private static async Task<ContentRepository> BuildAsync(GitsteadServer server)
    {
        var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("content");
        var (_, credentials) = await server.NewGitUserAsync("author", GitSteps.PowerUser);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("content");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-b", "main");
        var content = new ContentRepository(server, git, repository.Name, clone);
        await content.WriteAsync("README.md", "# Demo\n");
        await content.WriteAsync("src/app/main.c", "int main(void) { return 0; }\n");
        await content.WriteAsync("src/app/util.c", "int util(void) { return 1; }\n");
        await content.WriteAsync("bin/run.sh", "#!/bin/sh\necho run\n");
        await content.WriteAsync("docs/guide.md", "A guide.\n");
        await content.WriteAsync("docs/naïve café.md", "Crème brûlée.\n");
        await content.WriteAsync("space dir/a file.txt", "spaced out\n");
        await content.WriteAsync("old-folder/x.txt", "x before\n");
        await content.WriteAsync("dag.txt", string.Concat(Enumerable.Range(1, 10).Select(i => $"line {i}\n")));
        await content.WriteAsync("assets/logo.png", [137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
        File.CreateSymbolicLink(Path.Combine(clone, "link-to-readme"), "README.md");
        Directory.CreateDirectory(Path.Combine(clone, "vendor", "lib")); // an uninitialised submodule is an empty folder
        File.SetUnixFileMode(Path.Combine(clone, "bin", "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await git.OkAsync(clone, "add", "-A");
        await git.OkAsync(clone, "update-index", "--add", "--cacheinfo", "160000,1234567890abcdef1234567890abcdef12345678,vendor/lib");
        await content.CommitAsync("first");

        await content.WriteAsync("src/app/main.c", "int main(void) { return 2; }\n");
        await git.OkAsync(clone, "mv", "docs/guide.md", "docs/manual.md");
        await git.OkAsync(clone, "mv", "old-folder", "new-folder");
        await content.WriteAsync("new-folder/x.txt", "x after\n");
        await git.OkAsync(clone, "rm", "-q", "space dir/a file.txt");
        await content.WriteAsync("dag.txt", "line 1 on main\n" + string.Concat(Enumerable.Range(2, 9).Select(i => $"line {i}\n")));
        await content.CommitAsync("second");

        await git.OkAsync(clone, "checkout", "-q", "-b", "side", content.Commits["first"]);
        await content.WriteAsync("dag.txt", string.Concat(Enumerable.Range(1, 9).Select(i => $"line {i}\n")) + "line 10 on side\n");
        await content.CommitAsync("side");
        await git.OkAsync(clone, "checkout", "-q", "main");
        await git.OkAsync(clone, "merge", "-q", "--no-edit", "-m", "merge", "side");
        content.Commits["merge"] = await git.OkAsync(clone, "rev-parse", "HEAD");

        await content.WriteAsync("src/app/main.c", "int main(void) { return 3; }\n");
        var big = new byte[(6 * 1024 * 1024) + 1];
        RandomNumberGenerator.Fill(big);
        await content.WriteAsync(BigFile, big);
        await content.CommitAsync("third");
        await git.OkAsync(clone, "tag", "-a", "v1", "-m", "v1", content.Commits["first"]);
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "main", "side", "refs/tags/v1"])).Ok();
        return content;
    }

    /// <summary>git's trimmed stdout in the working copy.</summary>
    public Task<string> GitAsync(params string[] args) => Git.OkAsync(Clone, args);

    /// <summary>
    /// <c>git ls-tree -z TREEISH</c> as (mode, type, id, name) rows: NUL ends every entry, so
    /// names are read exactly.
    /// </summary>
    public async Task<List<(string Mode, string Type, string Id, string Name)>> LsTreeAsync(string treeish, bool recursive = false)
    {
        var output = (await Git.RunAsync(Clone, recursive ? ["ls-tree", "-r", "-z", treeish] : ["ls-tree", "-z", treeish])).Ok();
        return [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var (meta, name) = (entry[..entry.IndexOf('\t')], entry[(entry.IndexOf('\t') + 1)..]);
            var fields = meta.Split(' ');
            return (fields[0], fields[1], fields[2], name);
        })];
    }

    /// <summary><c>git diff-tree -r -z --no-renames</c> as Difference objects in the API's JSON shape, keyed by path.</summary>
    public async Task<Dictionary<string, JsonObject>> DiffTreeAsync(string before, string after)
    {
        var fields = (await Git.RunAsync(Clone, "diff-tree", "-r", "-z", "--no-renames", before, after)).Ok().Split('\0');
        var differences = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var meta = fields[i].TrimStart(':').Split(' ');
            var path = fields[i + 1];
            var difference = new JsonObject();
            if (meta[4] != "A")
            {
                difference["beforeBlob"] = new JsonObject { ["blobId"] = meta[2], ["path"] = path, ["mode"] = meta[0] };
            }

            if (meta[4] != "D")
            {
                difference["afterBlob"] = new JsonObject { ["blobId"] = meta[3], ["path"] = path, ["mode"] = meta[1] };
            }

            difference["changeType"] = meta[4] == "T" ? "M" : meta[4];
            differences[path] = difference;
        }

        return differences;
    }

    /// <summary>The id git gives <paramref name="content"/> as a blob: equal ids mean equal bytes.</summary>
    public static string BlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    private Task WriteAsync(string path, string text) => WriteAsync(path, Encoding.UTF8.GetBytes(text));

    private async Task WriteAsync(string path, byte[] content)
    {
        var full = Path.Combine(Clone, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, content);
    }

    /// <summary>Stages every change (the submodule's empty folder stays a gitlink) and commits.</summary>
    private async Task CommitAsync(string message)
    {
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", message);
        Commits[message] = await GitAsync("rev-parse", "HEAD");
    }
}

/// <summary>Calls the content operations as a caller, with boto3.</summary>
internal static class ContentCalls
{
    public static Task<BotoResult> CallAsync(this ContentRepository repository, string operation, object parameters, Credentials caller = null) =>
        repository.Server.Boto3Async(caller ?? repository.Server.Root, "codecommit", operation, parameters);
}
