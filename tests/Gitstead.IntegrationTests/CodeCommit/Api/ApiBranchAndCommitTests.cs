using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Branches and commits of a repository that the real git pushed to, read and changed through
/// the API with the aws CLI and boto3; what the API says matches what git sees on disk.
/// </summary>
public abstract class ApiBranchAndCommitTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task PushedCommits_AreListedAsBranches_AndGetCommitDescribesThem()
    {
        var (name, directory) = await NewRepositoryAsync();
        using var work = await RepositorySteps.CommitAsync("main", "Initial commit", "Fix incorrect variable name");
        await work.PushAsync(directory, "main");
        var head = await work.HeadAsync();
        var parent = await work.GitAsync("rev-parse", "HEAD~1");
        var tree = await work.GitAsync("rev-parse", "HEAD^{tree}");

        var branches = (await server.RunAwsAsync(server.Root, "codecommit", "list-branches", "--repository-name", name)).Ok();
        var branch = (await server.Boto3Async(server.Root, "codecommit", "GetBranch", new { repositoryName = name, branchName = "main" })).Ok()["branch"]!;
        var commit = (await server.RunAwsAsync(server.Root, "codecommit", "get-commit", "--repository-name", name, "--commit-id", head)).Ok()["commit"]!;
        var first = (await server.Boto3Async(server.Root, "codecommit", "GetCommit", new { repositoryName = name, commitId = parent })).Ok()["commit"]!;

        Assert.Equal(["main"], branches["branches"]!.AsArray().Select(b => (string)b));
        Assert.Equal(head, (string)branch["commitId"]);
        Assert.Equal(head, (string)commit["commitId"]);
        Assert.Equal(tree, (string)commit["treeId"]);
        Assert.Equal([parent], commit["parents"]!.AsArray().Select(p => (string)p));
        Assert.Equal("Fix incorrect variable name\n", (string)commit["message"]);
        Assert.True(JsonNode.DeepEquals(
            new JsonObject { ["name"] = "Mary Major", ["email"] = "mary_major@example.com", ["date"] = RepositorySteps.CommitDate },
            commit["author"]), commit.ToJsonString());
        Assert.Equal("Li Juan", (string)commit["committer"]!["name"]);
        Assert.Equal("", (string)commit["additionalData"]);
        Assert.Empty(first["parents"]!.AsArray());
    }

    [Fact]
    public async Task CreateBranch_AtAPushedCommit_CreatesTheRefOnDisk_AndRefusesToMoveAnExistingBranch()
    {
        var (name, directory) = await NewRepositoryAsync();
        using var work = await RepositorySteps.CommitAsync("main", "one", "two");
        await work.PushAsync(directory, "main");
        var older = await work.GitAsync("rev-parse", "HEAD~1");

        (await server.RunAwsAsync(server.Root, "codecommit", "create-branch", "--repository-name", name, "--branch-name", "feature/login", "--commit-id", older)).Ok();
        var exists = (await server.Boto3Async(server.Root, "codecommit", "CreateBranch",
            new { repositoryName = name, branchName = "main", commitId = older })).Failed();
        var onDisk = await LocalClone.GitInAsync(directory, "rev-parse", "refs/heads/feature/login");
        var main = await LocalClone.GitInAsync(directory, "rev-parse", "refs/heads/main");

        Assert.Equal(older, onDisk);
        Assert.Equal(await work.HeadAsync(), main);
        Assert.Equal("BranchNameExistsException", exists.Type);
        Assert.Equal(400, exists.Status);
    }

    [Fact]
    public async Task CreateBranch_BadInput_RaisesTheModelledExceptions()
    {
        var (name, directory) = await NewRepositoryAsync();
        using var work = await RepositorySteps.CommitAsync("main", "one");
        await work.PushAsync(directory, "main");
        var head = await work.HeadAsync();
        var tree = await work.GitAsync("rev-parse", "HEAD^{tree}");

        var missingCommit = await CreateBranchErrorAsync(name, "b1", new string('a', 40));
        var treeNotCommit = await CreateBranchErrorAsync(name, "b2", tree);
        var shortId = await CreateBranchErrorAsync(name, "b3", head[..7]);
        var badName = await CreateBranchErrorAsync(name, "bad..name", head);
        var lockName = await CreateBranchErrorAsync(name, "topic.lock", head);
        var dashName = await CreateBranchErrorAsync(name, "-x", head);
        var noRepository = await CreateBranchErrorAsync(GitsteadServer.UniqueName("ghost"), "b4", head);

        Assert.Equal("CommitDoesNotExistException", missingCommit.Type);
        Assert.Equal("CommitDoesNotExistException", treeNotCommit.Type);
        Assert.Equal("InvalidCommitIdException", shortId.Type);
        Assert.Equal("InvalidBranchNameException", badName.Type);
        Assert.Equal("InvalidBranchNameException", lockName.Type);
        Assert.Equal("InvalidBranchNameException", dashName.Type);
        Assert.Equal("RepositoryDoesNotExistException", noRepository.Type);
        Assert.Equal(head, await LocalClone.GitInAsync(directory, "for-each-ref", "--format=%(objectname)"));
    }

    [Fact]
    public async Task UpdateDefaultBranch_SetsMetadataAndHead_AndTheDefaultCannotBeDeleted()
    {
        var (name, directory) = await NewRepositoryAsync();
        using var work = await RepositorySteps.CommitAsync("main", "one");
        await work.PushAsync(directory, "main", "main:develop");

        (await server.RunAwsAsync(server.Root, "codecommit", "update-default-branch", "--repository-name", name, "--default-branch-name", "develop")).Ok();
        var metadata = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok()["repositoryMetadata"]!;
        var head = await LocalClone.GitInAsync(directory, "symbolic-ref", "HEAD");
        var refused = (await server.Boto3Async(server.Root, "codecommit", "DeleteBranch", new { repositoryName = name, branchName = "develop" })).Failed();
        var missing = (await server.Boto3Async(server.Root, "codecommit", "UpdateDefaultBranch",
            new { repositoryName = name, defaultBranchName = "nope" })).Failed();

        Assert.Equal("develop", (string)metadata["defaultBranch"]);
        Assert.Equal("refs/heads/develop", head);
        Assert.Equal("DefaultBranchCannotBeDeletedException", refused.Type);
        Assert.Equal("BranchDoesNotExistException", missing.Type);
        Assert.Equal("develop", (string)(await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok()["repositoryMetadata"]!["defaultBranch"]);
    }

    [Fact]
    public async Task DeleteBranch_ReturnsTheDeletedBranch_AndForAMissingBranchAnEmptyAnswer()
    {
        var (name, directory) = await NewRepositoryAsync();
        using var work = await RepositorySteps.CommitAsync("main", "one");
        await work.PushAsync(directory, "main", "main:feature");
        (await server.Boto3Async(server.Root, "codecommit", "UpdateDefaultBranch", new { repositoryName = name, defaultBranchName = "main" })).Ok();

        var deleted = (await server.RunAwsAsync(server.Root, "codecommit", "delete-branch", "--repository-name", name, "--branch-name", "feature")).Ok();
        var again = (await server.Boto3Async(server.Root, "codecommit", "DeleteBranch", new { repositoryName = name, branchName = "feature" })).Ok();
        var get = (await server.Boto3Async(server.Root, "codecommit", "GetBranch", new { repositoryName = name, branchName = "feature" })).Failed();

        Assert.Equal("feature", (string)deleted["deletedBranch"]!["branchName"]);
        Assert.Equal(await work.HeadAsync(), (string)deleted["deletedBranch"]!["commitId"]);
        Assert.Null(again["deletedBranch"]);
        Assert.Equal("BranchDoesNotExistException", get.Type);
        Assert.Equal("refs/heads/main", await LocalClone.GitInAsync(directory, "for-each-ref", "--format=%(refname)"));
    }

    [Fact]
    public async Task GetCommit_MissingOrMalformedIds_RaiseTheModelledExceptions()
    {
        var (name, directory) = await NewRepositoryAsync();
        using var work = await RepositorySteps.CommitAsync("main", "one");
        await work.PushAsync(directory, "main");

        var missing = (await server.Boto3Async(server.Root, "codecommit", "GetCommit", new { repositoryName = name, commitId = new string('b', 40) })).Failed();
        var malformed = (await server.Boto3Async(server.Root, "codecommit", "GetCommit", new { repositoryName = name, commitId = "HEAD" })).Failed();
        var required = (await server.Boto3Async(server.Root, "codecommit", "GetCommit", new { repositoryName = name, commitId = "" })).Failed();

        Assert.Equal("CommitIdDoesNotExistException", missing.Type);
        Assert.Equal("InvalidCommitIdException", malformed.Type);
        Assert.Equal("CommitIdRequiredException", required.Type);
    }

    [Fact]
    public async Task ListBranches_MoreThanAThousand_PagesWithNextToken()
    {
        var (name, directory) = await NewRepositoryAsync();
        using var work = await RepositorySteps.CommitAsync("main", "one");
        var head = await work.HeadAsync();
        var refs = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            refs.Append($"create refs/heads/topic/{i:D4} {head}\n");
        }

        await work.GitWithInputAsync(refs.ToString(), "update-ref", "--stdin");
        await work.PushAsync(directory, "refs/heads/*:refs/heads/*");

        var first = (await server.Boto3Async(server.Root, "codecommit", "ListBranches", new { repositoryName = name })).Ok();
        var second = (await server.Boto3Async(server.Root, "codecommit", "ListBranches", new { repositoryName = name, nextToken = (string)first["nextToken"] })).Ok();
        var all = (await server.RunAwsAsync(server.Root, "codecommit", "list-branches", "--repository-name", name)).Ok()["branches"]!.AsArray();

        Assert.Equal(1000, first["branches"]!.AsArray().Count);
        Assert.Single(second["branches"]!.AsArray());
        Assert.Null(second["nextToken"]);
        Assert.Equal(1001, all.Select(b => (string)b).Distinct().Count());
        Assert.Contains(all, b => (string)b == "main");
    }

    private async Task<(string Name, string Directory)> NewRepositoryAsync()
    {
        var name = GitsteadServer.UniqueName("branches");
        var created = await server.CreateRepositoryAsync(name);
        return (name, server.RepositoryDirectory((string)created["repositoryId"]));
    }

    private async Task<BotoError> CreateBranchErrorAsync(string repository, string branch, string commitId) =>
        (await server.Boto3Async(server.Root, "codecommit", "CreateBranch", new { repositoryName = repository, branchName = branch, commitId })).Failed();
}

public sealed class ApiBranchAndCommitOnSqlite(SqliteServer server) : ApiBranchAndCommitTests<SqliteServer>(server);

public sealed class ApiBranchAndCommitOnPostgres(PostgresServer server) : ApiBranchAndCommitTests<PostgresServer>(server);
