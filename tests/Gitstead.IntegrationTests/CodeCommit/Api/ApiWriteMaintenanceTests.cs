using System.Text;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Commits made through the API (PutFile, CreateCommit, DeleteFile, merges,
/// CreateUnreferencedMergeCommit) leave loose objects, as a push leaves a pack: they queue the
/// repository's background maintenance just as a push does, which folds them into a pack under a
/// multi-pack index with a bitmap and writes a commit graph. No git push is made here.
/// </summary>
public abstract class ApiWriteMaintenanceTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task ApiCommitsAlone_QueueMaintenance_LooseObjectsArePackedWithABitmapAndACommitGraph()
    {
        // Arrange
        var repository = await server.NewRepositoryAsync("api-maintained");
        var bare = server.BareRepository(repository.RepositoryId);
        var write = (string file, string? parent) => new Dictionary<string, object?>
        {
            ["repositoryName"] = repository.Name,
            ["branchName"] = "main",
            ["filePath"] = file,
            ["fileContent"] = Blob($"{file}\n"),
            ["parentCommitId"] = parent,
        }.Where(p => p.Value is not null).ToDictionary();

        // Act: three API commits on main, a branch with one more, and a merge of it into main.
        string? tip = null;
        foreach (var file in new[] { "a.txt", "b.txt", "c.txt" })
        {
            tip = (string)(await Call("PutFile", write(file, tip))).Ok()["commitId"]!;
        }

        (await Call("CreateBranch", new { repositoryName = repository.Name, branchName = "feature", commitId = tip })).Ok();
        (await Call("CreateCommit", new
        {
            repositoryName = repository.Name,
            branchName = "feature",
            parentCommitId = tip,
            putFiles = new[] { new { filePath = "d.txt", fileContent = Blob("d\n") } },
        })).Ok();
        (await Call("PutFile", write("e.txt", tip))).Ok();
        var merged = (await Call("MergeBranchesByThreeWay", new
        {
            repositoryName = repository.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
        })).Ok();

        // Assert: eventually nothing is loose, and the pack has a bitmap and the history a commit graph.
        var pack = Path.Combine(bare, "objects", "pack");
        var maintained = await EventuallyAsync(() =>
            !Directory.EnumerateDirectories(Path.Combine(bare, "objects"), "??").SelectMany(Directory.EnumerateFiles).Any()
            && Directory.Exists(pack) && Directory.EnumerateFiles(pack, "multi-pack-index-*.bitmap").Any()
            && File.Exists(Path.Combine(bare, "objects", "info", "commit-graph")));
        var loose = Directory.EnumerateDirectories(Path.Combine(bare, "objects"), "??").SelectMany(Directory.EnumerateFiles).Count();
        Assert.True(maintained, $"{loose} loose objects and no bitmap or commit graph after the API commits");
        var objects = (await ProcessRunner.RunAsync("git", ["-C", bare, "count-objects", "-v"], new Dictionary<string, string>())).Stdout;
        Assert.Contains("count: 0\n", objects, StringComparison.Ordinal);
        var log = await ProcessRunner.RunAsync("git", ["-C", bare, "log", "--format=%H", "-1", "main"], new Dictionary<string, string>());
        Assert.Equal((string)merged["commitId"]!, log.Stdout.Trim());
        var fsck = await ProcessRunner.RunAsync("git", ["-C", bare, "fsck", "--strict"], new Dictionary<string, string>());
        Assert.True(fsck.ExitCode == 0, fsck.Stderr);
    }

    private Task<BotoResult> Call(string operation, object parameters) => server.Boto3Async(server.Root, "codecommit", operation, parameters);

    private static Dictionary<string, string> Blob(string text) => new() { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) };

    /// <summary>Polls the condition while the background maintenance runs; the assertion is on its effect, never on how long it took.</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(200))
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

public sealed class ApiWriteMaintenanceOnSqlite(SqliteServer server) : ApiWriteMaintenanceTests<SqliteServer>(server);

public sealed class ApiWriteMaintenanceOnPostgres(PostgresServer server) : ApiWriteMaintenanceTests<PostgresServer>(server);
