using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>A repository renamed with <c>aws codecommit update-repository-name</c> clones under its new name only.</summary>
public abstract class GitRenamedRepositoryTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task RenamedRepository_ClonesUnderItsNewName()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "before", commits: 2);
        var head = await git.OkAsync(clone, "rev-parse", "HEAD");
        var newName = GitsteadServer.UniqueName("after");
        (await server.RunAwsAsync(server.Root, "codecommit", "update-repository-name",
            "--old-name", repository.Name, "--new-name", newName)).Ok();
        var newUrl = (string)(await server.GetRepositoryAsync(newName))["cloneUrlHttp"];
        var copy = git.NewPath("renamed");

        var renamed = await git.RunAsync(git.Root, [.. login, "clone", "-q", newUrl, copy]);
        var old = await git.RunAsync(git.Root, [.. login, "ls-remote", repository.CloneUrl]);

        renamed.Ok();
        Assert.Equal(head, await git.OkAsync(copy, "rev-parse", "HEAD"));
        Assert.Contains("not found", old.Failed(), StringComparison.Ordinal);
    }
}

public sealed class GitRenamedRepositoryOnSqlite(SqliteServer server) : GitRenamedRepositoryTests<SqliteServer>(server);

public sealed class GitRenamedRepositoryOnPostgres(PostgresServer server) : GitRenamedRepositoryTests<PostgresServer>(server);
