using Gitstead.Aws;
using Gitstead.Iam.ServiceCredentials;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>A Git Basic login with HTTPS Git credentials, through the real services and database.</summary>
public sealed class GitCredentialVerifierTests : IAsyncLifetime
{
    private const string CodeCommit = "codecommit.amazonaws.com";

    private IamDatabase _iam = null!;

    private ServiceCredentialService Credentials => _iam.Get<ServiceCredentialService>();

    private GitCredentialVerifier Verifier => _iam.Get<GitCredentialVerifier>();

    public async Task InitializeAsync() => _iam = await IamDatabase.CreateAsync();

    public async Task DisposeAsync() => await _iam.DisposeAsync();

    [Fact]
    public async Task VerifyGitPassword_ActiveCredential_ReturnsTheUser()
    {
        // Arrange
        var user = await _iam.AddUserAsync("Dev", "/team/");
        var issued = await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default);

        // Act
        var login = await Verifier.VerifyGitPasswordAsync($"Dev-at-{_iam.AccountId}", issued.Password, default);

        // Assert
        Assert.NotNull(login);
        Assert.Equal(_iam.AccountId, login.AccountId);
        Assert.Equal(user.Key, login.UserKey);
        Assert.Equal("Dev", login.UserName);
        Assert.Equal($"arn:aws:iam::{_iam.AccountId}:user/team/Dev", login.UserArn);
        Assert.Equal(user.UserId, login.UserId);
        Assert.Equal(issued.Credential.Id, login.CredentialId);
    }

    [Fact]
    public async Task VerifyGitPassword_WrongOrUnknown_Null()
    {
        // Arrange
        var user = await _iam.AddUserAsync("dev");
        var issued = await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default);
        var serviceUserName = issued.Credential.ServiceUserName;

        // Act / Assert
        Assert.Null(await Verifier.VerifyGitPasswordAsync(serviceUserName, issued.Password[..^1] + "A", default));
        Assert.Null(await Verifier.VerifyGitPasswordAsync(serviceUserName, "", default));
        Assert.Null(await Verifier.VerifyGitPasswordAsync($"nobody-at-{_iam.AccountId}", issued.Password, default));
        Assert.Null(await Verifier.VerifyGitPasswordAsync(serviceUserName.ToUpperInvariant(), issued.Password, default));
    }

    [Fact]
    public async Task VerifyGitPassword_AfterReset_OnlyTheNewPasswordWorks()
    {
        // Arrange
        var user = await _iam.AddUserAsync("dev");
        var first = await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default);

        // Act
        var reset = await Credentials.ResetAsync(_iam.RootCall, user.UserName, first.Credential.Id, default);

        // Assert
        Assert.NotEqual(first.Password, reset.Password);
        Assert.Null(await Verifier.VerifyGitPasswordAsync(first.Credential.ServiceUserName, first.Password, default));
        Assert.NotNull(await Verifier.VerifyGitPasswordAsync(first.Credential.ServiceUserName, reset.Password, default));
    }

    [Fact]
    public async Task VerifyGitPassword_InactiveThenActiveThenDeleted_FollowsTheStatus()
    {
        // Arrange
        var user = await _iam.AddUserAsync("dev");
        var issued = await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default);
        var name = issued.Credential.ServiceUserName;
        var id = issued.Credential.Id;

        // Act / Assert
        await Credentials.UpdateStatusAsync(_iam.RootCall, user.UserName, id, "Inactive", default);
        Assert.Null(await Verifier.VerifyGitPasswordAsync(name, issued.Password, default));

        await Credentials.UpdateStatusAsync(_iam.RootCall, user.UserName, id, "Active", default);
        Assert.NotNull(await Verifier.VerifyGitPasswordAsync(name, issued.Password, default));

        await Credentials.DeleteAsync(_iam.RootCall, user.UserName, id, default);
        Assert.Null(await Verifier.VerifyGitPasswordAsync(name, issued.Password, default));
    }

    [Fact]
    public async Task Create_ManyAtOnce_ExactlyTwoSucceed()
    {
        // Arrange
        var user = await _iam.AddUserAsync("dev");

        // Act
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default)).Credential.ServiceUserName;
            }
            catch (AwsServiceException ex) when (ex.Code == "LimitExceeded")
            {
                return null;
            }
        })));

        // Assert
        var created = attempts.Where(a => a is not null).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([$"dev+1-at-{_iam.AccountId}", $"dev-at-{_iam.AccountId}"], created);
        Assert.Equal(2, (await Credentials.ListAsync(_iam.RootCall, user.UserName, null, false, PageRequest.First(100), default)).Items.Count);
    }

    [Fact]
    public async Task Create_AfterDeletingTheFirst_ReusesItsUserName()
    {
        // Arrange
        var user = await _iam.AddUserAsync("dev");
        var first = await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default);
        await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default);
        await Credentials.DeleteAsync(_iam.RootCall, user.UserName, first.Credential.Id, default);

        // Act
        var third = await Credentials.CreateAsync(_iam.RootCall, user.UserName, CodeCommit, null, default);

        // Assert
        Assert.Equal($"dev-at-{_iam.AccountId}", third.Credential.ServiceUserName);
        Assert.Equal(44, third.Password.Length);
        Assert.Equal(32, Convert.FromBase64String(third.Password).Length);
    }

    [Fact]
    public async Task Reset_CredentialOfAnotherUser_NoSuchEntity()
    {
        // Arrange
        var owner = await _iam.AddUserAsync("owner");
        var other = await _iam.AddUserAsync("other");
        var issued = await Credentials.CreateAsync(_iam.RootCall, owner.UserName, CodeCommit, null, default);

        // Act
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Credentials.ResetAsync(_iam.RootCall, other.UserName, issued.Credential.Id, default));

        // Assert
        Assert.Equal("NoSuchEntity", error.Code);
        Assert.NotNull(await Verifier.VerifyGitPasswordAsync(issued.Credential.ServiceUserName, issued.Password, default));
    }
}
