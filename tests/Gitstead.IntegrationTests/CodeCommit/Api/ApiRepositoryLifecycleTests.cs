using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// The account root creates, reads, lists, renames, describes and deletes repositories with
/// the aws CLI and boto3; each repository is a bare git repository on disk named by its id.
/// </summary>
public abstract class ApiRepositoryLifecycleTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task CreateRepository_ReturnsCompleteMetadata_AndAnEmptyBareRepositoryOnDisk()
    {
        var name = GitsteadServer.UniqueName("demo");

        var created = (await server.RunAwsAsync(server.Root, "codecommit", "create-repository", "--repository-name", name,
            "--repository-description", "My demonstration repository", "--tags", "team=git,cost=42")).Ok()["repositoryMetadata"]!;
        var id = (string)created["repositoryId"];
        var directory = server.RepositoryDirectory(id);
        var tags = (await server.RunAwsAsync(server.Root, "codecommit", "list-tags-for-resource", "--resource-arn", (string)created["Arn"])).Ok()["tags"]!;

        Assert.Equal(server.AccountId, (string)created["accountId"]);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal(name, (string)created["repositoryName"]);
        Assert.Equal("My demonstration repository", (string)created["repositoryDescription"]);
        Assert.Null(created["defaultBranch"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, created["creationDate"]!.GetValueKind());
        Assert.Equal((double)created["creationDate"]!, (double)created["lastModifiedDate"]!);
        Assert.InRange((double)created["creationDate"]!, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 300, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
        Assert.Equal($"https://git-codecommit.{GitsteadServer.Region}.localhost:{server.Endpoint.Port}/v1/repos/{name}", (string)created["cloneUrlHttp"]);
        Assert.Equal($"ssh://git-codecommit.{GitsteadServer.Region}.localhost/v1/repos/{name}", (string)created["cloneUrlSsh"]);
        Assert.Equal($"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{name}", (string)created["Arn"]);
        Assert.True(File.Exists(Path.Combine(directory, "HEAD")), $"no bare repository at {directory}");
        Assert.Equal("true", await LocalClone.GitInAsync(directory, "rev-parse", "--is-bare-repository"));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["cost"] = "42", ["team"] = "git" }, tags), tags.ToJsonString());
    }

    [Fact]
    public async Task GetRepository_ReturnsWhatCreateReturned_WithTimestampsBotocoreParses()
    {
        var name = GitsteadServer.UniqueName("get");
        var created = await server.CreateRepositoryAsync(name);

        var cli = (await server.RunAwsAsync(server.Root, "codecommit", "get-repository", "--repository-name", name)).Ok()["repositoryMetadata"]!;
        var boto = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok()["repositoryMetadata"]!;

        Assert.True(JsonNode.DeepEquals(created, boto), boto.ToJsonString());
        Assert.Equal((string)created["repositoryId"], (string)cli["repositoryId"]);
        Assert.Equal((string)created["cloneUrlHttp"], (string)cli["cloneUrlHttp"]);
        Assert.Null(cli["repositoryDescription"]);
        Assert.Equal(RepositorySteps.Timestamp(boto["creationDate"]), RepositorySteps.Timestamp(cli["creationDate"]));
        Assert.Equal(RepositorySteps.Timestamp(boto["lastModifiedDate"]), RepositorySteps.Timestamp(cli["lastModifiedDate"]));
    }

    [Fact]
    public async Task CreateRepository_NameTaken_RaisesRepositoryNameExistsException_ButNamesAreCaseSensitive()
    {
        var name = GitsteadServer.UniqueName("taken");
        await server.CreateRepositoryAsync(name);

        var error = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name })).Failed();
        var upper = await server.CreateRepositoryAsync(name.ToUpperInvariant());

        Assert.Equal("RepositoryNameExistsException", error.Type);
        Assert.Equal(400, error.Status);
        Assert.Equal($"Repository named {name} already exists", error.Message);
        Assert.Equal(name.ToUpperInvariant(), (string)upper["repositoryName"]);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ends-with.git")]
    [InlineData("ünïcode")]
    [InlineData("slash/name")]
    public async Task CreateRepository_InvalidName_RaisesInvalidRepositoryNameException(string name)
    {
        var error = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name })).Failed();

        Assert.Equal("InvalidRepositoryNameException", error.Type);
        Assert.StartsWith("The repository name is not valid. Repository names can be any valid combination of letters, numbers, periods, underscores, and dashes between 1 and 100 characters in length.", error.Message);
    }

    [Fact]
    public async Task CreateRepository_NameLimits_HundredCharactersAllowed_HundredAndOneRefused()
    {
        var prefix = GitsteadServer.UniqueName("n");
        var longest = prefix + new string('x', 100 - prefix.Length);

        var created = await server.CreateRepositoryAsync(longest);
        var error = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = longest + "y" })).Failed();

        Assert.Equal(longest, (string)created["repositoryName"]);
        Assert.Equal("InvalidRepositoryNameException", error.Type);
    }

    [Fact]
    public async Task CreateRepository_BadDescriptionOrTags_RaiseTheModelledExceptions_AndCreateNothing()
    {
        var name = GitsteadServer.UniqueName("bad");
        var tooMany = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v");

        var description = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository",
            new { repositoryName = name, repositoryDescription = new string('d', 1001) })).Failed();
        var system = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository",
            new { repositoryName = name, tags = new Dictionary<string, string> { ["aws:owner"] = "me" } })).Failed();
        var many = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name, tags = tooMany })).Failed();
        var longKey = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository",
            new { repositoryName = name, tags = new Dictionary<string, string> { [new string('k', 129)] = "v" } })).Failed();
        var missing = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Failed();

        Assert.Equal("InvalidRepositoryDescriptionException", description.Type);
        Assert.Equal("InvalidSystemTagUsageException", system.Type);
        Assert.Equal("TooManyTagsException", many.Type);
        Assert.Equal("InvalidTagsMapException", longKey.Type);
        Assert.Equal("RepositoryDoesNotExistException", missing.Type);
    }

    [Fact]
    public async Task GetRepository_Missing_RaisesRepositoryDoesNotExistException()
    {
        var name = GitsteadServer.UniqueName("ghost");

        var error = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Failed();
        var cli = await server.RunAwsAsync(server.Root, "codecommit", "get-repository", "--repository-name", name);

        Assert.Equal("RepositoryDoesNotExistException", error.Type);
        Assert.Equal(400, error.Status);
        Assert.Equal($"{name} does not exist", error.Message);
        Assert.Equal("RepositoryDoesNotExistException", cli.ErrorCode);
    }

    [Fact]
    public async Task BatchGetRepositories_ReturnsFoundInRequestOrder_AndReportsTheMissing()
    {
        var first = GitsteadServer.UniqueName("batch-b");
        var second = GitsteadServer.UniqueName("batch-a");
        var ghost = GitsteadServer.UniqueName("batch-ghost");
        await server.CreateRepositoryAsync(first);
        await server.CreateRepositoryAsync(second);

        var result = (await server.Boto3Async(server.Root, "codecommit", "BatchGetRepositories",
            new { repositoryNames = new[] { first, ghost, second } })).Ok();
        var cli = (await server.RunAwsAsync(server.Root, "codecommit", "batch-get-repositories", "--repository-names", first, ghost)).Ok();
        var empty = (await server.Boto3Async(server.Root, "codecommit", "BatchGetRepositories", new { repositoryNames = Array.Empty<string>() })).Ok();

        Assert.Equal([first, second], result["repositories"]!.AsArray().Select(r => (string)r!["repositoryName"]));
        Assert.Equal([ghost], result["repositoriesNotFound"]!.AsArray().Select(n => (string)n));
        var error = Assert.Single(result["errors"]!.AsArray())!;
        Assert.Equal("RepositoryDoesNotExistException", (string)error["errorCode"]);
        Assert.Equal(ghost, (string)error["repositoryName"]);
        Assert.Equal([first], cli["repositories"]!.AsArray().Select(r => (string)r!["repositoryName"]));
        Assert.Empty(empty["repositories"]!.AsArray());
    }

    [Fact]
    public async Task BatchGetRepositories_MoreThanHundredNames_RaisesMaximumRepositoryNamesExceededException()
    {
        var names = Enumerable.Range(0, 101).Select(i => $"name-{i}").ToArray();

        var error = (await server.Boto3Async(server.Root, "codecommit", "BatchGetRepositories", new { repositoryNames = names })).Failed();

        Assert.Equal("MaximumRepositoryNamesExceededException", error.Type);
        Assert.Contains("100", error.Message);
    }

    [Fact]
    public async Task ListRepositories_SortsByNameOrLastModifiedDate_InEitherOrder()
    {
        var prefix = GitsteadServer.UniqueName("list");
        foreach (var suffix in new[] { "b", "c", "a" })
        {
            await server.CreateRepositoryAsync($"{prefix}-{suffix}");
        }

        // The oldest repository becomes the most recently modified.
        (await server.Boto3Async(server.Root, "codecommit", "UpdateRepositoryDescription",
            new { repositoryName = $"{prefix}-b", repositoryDescription = "touched" })).Ok();

        Assert.Equal(["a", "b", "c"], await ListAsync(prefix));
        Assert.Equal(["c", "b", "a"], await ListAsync(prefix, "--order", "descending"));
        Assert.Equal(["c", "a", "b"], await ListAsync(prefix, "--sort-by", "lastModifiedDate"));
        Assert.Equal(["b", "a", "c"], await ListAsync(prefix, "--sort-by", "lastModifiedDate", "--order", "descending"));
    }

    [Fact]
    public async Task ListRepositories_BadSortOrderOrToken_RaiseTheModelledExceptions()
    {
        var sortBy = (await server.Boto3Async(server.Root, "codecommit", "ListRepositories", new { sortBy = "size" })).Failed();
        var order = (await server.Boto3Async(server.Root, "codecommit", "ListRepositories", new { order = "sideways" })).Failed();
        var token = (await server.Boto3Async(server.Root, "codecommit", "ListRepositories", new { nextToken = "not-a-token" })).Failed();

        Assert.Equal("InvalidSortByException", sortBy.Type);
        Assert.Equal("InvalidOrderException", order.Type);
        Assert.Equal("InvalidContinuationTokenException", token.Type);
    }

    [Fact]
    public async Task UpdateRepositoryName_RenamesTheRepository_KeepingItsIdAndFiles()
    {
        var oldName = GitsteadServer.UniqueName("before");
        var newName = GitsteadServer.UniqueName("after");
        var created = await server.CreateRepositoryAsync(oldName);
        var directory = server.RepositoryDirectory((string)created["repositoryId"]);

        (await server.RunAwsAsync(server.Root, "codecommit", "update-repository-name", "--old-name", oldName, "--new-name", newName)).Ok();
        var renamed = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = newName })).Ok()["repositoryMetadata"]!;
        var old = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = oldName })).Failed();

        Assert.Equal((string)created["repositoryId"], (string)renamed["repositoryId"]);
        Assert.EndsWith($"/v1/repos/{newName}", (string)renamed["cloneUrlHttp"]);
        Assert.EndsWith($":{newName}", (string)renamed["Arn"]);
        Assert.True(Directory.Exists(directory));
        Assert.Equal("RepositoryDoesNotExistException", old.Type);
    }

    [Fact]
    public async Task UpdateRepositoryName_OntoATakenName_OrOfAMissingRepository_Fails()
    {
        var first = GitsteadServer.UniqueName("first");
        var second = GitsteadServer.UniqueName("second");
        await server.CreateRepositoryAsync(first);
        await server.CreateRepositoryAsync(second);

        var taken = (await server.Boto3Async(server.Root, "codecommit", "UpdateRepositoryName", new { oldName = first, newName = second })).Failed();
        var missing = (await server.Boto3Async(server.Root, "codecommit", "UpdateRepositoryName",
            new { oldName = GitsteadServer.UniqueName("ghost"), newName = GitsteadServer.UniqueName("free") })).Failed();

        Assert.Equal("RepositoryNameExistsException", taken.Type);
        Assert.Equal($"Repository named {second} already exists", taken.Message);
        Assert.Equal("RepositoryDoesNotExistException", missing.Type);
    }

    [Fact]
    public async Task UpdateRepositoryDescription_SetsIt_AndWithoutADescriptionClearsIt()
    {
        var name = GitsteadServer.UniqueName("described");
        var created = await server.CreateRepositoryAsync(name, "first");

        (await server.RunAwsAsync(server.Root, "codecommit", "update-repository-description", "--repository-name", name,
            "--repository-description", "second <b>html</b> ✓")).Ok();
        var updated = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok()["repositoryMetadata"]!;
        (await server.Boto3Async(server.Root, "codecommit", "UpdateRepositoryDescription", new { repositoryName = name })).Ok();
        var cleared = (await server.RunAwsAsync(server.Root, "codecommit", "get-repository", "--repository-name", name)).Ok()["repositoryMetadata"]!;

        Assert.Equal("second <b>html</b> ✓", (string)updated["repositoryDescription"]);
        Assert.Null(cleared["repositoryDescription"]);
        Assert.True(RepositorySteps.Timestamp(cleared["lastModifiedDate"]) >= RepositorySteps.Timestamp(created["creationDate"]));
    }

    [Fact]
    public async Task DeleteRepository_RemovesItAndItsFiles_AndAnswersWithTheIdOnlyWhenItExisted()
    {
        var name = GitsteadServer.UniqueName("doomed");
        var created = await server.CreateRepositoryAsync(name);
        var directory = server.RepositoryDirectory((string)created["repositoryId"]);

        var deleted = (await server.RunAwsAsync(server.Root, "codecommit", "delete-repository", "--repository-name", name)).Ok();
        var again = (await server.Boto3Async(server.Root, "codecommit", "DeleteRepository", new { repositoryName = name })).Ok();
        var gone = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Failed();
        var recreated = await server.CreateRepositoryAsync(name);

        Assert.Equal((string)created["repositoryId"], (string)deleted["repositoryId"]);
        Assert.Null(again["repositoryId"]);
        Assert.False(Directory.Exists(directory));
        Assert.Equal("RepositoryDoesNotExistException", gone.Type);
        Assert.NotEqual((string)created["repositoryId"], (string)recreated["repositoryId"]);
    }

    [Fact]
    public async Task Repositories_ArePerRegion_SameNameElsewhereIsAnotherRepository()
    {
        var name = GitsteadServer.UniqueName("regional");
        var east = await server.CreateRepositoryAsync(name);

        var missingInWest = await server.RunAwsAsync(server.Root, "codecommit", "get-repository", "--repository-name", name, "--region", "eu-west-1");
        var west = (await server.RunAwsAsync(server.Root, "codecommit", "create-repository", "--repository-name", name, "--region", "eu-west-1")).Ok()["repositoryMetadata"]!;
        var listedInWest = (await server.RunAwsAsync(server.Root, "codecommit", "list-repositories", "--region", "eu-west-1")).Ok()["repositories"]!.AsArray();

        Assert.Equal("RepositoryDoesNotExistException", missingInWest.ErrorCode);
        Assert.NotEqual((string)east["repositoryId"], (string)west["repositoryId"]);
        Assert.Equal($"arn:aws:codecommit:eu-west-1:{server.AccountId}:{name}", (string)west["Arn"]);
        Assert.Equal($"https://git-codecommit.eu-west-1.localhost:{server.Endpoint.Port}/v1/repos/{name}", (string)west["cloneUrlHttp"]);
        Assert.Contains(listedInWest, r => (string)r!["repositoryId"] == (string)west["repositoryId"]);
        Assert.DoesNotContain(listedInWest, r => (string)r!["repositoryId"] == (string)east["repositoryId"]);
    }

    [Fact]
    public async Task TagResource_AddsAndReplaces_UntagResourceRemoves_ListTagsForResourceShows()
    {
        var created = await server.CreateRepositoryAsync(GitsteadServer.UniqueName("tagged"));
        var arn = (string)created["Arn"];

        (await server.RunAwsAsync(server.Root, "codecommit", "tag-resource", "--resource-arn", arn, "--tags", "team=git,env=dev")).Ok();
        (await server.Boto3Async(server.Root, "codecommit", "TagResource",
            new { resourceArn = arn, tags = new Dictionary<string, string> { ["env"] = "prod", ["Env"] = "case" } })).Ok();
        var tagged = (await server.Boto3Async(server.Root, "codecommit", "ListTagsForResource", new { resourceArn = arn })).Ok()["tags"]!;
        (await server.RunAwsAsync(server.Root, "codecommit", "untag-resource", "--resource-arn", arn, "--tag-keys", "team", "absent")).Ok();
        var untagged = (await server.RunAwsAsync(server.Root, "codecommit", "list-tags-for-resource", "--resource-arn", arn)).Ok()["tags"]!;
        var system = (await server.Boto3Async(server.Root, "codecommit", "UntagResource", new { resourceArn = arn, tagKeys = new[] { "aws:x" } })).Failed();

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["Env"] = "case", ["env"] = "prod", ["team"] = "git" }, tagged), tagged.ToJsonString());
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["Env"] = "case", ["env"] = "prod" }, untagged), untagged.ToJsonString());
        Assert.Equal("InvalidSystemTagUsageException", system.Type);
    }

    [Fact]
    public async Task TagResource_ArnsThatNameNoRepositoryOfTheCaller_AreRefused()
    {
        var name = GitsteadServer.UniqueName("arns");
        await server.CreateRepositoryAsync(name);
        var tags = new Dictionary<string, string> { ["k"] = "v" };

        var malformed = (await server.Boto3Async(server.Root, "codecommit", "TagResource", new { resourceArn = "arn:aws:s3:::bucket", tags })).Failed();
        var otherAccount = (await server.Boto3Async(server.Root, "codecommit", "TagResource",
            new { resourceArn = $"arn:aws:codecommit:{GitsteadServer.Region}:111122223333:{name}", tags })).Failed();
        var otherRegion = (await server.Boto3Async(server.Root, "codecommit", "ListTagsForResource",
            new { resourceArn = $"arn:aws:codecommit:eu-west-1:{server.AccountId}:{name}" })).Failed();
        var missing = (await server.Boto3Async(server.Root, "codecommit", "ListTagsForResource",
            new { resourceArn = $"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{name}-ghost" })).Failed();

        Assert.Equal("InvalidResourceArnException", malformed.Type);
        Assert.Equal("RepositoryDoesNotExistException", otherAccount.Type);
        Assert.Equal("RepositoryDoesNotExistException", otherRegion.Type);
        Assert.Equal("RepositoryDoesNotExistException", missing.Type);
        Assert.Equal($"{name}-ghost does not exist", missing.Message);
    }

    /// <summary>The suffixes (after PREFIX-) of the listed repositories named PREFIX-*, in listed order.</summary>
    private async Task<string[]> ListAsync(string prefix, params string[] options)
    {
        var listed = (await server.RunAwsAsync(server.Root, ["codecommit", "list-repositories", .. options])).Ok()["repositories"]!.AsArray();
        return listed.Select(r => (string)r!["repositoryName"]).Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal))
            .Select(n => n[(prefix.Length + 1)..]).ToArray();
    }
}

public sealed class ApiRepositoryLifecycleOnSqlite(SqliteServer server) : ApiRepositoryLifecycleTests<SqliteServer>(server);

public sealed class ApiRepositoryLifecycleOnPostgres(PostgresServer server) : ApiRepositoryLifecycleTests<PostgresServer>(server);
