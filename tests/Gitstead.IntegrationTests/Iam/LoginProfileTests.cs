using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>
/// Console passwords under AWS's default password policy (this class never sets an account
/// policy): create, read, update and delete a login profile, and the errors around them.
/// </summary>
public abstract class LoginProfileTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task CreateLoginProfile_ThenGet_ShowsTheResetFlagButNoPassword()
    {
        var name = GitsteadServer.UniqueName("console");
        await server.CreateUserAsync(name);
        var password = GitsteadServer.NewPassword();

        var created = await server.RunAwsAsync(server.Root, "iam", "create-login-profile", "--user-name", name, "--password", password, "--password-reset-required");
        var fetched = (await server.Boto3Async(server.Root, "iam", "GetLoginProfile", new { UserName = name })).Ok()["LoginProfile"]!;

        Assert.Equal(name, (string)created.Ok()["LoginProfile"]!["UserName"]);
        Assert.DoesNotContain(password, created.Stdout);
        Assert.Equal(name, (string)fetched["UserName"]);
        Assert.True((bool)fetched["PasswordResetRequired"]!);
        Assert.NotNull(fetched["CreateDate"]);
    }

    [Fact]
    public async Task CreateLoginProfile_Twice_RaisesEntityAlreadyExistsException()
    {
        var name = GitsteadServer.UniqueName("twice");
        await server.CreateUserAsync(name);
        await server.CreateLoginProfileAsync(name, GitsteadServer.NewPassword());

        var error = (await server.Boto3Async(server.Root, "iam", "CreateLoginProfile", new { UserName = name, Password = GitsteadServer.NewPassword() })).Failed();

        Assert.Equal("EntityAlreadyExistsException", error.Type);
        Assert.Equal($"Login Profile for user {name} already exists.", error.Message);
    }

    [Theory]
    [InlineData("Ab1!")]
    [InlineData("onlylowercase")]
    public async Task CreateLoginProfile_WeakPasswordUnderTheDefaultPolicy_RaisesPasswordPolicyViolationException(string password)
    {
        var name = GitsteadServer.UniqueName("weak");
        await server.CreateUserAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreateLoginProfile", new { UserName = name, Password = password })).Failed();

        Assert.Equal("PasswordPolicyViolationException", error.Type);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task CreateLoginProfile_ForMissingUser_RaisesNoSuchEntityException()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "CreateLoginProfile", new { UserName = GitsteadServer.UniqueName("ghost"), Password = GitsteadServer.NewPassword() })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
    }

    [Fact]
    public async Task GetLoginProfile_UserWithoutPassword_RaisesNoSuchEntityException()
    {
        var name = GitsteadServer.UniqueName("nopass");
        await server.CreateUserAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "GetLoginProfile", new { UserName = name })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal($"Login Profile for User {name} cannot be found.", error.Message);
    }

    [Fact]
    public async Task UpdateLoginProfile_ResetFlagOnly_KeepsTheProfile()
    {
        var name = GitsteadServer.UniqueName("flag");
        await server.CreateUserAsync(name);
        await server.CreateLoginProfileAsync(name, GitsteadServer.NewPassword());

        (await server.RunAwsAsync(server.Root, "iam", "update-login-profile", "--user-name", name, "--password-reset-required")).Ok();
        var fetched = (await server.Boto3Async(server.Root, "iam", "GetLoginProfile", new { UserName = name })).Ok()["LoginProfile"]!;

        Assert.True((bool)fetched["PasswordResetRequired"]!);
    }

    [Fact]
    public async Task UpdateLoginProfile_WeakPassword_RaisesPasswordPolicyViolationException()
    {
        var name = GitsteadServer.UniqueName("weakupdate");
        await server.CreateUserAsync(name);
        await server.CreateLoginProfileAsync(name, GitsteadServer.NewPassword());

        var error = (await server.Boto3Async(server.Root, "iam", "UpdateLoginProfile", new { UserName = name, Password = "short" })).Failed();

        Assert.Equal("PasswordPolicyViolationException", error.Type);
    }

    [Fact]
    public async Task DeleteLoginProfile_Twice_RaisesNoSuchEntityTheSecondTime()
    {
        var name = GitsteadServer.UniqueName("delete");
        await server.CreateUserAsync(name);
        await server.CreateLoginProfileAsync(name, GitsteadServer.NewPassword());

        (await server.RunAwsAsync(server.Root, "iam", "delete-login-profile", "--user-name", name)).Ok();
        var error = (await server.Boto3Async(server.Root, "iam", "DeleteLoginProfile", new { UserName = name })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
    }

    [Fact]
    public async Task ChangePassword_AsRoot_RaisesInvalidUserTypeException()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "ChangePassword", new { OldPassword = "x", NewPassword = GitsteadServer.NewPassword() })).Failed();

        Assert.Equal("InvalidUserTypeException", error.Type);
        Assert.Equal(400, error.Status);
    }
}

public sealed class LoginProfileOnSqlite(SqliteServer server) : LoginProfileTests<SqliteServer>(server);

public sealed class LoginProfileOnPostgres(PostgresServer server) : LoginProfileTests<PostgresServer>(server);
