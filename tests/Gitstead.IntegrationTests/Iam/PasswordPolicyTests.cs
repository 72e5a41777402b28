using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>
/// The account password policy and what it governs: the passwords administrators set and
/// users' own password changes. Every test sets or removes the policy it needs (tests of one
/// class run one after another on one server).
/// </summary>
public abstract class PasswordPolicyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task GetAccountPasswordPolicy_WhenNoneIsSet_RaisesNoSuchEntityException()
    {
        await server.Boto3Async(server.Root, "iam", "DeleteAccountPasswordPolicy");

        var error = (await server.Boto3Async(server.Root, "iam", "GetAccountPasswordPolicy")).Failed();
        var again = (await server.Boto3Async(server.Root, "iam", "DeleteAccountPasswordPolicy")).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal($"The Password Policy with domain name {server.AccountId} cannot be found.", error.Message);
        Assert.Equal("NoSuchEntityException", again.Type);
    }

    [Fact]
    public async Task UpdateAccountPasswordPolicy_ThenGet_ReturnsEverySetting()
    {
        (await server.RunAwsAsync(server.Root, "iam", "update-account-password-policy",
            "--minimum-password-length", "14", "--require-symbols", "--require-numbers", "--max-password-age", "90",
            "--password-reuse-prevention", "5", "--hard-expiry")).Ok();

        var policy = (await server.Boto3Async(server.Root, "iam", "GetAccountPasswordPolicy")).Ok()["PasswordPolicy"]!;

        Assert.Equal(14, (int)policy["MinimumPasswordLength"]!);
        Assert.True((bool)policy["RequireSymbols"]!);
        Assert.True((bool)policy["RequireNumbers"]!);
        Assert.False((bool)policy["RequireUppercaseCharacters"]!);
        Assert.False((bool)policy["AllowUsersToChangePassword"]!);
        Assert.True((bool)policy["ExpirePasswords"]!);
        Assert.Equal(90, (int)policy["MaxPasswordAge"]!);
        Assert.Equal(5, (int)policy["PasswordReusePrevention"]!);
        Assert.True((bool)policy["HardExpiry"]!);
    }

    [Fact]
    public async Task UpdateAccountPasswordPolicy_OmittedSettings_RevertToTheirDefaults()
    {
        (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { MinimumPasswordLength = 20, MaxPasswordAge = 30 })).Ok();

        (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { RequireNumbers = true })).Ok();
        var policy = (await server.Boto3Async(server.Root, "iam", "GetAccountPasswordPolicy")).Ok()["PasswordPolicy"]!;

        Assert.Equal(6, (int)policy["MinimumPasswordLength"]!);
        Assert.False((bool)policy["ExpirePasswords"]!);
        Assert.Null(policy["MaxPasswordAge"]);
    }

    [Fact]
    public async Task UpdateAccountPasswordPolicy_LengthAbove128_IsValidationError()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { MinimumPasswordLength = 129 })).Failed();

        Assert.Equal("ValidationError", error.Code);
    }

    [Fact]
    public async Task CreateLoginProfile_ShorterThanThePolicy_NamesTheRequiredLength()
    {
        (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { MinimumPasswordLength = 16 })).Ok();
        var name = GitsteadServer.UniqueName("short");
        await server.CreateUserAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreateLoginProfile", new { UserName = name, Password = "Abcdefgh1!" })).Failed();

        Assert.Equal("PasswordPolicyViolationException", error.Type);
        Assert.Equal("Password should have at least 16 characters", error.Message);
    }

    [Fact]
    public async Task ChangePassword_WhenUsersMayChangeTheirPassword_ChangesItAndClearsTheResetFlag()
    {
        (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { AllowUsersToChangePassword = true })).Ok();
        var (name, key, password) = await UserWithPasswordAsync(resetRequired: true);
        var newPassword = GitsteadServer.NewPassword();

        (await server.RunAwsAsync(key, "iam", "change-password", "--old-password", password, "--new-password", newPassword)).Ok();
        var profile = (await server.Boto3Async(server.Root, "iam", "GetLoginProfile", new { UserName = name })).Ok()["LoginProfile"]!;
        var oldAgain = (await server.Boto3Async(key, "iam", "ChangePassword", new { OldPassword = password, NewPassword = GitsteadServer.NewPassword() })).Failed();

        Assert.False((bool)profile["PasswordResetRequired"]!);
        Assert.Equal("AccessDenied", oldAgain.Code);
    }

    [Fact]
    public async Task ChangePassword_NewPasswordAgainstThePolicy_RaisesPasswordPolicyViolationException()
    {
        (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { AllowUsersToChangePassword = true, RequireSymbols = true })).Ok();
        var (_, key, password) = await UserWithPasswordAsync(resetRequired: false);

        var error = (await server.Boto3Async(key, "iam", "ChangePassword", new { OldPassword = password, NewPassword = "NoSymbolsHere123" })).Failed();

        Assert.Equal("PasswordPolicyViolationException", error.Type);
        Assert.Equal("Password should have at least one symbol", error.Message);
    }

    [Fact]
    public async Task GetAccountPasswordPolicy_AsAUser_IsAllowedWhenUsersMayChangeTheirPassword()
    {
        (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { AllowUsersToChangePassword = true, MinimumPasswordLength = 10 })).Ok();
        var (_, key, _) = await UserWithPasswordAsync(resetRequired: false);

        var policy = (await server.Boto3Async(key, "iam", "GetAccountPasswordPolicy")).Ok()["PasswordPolicy"]!;

        Assert.Equal(10, (int)policy["MinimumPasswordLength"]!);
    }

    [Fact]
    public async Task ChangePassword_WithoutPermission_IsAccessDenied()
    {
        (await server.Boto3Async(server.Root, "iam", "UpdateAccountPasswordPolicy", new { AllowUsersToChangePassword = false })).Ok();
        var (name, key, password) = await UserWithPasswordAsync(resetRequired: false);

        var error = (await server.Boto3Async(key, "iam", "ChangePassword", new { OldPassword = password, NewPassword = GitsteadServer.NewPassword() })).Failed();

        Assert.Equal("AccessDenied", error.Code);
        Assert.Contains($"iam:ChangePassword on resource: arn:aws:iam::{server.AccountId}:user/{name}", error.Message);
    }

    private async Task<(string Name, Credentials Key, string Password)> UserWithPasswordAsync(bool resetRequired)
    {
        var name = GitsteadServer.UniqueName("self");
        var password = GitsteadServer.NewPassword();
        await server.CreateUserAsync(name);
        (await server.Boto3Async(server.Root, "iam", "CreateLoginProfile", new { UserName = name, Password = password, PasswordResetRequired = resetRequired })).Ok();
        return (name, await server.CreateAccessKeyAsync(name), password);
    }
}

public sealed class PasswordPolicyOnSqlite(SqliteServer server) : PasswordPolicyTests<SqliteServer>(server);

public sealed class PasswordPolicyOnPostgres(PostgresServer server) : PasswordPolicyTests<PostgresServer>(server);
