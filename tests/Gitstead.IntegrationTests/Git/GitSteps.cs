using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Git;

/// <summary>A repository as <c>aws codecommit create-repository</c> described it.</summary>
internal sealed record GitRepository(string Name, string RepositoryId, string CloneUrl);

/// <summary>
/// Steps the Git-over-HTTPS scenarios share, done as the account root. Arranging steps use boto3
/// (one long-lived process): each aws CLI call costs a Python start of its own, and the suite's
/// CLI coverage lives in the tests that are about the CLI.
/// </summary>
internal static class GitSteps
{
    public const string PowerUser = "arn:aws:iam::aws:policy/AWSCodeCommitPowerUser";
    public const string ReadOnly = "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly";

    /// <summary>Creates a repository with a unique name; its cloneUrlHttp is what the tests clone.</summary>
    public static async Task<GitRepository> NewRepositoryAsync(this GitsteadServer server, string prefix, Credentials owner = null)
    {
        var name = GitsteadServer.UniqueName(prefix);
        var metadata = (await server.Boto3Async(owner ?? server.Root, "codecommit", "CreateRepository", new { repositoryName = name }))
            .Ok()["repositoryMetadata"]!;
        return new GitRepository(name, (string)metadata["repositoryId"], (string)metadata["cloneUrlHttp"]);
    }

    /// <summary>An IAM user with the given managed policies and HTTPS Git credentials.</summary>
    public static async Task<(string UserName, GitCredentials Login)> NewGitUserAsync(this GitsteadServer server, string prefix, params string[] policyArns)
    {
        var name = GitsteadServer.UniqueName(prefix);
        await server.CreateUserAsync(name);
        foreach (var arn in policyArns)
        {
            (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = name, PolicyArn = arn })).Ok();
        }

        return (name, await server.CreateGitCredentialAsync(name));
    }

    public static async Task<JsonNode> GetRepositoryAsync(this GitsteadServer server, string name) =>
        (await server.RunAwsAsync(server.Root, "codecommit", "get-repository", "--repository-name", name)).Ok()["repositoryMetadata"]!;

    /// <summary>The server's bare repository of a repository id.</summary>
    public static string BareRepository(this GitsteadServer server, string repositoryId) =>
        Path.Combine(server.DataDir, "repositories", repositoryId + ".git");

    /// <summary>
    /// <c>git fsck --strict</c> on the server's copy: every object present and well-formed, every
    /// ref valid. The server repacks a pushed repository in the background, and <c>repack -d</c>
    /// removes loose objects once they are packed; fsck lists the loose objects first and reads
    /// them later, so one removed meanwhile reads as "unable to mmap …: No such file or
    /// directory" though it is in a pack; and a pack the repack is still writing
    /// (<c>objects/pack/.tmp-…pack</c>), or one it has folded into a new pack and removed since fsck
    /// listed it, reads as "index not opened" (or "cannot be accessed", when it went between fsck's
    /// listing and its opening). Only those failures are run again; any other is returned.
    /// </summary>
    public static async Task<GitRun> FsckAsync(this GitClient git, GitsteadServer server, GitRepository repository)
    {
        var bare = server.BareRepository(repository.RepositoryId);
        for (var attempt = 1; ; attempt++)
        {
            var run = await git.RunAsync(bare, "fsck", "--strict", "--no-progress");
            var raced = !run.Succeeded
                && ((run.Stderr.Contains("unable to mmap", StringComparison.Ordinal) && run.Stderr.Contains("No such file or directory", StringComparison.Ordinal))
                    || PacksGoneOrBeingWritten(bare, run.Stderr));
            if (!raced || attempt == 5)
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
        }
    }

    /// <summary>
    /// Whether fsck's errors are all "packfile … index not opened" or "… cannot be accessed" for packs that a repack is
    /// writing (<c>.tmp-</c>) or has removed since: a pack still there with no readable index is
    /// a real failure.
    /// </summary>
    private static bool PacksGoneOrBeingWritten(string bare, string stderr)
    {
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("error:", StringComparison.Ordinal))
            .ToList();
        const string Prefix = "error: packfile ";
        string[] suffixes = [" index not opened", " cannot be accessed"];
        return errors.Count > 0 && errors.All(line =>
            line.StartsWith(Prefix, StringComparison.Ordinal)
            && suffixes.FirstOrDefault(suffix => line.EndsWith(suffix, StringComparison.Ordinal)) is { } suffix
            && line[Prefix.Length..^suffix.Length] is var pack
            && (pack.Contains("/.tmp-", StringComparison.Ordinal) || !File.Exists(Path.Combine(bare, pack))));
    }

    /// <summary>Which commit each ref of the server's copy points at.</summary>
    public static async Task<Dictionary<string, string>> ServerRefsAsync(this GitClient git, GitsteadServer server, GitRepository repository)
    {
        var listing = await git.OkAsync(server.BareRepository(repository.RepositoryId), "for-each-ref", "--format=%(refname) %(objectname)");
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    /// <summary>
    /// A repository with <paramref name="commits"/> commits on main, pushed over HTTPS by a power
    /// user; returns the user's login options and a clone that has pushed them.
    /// </summary>
    public static async Task<(GitRepository Repository, string[] Login, string Clone)> RepositoryWithHistoryAsync(
        this GitClient git, GitsteadServer server, string prefix, int commits)
    {
        var repository = await server.NewRepositoryAsync(prefix);
        var (_, credentials) = await server.NewGitUserAsync("dev", PowerUser);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("work");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        for (var i = 1; i <= commits; i++)
        {
            await git.CommitAsync(clone, $"file-{i}.txt", $"content {i}\n", $"commit {i}");
        }

        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        return (repository, login, clone);
    }
}
