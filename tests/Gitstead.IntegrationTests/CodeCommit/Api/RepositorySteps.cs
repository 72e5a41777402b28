using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Steps the CodeCommit API scenarios share: repositories created as the account root through
/// boto3, and commits made with the real git and pushed straight into the repository's
/// directory (file://), so branch and commit reads see what git itself wrote.
/// </summary>
internal static class RepositorySteps
{
    /// <summary>Author and committer date of every commit made by <see cref="CommitAsync"/>.</summary>
    public const string CommitDate = "1700000000 -0800";

    /// <summary>Creates a repository and returns its repositoryMetadata.</summary>
    public static async Task<JsonNode> CreateRepositoryAsync(this GitsteadServer server, string name, string description = null)
    {
        var parameters = new JsonObject { ["repositoryName"] = name };
        if (description is not null)
        {
            parameters["repositoryDescription"] = description;
        }

        return (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", parameters)).Ok()["repositoryMetadata"]!;
    }

    /// <summary>A timestamp as the CLI prints it (epoch seconds) or as the boto3 driver passes it on (ISO 8601), to the millisecond.</summary>
    public static DateTimeOffset Timestamp(JsonNode value) =>
        value!.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round((double)value * 1000))
            : DateTimeOffset.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bare repository of a repository id, where the server keeps it.</summary>
    public static string RepositoryDirectory(this GitsteadServer server, string repositoryId) =>
        Path.Combine(server.DataDir, "repositories", repositoryId + ".git");

    /// <summary>A working copy outside the data directory, with one commit per message on <paramref name="branch"/>.</summary>
    public static async Task<LocalClone> CommitAsync(string branch, params string[] messages)
    {
        var clone = new LocalClone(Directory.CreateTempSubdirectory("gitstead-it-work-").FullName);
        await clone.GitAsync("init", "-q", "-b", branch);
        for (var i = 0; i < messages.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(clone.Path, "file.txt"), $"revision {i}\n");
            await clone.GitAsync("add", "file.txt");
            await clone.GitAsync("commit", "-q", "-m", messages[i]);
        }

        return clone;
    }
}

/// <summary>A local git working copy driven by the real git with a fixed identity and no user configuration.</summary>
internal sealed class LocalClone(string path) : IDisposable
{
    public string Path { get; } = path;

    public Task<string> GitAsync(params string[] args) => RunGitAsync(Path, null, args);

    public Task<string> GitWithInputAsync(string stdin, params string[] args) => RunGitAsync(Path, stdin, args);

    /// <summary>Runs git in <paramref name="directory"/> (a working copy or a bare repository); its trimmed stdout.</summary>
    public static Task<string> GitInAsync(string directory, params string[] args) => RunGitAsync(directory, null, args);

    private static async Task<string> RunGitAsync(string directory, string stdin, string[] args)
    {
        var result = await ProcessRunner.RunAsync("git", ["-C", directory, .. args], Environment(), stdin);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} exited with {result.ExitCode}: {result.Stderr}");
        }

        return result.Stdout.Trim();
    }

    /// <summary>Pushes refspecs straight into a bare repository on disk.</summary>
    public Task<string> PushAsync(string bareRepository, params string[] refspecs) =>
        GitAsync(["push", "-q", "file://" + bareRepository, .. refspecs]);

    public Task<string> HeadAsync() => GitAsync("rev-parse", "HEAD");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static Dictionary<string, string> Environment() => new()
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_AUTHOR_NAME"] = "Mary Major",
        ["GIT_AUTHOR_EMAIL"] = "mary_major@example.com",
        ["GIT_AUTHOR_DATE"] = RepositorySteps.CommitDate,
        ["GIT_COMMITTER_NAME"] = "Li Juan",
        ["GIT_COMMITTER_EMAIL"] = "li_juan@example.com",
        ["GIT_COMMITTER_DATE"] = RepositorySteps.CommitDate,
    };
}
