using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Iam;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// IAM users reach repositories exactly as their policies allow: AWS's CodeCommit managed
/// policies, a rename that needs both names, and a deny on one branch through
/// <c>codecommit:References</c>; denials are AccessDeniedException in AWS's wording.
/// </summary>
public abstract class ApiAuthorizationTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string PowerUser = "arn:aws:iam::aws:policy/AWSCodeCommitPowerUser";
    private const string ReadOnly = "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly";

    [Fact]
    public async Task UserWithoutPolicies_IsDeniedListRepositories_OnResourceStar()
    {
        var (user, keys) = await NewUserAsync("nobody");

        var error = (await server.Boto3Async(keys, "codecommit", "ListRepositories")).Failed();

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Equal(400, error.Status);
        Assert.Equal(
            $"User: arn:aws:iam::{server.AccountId}:user/{user} is not authorized to perform: codecommit:ListRepositories on resource: * because no identity-based policy allows the codecommit:ListRepositories action",
            error.Message);
    }

    [Fact]
    public async Task ReadOnlyUser_ReadsRepositoriesAndBranches_ButCannotCreateOrChangeThem()
    {
        var (user, keys) = await NewUserAsync("reader", ReadOnly);
        var name = GitsteadServer.UniqueName("readable");
        var created = await server.CreateRepositoryAsync(name);
        using var work = await RepositorySteps.CommitAsync("main", "one");
        await work.PushAsync(server.RepositoryDirectory((string)created["repositoryId"]), "main");

        var get = (await server.RunAwsAsync(keys, "codecommit", "get-repository", "--repository-name", name)).Ok();
        var list = (await server.Boto3Async(keys, "codecommit", "ListRepositories")).Ok();
        var branches = (await server.Boto3Async(keys, "codecommit", "ListBranches", new { repositoryName = name })).Ok();
        var create = (await server.Boto3Async(keys, "codecommit", "CreateRepository", new { repositoryName = GitsteadServer.UniqueName("nope") })).Failed();
        var branch = (await server.Boto3Async(keys, "codecommit", "CreateBranch",
            new { repositoryName = name, branchName = "x", commitId = await work.HeadAsync() })).Failed();
        var describe = await server.RunAwsAsync(keys, "codecommit", "update-repository-description", "--repository-name", name, "--repository-description", "x");

        Assert.Equal((string)created["repositoryId"], (string)get["repositoryMetadata"]!["repositoryId"]);
        Assert.Contains(list["repositories"]!.AsArray(), r => (string)r!["repositoryName"] == name);
        Assert.Equal(["main"], branches["branches"]!.AsArray().Select(b => (string)b));
        Assert.Equal("AccessDeniedException", create.Code);
        Assert.Contains($"user/{user} is not authorized to perform: codecommit:CreateRepository on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:", create.Message);
        Assert.Equal("AccessDeniedException", branch.Code);
        Assert.Equal("AccessDeniedException", describe.ErrorCode);
    }

    [Fact]
    public async Task PowerUser_CreatesRepositoriesAndBranches_ButCannotDeleteRepositories()
    {
        var (_, keys) = await NewUserAsync("power", PowerUser);
        var name = GitsteadServer.UniqueName("powered");

        var created = (await server.RunAwsAsync(keys, "codecommit", "create-repository", "--repository-name", name)).Ok()["repositoryMetadata"]!;
        using var work = await RepositorySteps.CommitAsync("main", "one");
        await work.PushAsync(server.RepositoryDirectory((string)created["repositoryId"]), "main");
        (await server.Boto3Async(keys, "codecommit", "CreateBranch", new { repositoryName = name, branchName = "topic", commitId = await work.HeadAsync() })).Ok();
        (await server.Boto3Async(keys, "codecommit", "TagResource", new { resourceArn = (string)created["Arn"], tags = new Dictionary<string, string> { ["team"] = "git" } })).Ok();
        var delete = (await server.Boto3Async(keys, "codecommit", "DeleteRepository", new { repositoryName = name })).Failed();
        var stillThere = (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok();

        Assert.Equal("AccessDeniedException", delete.Code);
        Assert.Contains($"codecommit:DeleteRepository on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{name}", delete.Message);
        Assert.Equal(name, (string)stillThere["repositoryMetadata"]!["repositoryName"]);
    }

    [Fact]
    public async Task UpdateRepositoryName_NeedsPermissionOnTheOldAndTheNewName()
    {
        var prefix = GitsteadServer.UniqueName("team");
        var document = Allow("codecommit:UpdateRepositoryName", $"arn:aws:codecommit:*:{server.AccountId}:{prefix}-*");
        var policy = await server.CreatePolicyAsync(GitsteadServer.UniqueName("RenameTeamRepos"), document);
        var (_, keys) = await NewUserAsync("renamer", policy);
        await server.CreateRepositoryAsync($"{prefix}-old");

        var outside = (await server.Boto3Async(keys, "codecommit", "UpdateRepositoryName", new { oldName = $"{prefix}-old", newName = $"x{prefix}" })).Failed();
        (await server.Boto3Async(keys, "codecommit", "UpdateRepositoryName", new { oldName = $"{prefix}-old", newName = $"{prefix}-new" })).Ok();

        Assert.Equal("AccessDeniedException", outside.Code);
        Assert.Contains($"on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:x{prefix} ", outside.Message);
        (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = $"{prefix}-new" })).Ok();
    }

    [Fact]
    public async Task DenyOnReferences_BlocksCreatingAndDeletingThatBranchOnly()
    {
        var document = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(
                new JsonObject { ["Effect"] = "Allow", ["Action"] = "codecommit:*", ["Resource"] = "*" },
                new JsonObject
                {
                    ["Effect"] = "Deny",
                    ["Action"] = new JsonArray("codecommit:CreateBranch", "codecommit:DeleteBranch"),
                    ["Resource"] = "*",
                    ["Condition"] = new JsonObject
                    {
                        ["StringEqualsIfExists"] = new JsonObject { ["codecommit:References"] = new JsonArray("refs/heads/release") },
                        ["Null"] = new JsonObject { ["codecommit:References"] = "false" },
                    },
                }),
        }.ToJsonString();
        var policy = await server.CreatePolicyAsync(GitsteadServer.UniqueName("ProtectRelease"), document);
        var (_, keys) = await NewUserAsync("developer", policy);
        var name = GitsteadServer.UniqueName("protected");
        var created = await server.CreateRepositoryAsync(name);
        using var work = await RepositorySteps.CommitAsync("main", "one");
        await work.PushAsync(server.RepositoryDirectory((string)created["repositoryId"]), "main", "main:release");
        var head = await work.HeadAsync();

        var createRelease = (await server.Boto3Async(keys, "codecommit", "CreateBranch", new { repositoryName = name, branchName = "release", commitId = head })).Failed();
        var deleteRelease = (await server.Boto3Async(keys, "codecommit", "DeleteBranch", new { repositoryName = name, branchName = "release" })).Failed();
        (await server.Boto3Async(keys, "codecommit", "CreateBranch", new { repositoryName = name, branchName = "topic", commitId = head })).Ok();
        var deleteTopic = (await server.Boto3Async(keys, "codecommit", "DeleteBranch", new { repositoryName = name, branchName = "topic" })).Ok();

        Assert.Equal("AccessDeniedException", createRelease.Code);
        Assert.Contains("with an explicit deny", createRelease.Message);
        Assert.Equal("AccessDeniedException", deleteRelease.Code);
        Assert.Equal("topic", (string)deleteTopic["deletedBranch"]!["branchName"]);
    }

    private async Task<(string User, Credentials Keys)> NewUserAsync(string prefix, params string[] policyArns)
    {
        var user = GitsteadServer.UniqueName(prefix);
        await server.CreateUserAsync(user);
        foreach (var arn in policyArns)
        {
            (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", user, "--policy-arn", arn)).Ok();
        }

        return (user, await server.CreateAccessKeyAsync(user));
    }

    private static string Allow(string action, string resource) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = action, ["Resource"] = resource }),
    }.ToJsonString();
}

public sealed class ApiAuthorizationOnSqlite(SqliteServer server) : ApiAuthorizationTests<SqliteServer>(server);

public sealed class ApiAuthorizationOnPostgres(PostgresServer server) : ApiAuthorizationTests<PostgresServer>(server);
