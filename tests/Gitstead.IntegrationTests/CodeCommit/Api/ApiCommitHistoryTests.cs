using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// BatchGetCommits and ListFileCommitHistory against <c>git rev-list</c> and <c>git rev-parse</c>
/// on the same commits: the versions of a file whose history forks and joins, each with the
/// blob git stored and the later versions that follow it, paged to the end.
/// </summary>
public abstract class ApiCommitHistoryTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task BatchGetCommits_FoundMissingAndMalformedIds_CommitsAsGetCommitAndOneErrorEach()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var (first, merge) = (repo.Commits["first"], repo.Commits["merge"]);
        var missing = new string('d', 40);

        // Act
        var answer = (await repo.CallAsync("BatchGetCommits", new { repositoryName = repo.Name, commitIds = new[] { merge, missing, "abc123", first } })).Ok();
        var single = (await repo.CallAsync("GetCommit", new { repositoryName = repo.Name, commitId = merge })).Ok();

        // Assert
        var commits = answer["commits"]!.AsArray();
        Assert.Equal([merge, first], commits.Select(c => (string)c!["commitId"]));
        Assert.True(JsonNode.DeepEquals(single["commit"], commits[0]), commits[0]!.ToJsonString());
        Assert.Equal([repo.Commits["second"], repo.Commits["side"]], commits[0]!["parents"]!.AsArray().Select(p => (string)p));
        Assert.Equal(await repo.GitAsync("rev-parse", first + "^{tree}"), (string)commits[1]!["treeId"]);
        var errors = answer["errors"]!.AsArray().ToDictionary(e => (string)e!["commitId"], e => (string)e!["errorCode"]);
        Assert.Equal(new Dictionary<string, string> { [missing] = "CommitIdDoesNotExistException", ["abc123"] = "InvalidCommitIdException" }, errors);
        Assert.All(answer["errors"]!.AsArray(), e => Assert.False(string.IsNullOrEmpty((string)e!["errorMessage"])));
    }

    [Fact]
    public async Task BatchGetCommits_WithTheAwsCli_DescribesEachCommit()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var answer = (await server.RunAwsAsync(server.Root, "codecommit", "batch-get-commits", "--repository-name", repo.Name,
            "--commit-ids", repo.Commits["second"], repo.Commits["third"])).Ok();

        // Assert
        Assert.Equal(["second\n", "third\n"], answer["commits"]!.AsArray().Select(c => (string)c!["message"]));
        Assert.Empty(answer["errors"]!.AsArray());
    }

    [Theory]
    [InlineData(0, "CommitIdsListRequiredException")]
    [InlineData(101, "CommitIdsLimitExceededException")]
    public async Task BatchGetCommits_NoIdsOrTooMany_RaisesTheModelledException(int count, string code)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var ids = Enumerable.Range(0, count).Select(i => i.ToString("x40")).ToArray();

        // Act
        var error = (await repo.CallAsync("BatchGetCommits", new { repositoryName = repo.Name, commitIds = ids })).Failed();

        // Assert
        Assert.Equal((code, 400), (error.Code, error.Status));
    }

    [Theory]
    [InlineData("dag.txt")]
    [InlineData("src/app/main.c")]
    [InlineData("README.md")]
    public async Task ListFileCommitHistory_FileOfMain_VersionsAndChildrenAsGitRevListGraphsThem(string path)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var graph = await RevListAsync(repo, "main", path);

        // Act
        var answer = (await repo.CallAsync("ListFileCommitHistory", new { repositoryName = repo.Name, filePath = path })).Ok();

        // Assert
        await AssertDagAsync(repo, path, graph, answer["revisionDag"]!.AsArray());
        Assert.Null(answer["nextToken"]);
    }

    [Fact]
    public async Task ListFileCommitHistory_ForkedAndJoinedHistory_TheFirstVersionHasBothBranchesAsChildren()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var answer = (await repo.CallAsync("ListFileCommitHistory", new { repositoryName = repo.Name, filePath = "dag.txt", commitSpecifier = "main" })).Ok();

        // Assert
        var children = answer["revisionDag"]!.AsArray().ToDictionary(v => (string)v!["commit"]!["commitId"], v => v!["revisionChildren"]!.AsArray().Select(c => (string)c).Order().ToList());
        Assert.Equal(new[] { repo.Commits["second"], repo.Commits["side"] }.Order(), children[repo.Commits["first"]]);
        Assert.Equal([repo.Commits["merge"]], children[repo.Commits["side"]]);
        Assert.Empty(children[repo.Commits["merge"]]);
    }

    [Fact]
    public async Task ListFileCommitHistory_PagedByOne_WalkedToTheEnd_EveryVersionOnce()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var graph = await RevListAsync(repo, "main", "dag.txt");

        // Act
        var collected = new JsonArray();
        string token = null;
        do
        {
            var parameters = new JsonObject { ["repositoryName"] = repo.Name, ["filePath"] = "dag.txt", ["maxResults"] = 1 };
            if (token is not null)
            {
                parameters["nextToken"] = token;
            }

            var page = (await repo.CallAsync("ListFileCommitHistory", parameters)).Ok();
            Assert.Single(page["revisionDag"]!.AsArray());
            collected.Add(page["revisionDag"]![0]!.DeepClone());
            token = (string)page["nextToken"];
        }
        while (token is not null);

        // Assert
        Assert.Equal(4, graph.Count);
        await AssertDagAsync(repo, "dag.txt", graph, collected);
    }

    [Fact]
    public async Task ListFileCommitHistory_AtTheTag_OnlyTheVersionsBeforeIt()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var answer = (await server.RunAwsAsync(server.Root, "codecommit", "list-file-commit-history", "--repository-name", repo.Name,
            "--commit-specifier", "v1", "--file-path", "/src/app/main.c")).Ok();

        // Assert
        var only = Assert.Single(answer["revisionDag"]!.AsArray());
        Assert.Equal(repo.Commits["first"], (string)only!["commit"]!["commitId"]);
        Assert.Equal(await repo.GitAsync("rev-parse", "v1:src/app/main.c"), (string)only["blobId"]);
        Assert.Empty(only["revisionChildren"]!.AsArray());
    }

    [Theory]
    [InlineData("main", "dag.txt", 0, null, "InvalidMaxResultsException")]
    [InlineData("main", "dag.txt", 10, "bm90IGEgdG9rZW4", "InvalidContinuationTokenException")]
    [InlineData("nothing-here", "dag.txt", 10, null, "CommitDoesNotExistException")]
    [InlineData("main..side", "dag.txt", 10, null, "InvalidCommitException")]
    [InlineData("main", "", 10, null, "PathRequiredException")]
    public async Task ListFileCommitHistory_BadInput_RaisesTheModelledException(string specifier, string path, int maxResults, string? token, string code)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var parameters = new JsonObject { ["repositoryName"] = repo.Name, ["commitSpecifier"] = specifier, ["filePath"] = path, ["maxResults"] = maxResults };
        if (token is not null)
        {
            parameters["nextToken"] = token;
        }

        // Act
        var error = (await repo.CallAsync("ListFileCommitHistory", parameters)).Failed();

        // Assert
        Assert.Equal((code, 400), (error.Code, error.Status));
    }

    /// <summary><c>git rev-list --parents START -- PATH</c>: the file's commits, newest first, with parents rewritten to them.</summary>
    private static async Task<List<(string Commit, string[] Parents)>> RevListAsync(ContentRepository repo, string start, string path) =>
        [.. (await repo.GitAsync("rev-list", "--parents", start, "--", path)).Split('\n').Select(line => line.Split(' ')).Select(ids => (ids[0], ids[1..]))];

    private static async Task AssertDagAsync(ContentRepository repo, string path, List<(string Commit, string[] Parents)> graph, JsonArray dag)
    {
        Assert.Equal(graph.Select(g => g.Commit), dag.Select(v => (string)v!["commit"]!["commitId"]));
        foreach (var version in dag)
        {
            var id = (string)version!["commit"]!["commitId"];
            var children = graph.Where(g => g.Parents.Contains(id)).Select(g => g.Commit);
            Assert.Equal(children, version["revisionChildren"]!.AsArray().Select(c => (string)c));
            Assert.Equal(await repo.GitAsync("rev-parse", $"{id}:{path}"), (string)version["blobId"]);
            Assert.Equal(path, (string)version["path"]);
            Assert.Equal(await repo.GitAsync("rev-parse", $"{id}^{{tree}}"), (string)version["commit"]!["treeId"]);
            Assert.Equal(await repo.GitAsync("log", "-1", "--format=%B", id), ((string)version["commit"]!["message"]).TrimEnd('\n'));
        }
    }
}

// On the embedded store only: commits and file histories are read from git, and the store's part (finding the repository,
// authorizing the caller) runs on PostgreSQL in ApiRepositoryLifecycle, ApiAuthorization and the other API classes.
public sealed class ApiCommitHistoryOnSqlite(SqliteServer server) : ApiCommitHistoryTests<SqliteServer>(server);
