using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// Two pushes to the same branch from the same base at the same time: git's own ref locking
/// lets exactly one win; the other is rejected, and the repository stays consistent.
/// </summary>
public abstract class GitConcurrentPushTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task TwoPushesFromTheSameBase_OneWinsTheOtherIsRejected()
    {
        using var git = new GitClient(server);
        var (repository, login, first) = await git.RepositoryWithHistoryAsync(server, "race", commits: 1);
        var second = git.NewPath("second");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, second])).Ok();
        var firstCommit = await WriteAsync(git, first, "first");
        var secondCommit = await WriteAsync(git, second, "second");

        var pushes = await Task.WhenAll(
            git.RunAsync(first, [.. login, "push", "origin", "HEAD:main"]),
            git.RunAsync(second, [.. login, "push", "origin", "HEAD:main"]));

        var winner = Assert.Single(pushes, p => p.Succeeded);
        var loser = Assert.Single(pushes, p => !p.Succeeded);
        Assert.Contains("rejected", loser.Stderr, StringComparison.Ordinal);
        Assert.Equal(winner == pushes[0] ? firstCommit : secondCommit, (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
        (await git.FsckAsync(server, repository)).Ok();
    }

    /// <summary>A commit with a few hundred kilobytes of its own, so both packs are in flight together.</summary>
    private static async Task<string> WriteAsync(GitClient git, string clone, string name)
    {
        await File.WriteAllBytesAsync(Path.Combine(clone, $"{name}.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(512 * 1024));
        await git.OkAsync(clone, "add", $"{name}.bin");
        await git.OkAsync(clone, "commit", "-q", "-m", name);
        return await git.OkAsync(clone, "rev-parse", "HEAD");
    }
}

public sealed class GitConcurrentPushOnSqlite(SqliteServer server) : GitConcurrentPushTests<SqliteServer>(server);

public sealed class GitConcurrentPushOnPostgres(PostgresServer server) : GitConcurrentPushTests<PostgresServer>(server);
