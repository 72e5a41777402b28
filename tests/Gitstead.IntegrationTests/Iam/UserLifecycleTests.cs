using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>The account root creates, reads, lists and deletes IAM users with the aws CLI and boto3.</summary>
public abstract class UserLifecycleTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task CreateUser_ReturnsTheUserWithItsArnAndId()
    {
        var name = GitsteadServer.UniqueName("alice");

        var user = (await server.RunAwsAsync(server.Root, "iam", "create-user", "--user-name", name, "--path", "/eng/")).Ok()["User"]!;

        Assert.Equal(name, (string)user["UserName"]);
        Assert.Equal("/eng/", (string)user["Path"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/eng/{name}", (string)user["Arn"]);
        Assert.Matches("^AIDA[A-Z0-9]{17}$", (string)user["UserId"]);
        Assert.NotNull(user["CreateDate"]);
    }

    [Fact]
    public async Task GetUser_AfterCreate_ReturnsTheSameUser()
    {
        var name = GitsteadServer.UniqueName("bob");
        var created = await server.CreateUserAsync(name);

        var fetched = (await server.RunAwsAsync(server.Root, "iam", "get-user", "--user-name", name)).Ok()["User"]!;

        Assert.Equal((string)created["UserId"], (string)fetched["UserId"]);
        Assert.Equal((string)created["Arn"], (string)fetched["Arn"]);
    }

    [Fact]
    public async Task ListUsers_IncludesACreatedUser()
    {
        var name = GitsteadServer.UniqueName("carol");
        await server.CreateUserAsync(name);

        var users = (await server.RunAwsAsync(server.Root, "iam", "list-users")).Ok()["Users"]!.AsArray();

        Assert.Contains(users, u => (string)u!["UserName"] == name);
    }

    [Fact]
    public async Task CreateUser_Twice_RaisesEntityAlreadyExistsException()
    {
        var name = GitsteadServer.UniqueName("dup");
        await server.CreateUserAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreateUser", new { UserName = name })).Failed();

        Assert.Equal("EntityAlreadyExistsException", error.Type);
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task GetUser_Missing_RaisesNoSuchEntityException()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "GetUser", new { UserName = GitsteadServer.UniqueName("ghost") })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal("NoSuchEntity", error.Code);
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task DeleteUser_ThenGetUser_RaisesNoSuchEntityException()
    {
        var name = GitsteadServer.UniqueName("gone");
        await server.CreateUserAsync(name);

        (await server.RunAwsAsync(server.Root, "iam", "delete-user", "--user-name", name)).Ok();
        var result = await server.RunAwsAsync(server.Root, "iam", "get-user", "--user-name", name);

        Assert.True(result.ErrorCode == "NoSuchEntity", result.ToString());
    }

    [Fact]
    public async Task DeleteUser_WithAnAccessKey_RaisesDeleteConflictException()
    {
        var name = GitsteadServer.UniqueName("keyed");
        await server.CreateUserAsync(name);
        await server.CreateAccessKeyAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = name })).Failed();

        Assert.Equal("DeleteConflictException", error.Type);
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task UserWithoutPolicies_ListUsers_IsAccessDenied()
    {
        var name = GitsteadServer.UniqueName("plain");
        await server.CreateUserAsync(name);
        var key = await server.CreateAccessKeyAsync(name);

        var error = (await server.Boto3Async(key, "iam", "ListUsers")).Failed();

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal(403, error.Status);
        Assert.Contains($"user/{name}", error.Message);
    }
}

public sealed class UserLifecycleOnSqlite(SqliteServer server) : UserLifecycleTests<SqliteServer>(server);

public sealed class UserLifecycleOnPostgres(PostgresServer server) : UserLifecycleTests<PostgresServer>(server);
