using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>The account root renames, moves, tags, pages through and deletes users; names are unique case-insensitively.</summary>
public abstract class UserManagementTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task GetUser_WithoutNameAsRoot_DescribesTheRootIdentity()
    {
        var user = (await server.RunAwsAsync(server.Root, "iam", "get-user")).Ok()["User"]!;

        Assert.Equal(server.AccountId, (string)user["UserId"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:root", (string)user["Arn"]);
        Assert.NotNull(user["CreateDate"]);
        Assert.Null(user["UserName"]);
    }

    [Fact]
    public async Task CreateUser_NameDifferingOnlyInCase_RaisesEntityAlreadyExistsException()
    {
        var name = GitsteadServer.UniqueName("case");
        await server.CreateUserAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreateUser", new { UserName = name.ToUpperInvariant() })).Failed();

        Assert.Equal("EntityAlreadyExistsException", error.Type);
        Assert.Equal($"User with name {name.ToUpperInvariant()} already exists.", error.Message);
    }

    [Theory]
    [InlineData("UserName", "has space")]
    [InlineData("Path", "no-slashes")]
    public async Task CreateUser_ValueOutsideTheModelPattern_IsValidationError(string member, string value)
    {
        var parameters = new JsonObject { ["UserName"] = GitsteadServer.UniqueName("v"), [member] = value };

        var error = (await server.Boto3Async(server.Root, "iam", "CreateUser", parameters)).Failed();

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(400, error.Status);
        Assert.Contains("regular expression pattern", error.Message);
    }

    [Fact]
    public async Task CreateUser_NameLongerThan64_IsValidationError()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "CreateUser", new { UserName = new string('a', 65) })).Failed();

        Assert.Equal("ValidationError", error.Code);
        Assert.Contains("length less than or equal to 64", error.Message);
    }

    [Fact]
    public async Task CreateUser_WithTags_GetUserAndListUserTagsReturnThem()
    {
        var name = GitsteadServer.UniqueName("tagged");
        var tags = new[] { new { Key = "team", Value = "git" }, new { Key = "cost-center", Value = "42" } };

        var created = (await server.Boto3Async(server.Root, "iam", "CreateUser", new { UserName = name, Tags = tags })).Ok()["User"]!;
        var fetched = (await server.Boto3Async(server.Root, "iam", "GetUser", new { UserName = name })).Ok()["User"]!;
        var listed = (await server.RunAwsAsync(server.Root, "iam", "list-user-tags", "--user-name", name)).Ok();

        Assert.Equal(2, created["Tags"]!.AsArray().Count);
        Assert.Equal(2, fetched["Tags"]!.AsArray().Count);
        Assert.Equal(["cost-center", "team"], listed["Tags"]!.AsArray().Select(t => (string)t!["Key"]));
    }

    [Fact]
    public async Task TagUser_KeyInOtherCase_ReplacesTheTag_AndUntagUserRemovesIt()
    {
        var name = GitsteadServer.UniqueName("retag");
        (await server.Boto3Async(server.Root, "iam", "CreateUser", new { UserName = name, Tags = new[] { new { Key = "env", Value = "dev" } } })).Ok();

        (await server.Boto3Async(server.Root, "iam", "TagUser", new { UserName = name, Tags = new[] { new { Key = "ENV", Value = "prod" } } })).Ok();
        var afterTag = (await server.Boto3Async(server.Root, "iam", "ListUserTags", new { UserName = name })).Ok()["Tags"]!.AsArray();
        (await server.Boto3Async(server.Root, "iam", "UntagUser", new { UserName = name, TagKeys = new[] { "env" } })).Ok();
        var afterUntag = (await server.Boto3Async(server.Root, "iam", "ListUserTags", new { UserName = name })).Ok()["Tags"]!.AsArray();

        var tag = Assert.Single(afterTag);
        Assert.Equal("ENV", (string)tag!["Key"]);
        Assert.Equal("prod", (string)tag["Value"]);
        Assert.Empty(afterUntag);
    }

    [Fact]
    public async Task TagUser_ReservedAwsPrefix_RaisesInvalidInputException()
    {
        var name = GitsteadServer.UniqueName("reserved");
        await server.CreateUserAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "TagUser", new { UserName = name, Tags = new[] { new { Key = "aws:owner", Value = "x" } } })).Failed();

        Assert.Equal("InvalidInputException", error.Type);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task ListUsers_PathPrefixAndMaxItems_PagesInNameOrder()
    {
        var path = $"/{GitsteadServer.UniqueName("team")}/";
        foreach (var name in new[] { "c-user", "a-user", "b-user" })
        {
            await server.CreateUserAsync($"{name}-{path.Trim('/')}", path);
        }

        var first = (await server.Boto3Async(server.Root, "iam", "ListUsers", new { PathPrefix = path, MaxItems = 2 })).Ok();
        var second = (await server.Boto3Async(server.Root, "iam", "ListUsers", new { PathPrefix = path, MaxItems = 2, Marker = (string)first["Marker"] })).Ok();
        var all = (await server.RunAwsAsync(server.Root, "iam", "list-users", "--path-prefix", path, "--page-size", "1")).Ok();

        Assert.True((bool)first["IsTruncated"]!);
        Assert.Equal(2, first["Users"]!.AsArray().Count);
        Assert.False((bool)second["IsTruncated"]!);
        Assert.Null(second["Marker"]);
        Assert.Equal(["a-user", "b-user", "c-user"], all["Users"]!.AsArray().Select(u => ((string)u!["UserName"])![..6]));
    }

    [Fact]
    public async Task ListUsers_WithNoMatch_ReturnsAnEmptyList()
    {
        var result = (await server.Boto3Async(server.Root, "iam", "ListUsers", new { PathPrefix = $"/{GitsteadServer.UniqueName("none")}/" })).Ok();

        Assert.Empty(result["Users"]!.AsArray());
        Assert.False((bool)result["IsTruncated"]!);
    }

    [Fact]
    public async Task UpdateUser_NewNameAndPath_MovesTheUser()
    {
        var name = GitsteadServer.UniqueName("old");
        var newName = GitsteadServer.UniqueName("new");
        var created = await server.CreateUserAsync(name);

        (await server.RunAwsAsync(server.Root, "iam", "update-user", "--user-name", name, "--new-user-name", newName, "--new-path", "/moved/")).Ok();
        var moved = (await server.Boto3Async(server.Root, "iam", "GetUser", new { UserName = newName })).Ok()["User"]!;
        var old = (await server.Boto3Async(server.Root, "iam", "GetUser", new { UserName = name })).Failed();

        Assert.Equal((string)created["UserId"], (string)moved["UserId"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/moved/{newName}", (string)moved["Arn"]);
        Assert.Equal("NoSuchEntityException", old.Type);
    }

    [Fact]
    public async Task UpdateUser_ToAnotherUsersName_RaisesEntityAlreadyExistsException()
    {
        var first = GitsteadServer.UniqueName("first");
        var second = GitsteadServer.UniqueName("second");
        await server.CreateUserAsync(first);
        await server.CreateUserAsync(second);

        var error = (await server.Boto3Async(server.Root, "iam", "UpdateUser", new { UserName = first, NewUserName = second.ToUpperInvariant() })).Failed();

        Assert.Equal("EntityAlreadyExistsException", error.Type);
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task DeleteUser_WithALoginProfile_RaisesDeleteConflictUntilItIsDeleted()
    {
        var name = GitsteadServer.UniqueName("console");
        await server.CreateUserAsync(name);
        await server.CreateLoginProfileAsync(name, GitsteadServer.NewPassword());

        var conflict = (await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = name })).Failed();
        (await server.Boto3Async(server.Root, "iam", "DeleteLoginProfile", new { UserName = name })).Ok();
        var deleted = await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = name });

        Assert.Equal("DeleteConflictException", conflict.Type);
        Assert.Equal("Cannot delete entity, must delete login profile first.", conflict.Message);
        deleted.Ok();
    }

    [Fact]
    public async Task DeleteUser_WithAnAccessKey_NamesTheAccessKeys()
    {
        var name = GitsteadServer.UniqueName("keyed");
        await server.CreateUserAsync(name);
        await server.CreateAccessKeyAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = name })).Failed();

        Assert.Equal("Cannot delete entity, must delete access keys first.", error.Message);
    }

    [Fact]
    public async Task DeleteUser_Missing_RaisesNoSuchEntityException()
    {
        var name = GitsteadServer.UniqueName("ghost");

        var error = (await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = name })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal($"The user with name {name} cannot be found.", error.Message);
    }
}

public sealed class UserManagementOnSqlite(SqliteServer server) : UserManagementTests<SqliteServer>(server);

public sealed class UserManagementOnPostgres(PostgresServer server) : UserManagementTests<PostgresServer>(server);
