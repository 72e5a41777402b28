using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Gitstead.Iam.ServiceCredentials;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>
/// HTTPS Git credentials for oneself: a policy on <c>${aws:username}</c>, evaluated by the
/// service's own authorization, lets a user manage its own credentials and no one else's.
/// </summary>
public sealed class ServiceCredentialServiceTests : IAsyncLifetime
{
    private const string CodeCommit = "codecommit.amazonaws.com";

    private IamDatabase _iam = null!;

    private ServiceCredentialService Credentials => _iam.Get<ServiceCredentialService>();

    public async Task InitializeAsync() => _iam = await IamDatabase.CreateAsync();

    public async Task DisposeAsync() => await _iam.DisposeAsync();

    [Fact]
    public async Task CreateAsync_PolicyOnOwnUserName_CreatesForSelf()
    {
        // Arrange
        var bob = await AddUserAllowedOnSelfAsync("bob");

        // Act
        var issued = await Credentials.CreateAsync(_iam.CallAs(bob), "bob", CodeCommit, null, default);

        // Assert
        Assert.Equal($"bob-at-{_iam.AccountId}", issued.Credential.ServiceUserName);
        Assert.Equal("bob", issued.Credential.UserName);
        Assert.Equal("Active", issued.Credential.Status);
    }

    [Fact]
    public async Task CreateAsync_PolicyOnOwnUserName_DeniedForAnotherUserAndWritesNothing()
    {
        // Arrange
        var bob = await AddUserAllowedOnSelfAsync("bob");
        var alice = await _iam.AddUserAsync("alice");

        // Act
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => Credentials.CreateAsync(_iam.CallAs(bob), "alice", CodeCommit, null, default));

        // Assert
        Assert.Equal("iam:CreateServiceSpecificCredential", error.Action);
        Assert.Equal($"arn:aws:iam::{_iam.AccountId}:user/alice", error.Resource);
        await using var context = _iam.Db.Create();
        Assert.False(await context.ServiceCredentials.AnyAsync(c => c.UserKey == alice.Key));
    }

    [Fact]
    public async Task ListAsync_WithoutUserName_ListsTheCallersOwn()
    {
        // Arrange
        var bob = await AddUserAllowedOnSelfAsync("bob");
        await _iam.AddUserAsync("alice");
        await Credentials.CreateAsync(_iam.RootCall, "alice", CodeCommit, null, default);
        var own = await Credentials.CreateAsync(_iam.CallAs(bob), "bob", CodeCommit, null, default);

        // Act
        var page = await Credentials.ListAsync(_iam.CallAs(bob), null, null, false, PageRequest.First(10), default);

        // Assert
        Assert.Equal([own.Credential.Id], page.Items.Select(c => c.Id));
    }

    private async Task<Gitstead.Storage.Entities.IamUser> AddUserAllowedOnSelfAsync(string name)
    {
        var user = await _iam.AddUserAsync(name);
        await _iam.Get<InlinePolicyService>().PutAsync(
            _iam.RootCall,
            PrincipalKind.User,
            name,
            "OwnGitCredentials",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*ServiceSpecificCredential*","Resource":"arn:aws:iam::*:user/${aws:username}"}]}""",
            default);
        return user;
    }
}
