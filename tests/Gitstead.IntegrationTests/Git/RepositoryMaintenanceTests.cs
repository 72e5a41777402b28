using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// After pushes the server maintains the repository in the background: small packs are rolled
/// into a geometric sequence under a multi-pack index with a reachability bitmap, and a commit
/// graph is written; clones and fetches keep working throughout and see the same history.
/// </summary>
public abstract class RepositoryMaintenanceTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task AfterPushes_TheRepositoryGetsABitmapAndACommitGraph_AndServesTheSameHistory()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "maintained", commits: 3);
        for (var i = 0; i < 3; i++)
        {
            await git.CommitAsync(clone, $"more-{i}.txt", $"more {i}\n", $"more {i}");
            (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        }

        var bare = server.BareRepository(repository.RepositoryId);
        var pack = Path.Combine(bare, "objects", "pack");
        var maintained = await EventuallyAsync(() =>
            Directory.EnumerateFiles(pack, "multi-pack-index-*.bitmap").Any()
            && File.Exists(Path.Combine(bare, "objects", "info", "commit-graph"))
            && File.Exists(Path.Combine(pack, "multi-pack-index"))
            && !Directory.EnumerateDirectories(Path.Combine(bare, "objects"), "??").SelectMany(Directory.EnumerateFiles).Any());
        var packs = Directory.GetFiles(pack, "*.pack").Length;
        var objects = await git.OkAsync(bare, "count-objects", "-v");
        var copy = git.NewPath("copy");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", "--mirror", repository.CloneUrl, copy])).Ok();

        Assert.True(maintained, "no bitmap or commit graph after the pushes: " + string.Join(", ", Directory.GetFiles(pack).Select(Path.GetFileName)));
        Assert.True(packs < 4, $"{packs} packs after four pushes: they were not rolled up");
        Assert.Contains("count: 0\n", objects + "\n", StringComparison.Ordinal);
        Assert.Equal(await git.OkAsync(clone, "rev-parse", "HEAD"), await git.OkAsync(copy, "rev-parse", "refs/heads/main"));
        Assert.True((await git.FsckAsync(server, repository)).Succeeded);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(200))
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return condition();
    }
}

public sealed class RepositoryMaintenanceOnSqlite(SqliteServer server) : RepositoryMaintenanceTests<SqliteServer>(server);

public sealed class RepositoryMaintenanceOnPostgres(PostgresServer server) : RepositoryMaintenanceTests<PostgresServer>(server);
