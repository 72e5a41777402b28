using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// GetDifferences against <c>git diff-tree -r --no-renames</c> on the same commits: every
/// difference with its blobs and modes, a rename as a deletion and an addition, limited by
/// paths, paged with <c>MaxResults</c>/<c>NextToken</c> to the end, and its modelled errors.
/// </summary>
public abstract class ApiDifferencesTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task GetDifferences_FirstToSecond_EveryDifferenceGitDiffTreeReports()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var expected = await repo.DiffTreeAsync(repo.Commits["first"], repo.Commits["second"]);

        // Act
        var answer = (await repo.CallAsync("GetDifferences", new
        {
            repositoryName = repo.Name,
            beforeCommitSpecifier = repo.Commits["first"],
            afterCommitSpecifier = repo.Commits["second"],
        })).Ok();

        // Assert
        var differences = answer["differences"]!.AsArray();
        AssertSameDifferences(expected, differences);
        Assert.Null(answer["NextToken"]);
        Assert.Equal("D", (string)ByPath(differences, "docs/guide.md")["changeType"]);
        Assert.Equal("A", (string)ByPath(differences, "docs/manual.md")["changeType"]);
        Assert.Equal((string)ByPath(differences, "docs/guide.md")["beforeBlob"]!["blobId"], (string)ByPath(differences, "docs/manual.md")["afterBlob"]!["blobId"]);
        Assert.Equal("D", (string)ByPath(differences, "space dir/a file.txt")["changeType"]);
        Assert.Equal("M", (string)ByPath(differences, "src/app/main.c")["changeType"]);
    }

    [Fact]
    public async Task GetDifferences_PagedByTwo_WalkedToTheEnd_SameDifferencesOnceEach()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var (before, after) = (repo.Commits["first"], repo.Commits["third"]);
        var expected = await repo.DiffTreeAsync(before, after);

        // Act
        var collected = new JsonArray();
        string token = null;
        var pages = 0;
        do
        {
            var parameters = new JsonObject { ["repositoryName"] = repo.Name, ["beforeCommitSpecifier"] = before, ["afterCommitSpecifier"] = after, ["MaxResults"] = 2 };
            if (token is not null)
            {
                parameters["NextToken"] = token;
            }

            var page = (await repo.CallAsync("GetDifferences", parameters)).Ok();
            Assert.True(page["differences"]!.AsArray().Count <= 2);
            foreach (var difference in page["differences"]!.AsArray())
            {
                collected.Add(difference!.DeepClone());
            }

            token = (string)page["NextToken"];
            pages++;
        }
        while (token is not null);

        // Assert
        AssertSameDifferences(expected, collected);
        Assert.Equal((expected.Count + 1) / 2, pages);
    }

    [Fact]
    public async Task GetDifferences_WithTheAwsCliPaginator_FollowsNextTokenToEverything()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var expected = await repo.DiffTreeAsync(repo.Commits["first"], repo.Commits["merge"]);

        // Act
        var answer = (await server.RunAwsAsync(server.Root, "codecommit", "get-differences", "--repository-name", repo.Name,
            "--before-commit-specifier", repo.Commits["first"], "--after-commit-specifier", repo.Commits["merge"], "--page-size", "1")).Ok();

        // Assert
        AssertSameDifferences(expected, answer["differences"]!.AsArray());
    }

    [Fact]
    public async Task GetDifferences_NoBeforeCommit_EveryFileOfTheAfterCommitIsAdded()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var files = await repo.LsTreeAsync("v1", recursive: true);

        // Act
        var answer = (await repo.CallAsync("GetDifferences", new { repositoryName = repo.Name, afterCommitSpecifier = "v1", MaxResults = 1000 })).Ok();

        // Assert
        var expected = files.ToDictionary(f => f.Name, f => new JsonObject
        {
            ["afterBlob"] = new JsonObject { ["blobId"] = f.Id, ["path"] = f.Name, ["mode"] = f.Mode },
            ["changeType"] = "A",
        });
        AssertSameDifferences(expected, answer["differences"]!.AsArray());
        Assert.Contains(answer["differences"]!.AsArray(), d => (string)d!["afterBlob"]!["mode"] == "160000");
        Assert.Contains(answer["differences"]!.AsArray(), d => (string)d!["afterBlob"]!["mode"] == "120000");
    }

    [Theory]
    [InlineData("src", null)]
    [InlineData(null, "src/app/main.c")]
    [InlineData("docs", "docs")]
    public async Task GetDifferences_OnePath_OnlyTheDifferencesAtOrBelowIt(string? beforePath, string? afterPath)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var scope = afterPath ?? beforePath;
        var all = await repo.DiffTreeAsync(repo.Commits["first"], repo.Commits["third"]);
        var expected = all.Where(d => d.Key == scope || d.Key.StartsWith(scope + "/", StringComparison.Ordinal)).ToDictionary();
        var parameters = new JsonObject { ["repositoryName"] = repo.Name, ["beforeCommitSpecifier"] = "v1", ["afterCommitSpecifier"] = "main" };
        if (beforePath is not null)
        {
            parameters["beforePath"] = beforePath;
        }

        if (afterPath is not null)
        {
            parameters["afterPath"] = afterPath;
        }

        // Act
        var answer = (await repo.CallAsync("GetDifferences", parameters)).Ok();

        // Assert
        Assert.NotEmpty(expected);
        AssertSameDifferences(expected, answer["differences"]!.AsArray());
    }

    [Fact]
    public async Task GetDifferences_RenamedFolderAsBeforeAndAfterPath_ComparesTheTwoFoldersRelatively()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var expected = await repo.DiffTreeAsync($"{repo.Commits["first"]}:old-folder", $"{repo.Commits["second"]}:new-folder");

        // Act
        var answer = (await repo.CallAsync("GetDifferences", new
        {
            repositoryName = repo.Name,
            beforeCommitSpecifier = repo.Commits["first"],
            afterCommitSpecifier = repo.Commits["second"],
            beforePath = "old-folder",
            afterPath = "new-folder",
        })).Ok();

        // Assert
        AssertSameDifferences(expected, answer["differences"]!.AsArray());
        Assert.Equal(["x.txt"], answer["differences"]!.AsArray().Select(d => (string)d!["afterBlob"]!["path"]));
    }

    [Fact]
    public async Task GetDifferences_RenamedFileAsBeforeAndAfterPath_NoDifferenceForTheSameContent()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var answer = (await repo.CallAsync("GetDifferences", new
        {
            repositoryName = repo.Name,
            beforeCommitSpecifier = repo.Commits["first"],
            afterCommitSpecifier = repo.Commits["second"],
            beforePath = "docs/guide.md",
            afterPath = "docs/manual.md",
        })).Ok();

        // Assert
        Assert.Equal(await repo.GitAsync("rev-parse", "v1:docs/guide.md"), await repo.GitAsync("rev-parse", "main:docs/manual.md"));
        Assert.Empty(answer["differences"]!.AsArray());
    }

    [Theory]
    [InlineData("main", "", null, null, "CommitRequiredException")]
    [InlineData("main", "main~2", null, null, "InvalidCommitException")]
    [InlineData("nope", "main", null, null, "CommitDoesNotExistException")]
    [InlineData("v1", "main", "a/../b", null, "InvalidPathException")]
    [InlineData("v1", "main", null, "no/such/path", "PathDoesNotExistException")]
    [InlineData("v1", "main", "no-folder", "new-folder", "PathDoesNotExistException")]
    public async Task GetDifferences_MissingOrMalformedInput_RaisesTheModelledException(
        string before, string after, string? beforePath, string? afterPath, string code)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var parameters = new JsonObject { ["repositoryName"] = repo.Name, ["beforeCommitSpecifier"] = before, ["afterCommitSpecifier"] = after };
        if (beforePath is not null)
        {
            parameters["beforePath"] = beforePath;
        }

        if (afterPath is not null)
        {
            parameters["afterPath"] = afterPath;
        }

        // Act
        var error = (await repo.CallAsync("GetDifferences", parameters)).Failed();

        // Assert
        Assert.Equal((code, 400), (error.Code, error.Status));
    }

    [Theory]
    [InlineData(0, null, "InvalidMaxResultsException")]
    [InlineData(-3, null, "InvalidMaxResultsException")]
    [InlineData(5, "not-a-token", "InvalidContinuationTokenException")]
    public async Task GetDifferences_BadPaging_RaisesTheModelledException(int maxResults, string? token, string code)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var parameters = new JsonObject { ["repositoryName"] = repo.Name, ["afterCommitSpecifier"] = "main", ["MaxResults"] = maxResults };
        if (token is not null)
        {
            parameters["NextToken"] = token;
        }

        // Act
        var error = (await repo.CallAsync("GetDifferences", parameters)).Failed();

        // Assert
        Assert.Equal(code, error.Code);
    }

    private static JsonNode ByPath(JsonArray differences, string path) =>
        differences.Single(d => (string)(d!["afterBlob"] ?? d["beforeBlob"])!["path"] == path)!;

    /// <summary>The same differences, each once: order is the server's own (by path), compared as a set keyed by path.</summary>
    private static void AssertSameDifferences(Dictionary<string, JsonObject> expected, JsonArray actual)
    {
        var paths = actual.Select(d => (string)(d!["afterBlob"] ?? d["beforeBlob"])!["path"]).ToList();
        Assert.Equal(paths.Distinct().Count(), paths.Count);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), paths.Order(StringComparer.Ordinal));
        foreach (var difference in actual)
        {
            var path = (string)(difference!["afterBlob"] ?? difference["beforeBlob"])!["path"];
            Assert.True(JsonNode.DeepEquals(expected[path], difference), $"{path}: expected {expected[path].ToJsonString()}, got {difference.ToJsonString()}");
        }
    }
}

// On the embedded store only: the differences are read from git, and the store's part (finding the repository,
// authorizing the caller) runs on PostgreSQL in ApiRepositoryLifecycle, ApiAuthorization and the other API classes.
public sealed class ApiDifferencesOnSqlite(SqliteServer server) : ApiDifferencesTests<SqliteServer>(server);
