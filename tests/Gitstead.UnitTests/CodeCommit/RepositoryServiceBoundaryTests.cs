using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// The CodeCommit services authorize every call themselves, so a console page or an API
/// handler that calls them cannot skip the check, and what is refused writes nothing.
/// </summary>
public sealed class RepositoryServiceBoundaryTests
{
    private const string ReadOnlyDemo =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codecommit:GetRepository","codecommit:ListBranches"],"Resource":"arn:aws:codecommit:us-east-1:*:demo"}]}""";

    [Fact]
    public async Task CreateAsync_UserWithoutCreateRepository_AccessDeniedAndNothingWritten()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var bob = await harness.UserWithPolicyAsync("bob", ReadOnlyDemo);
        var service = harness.Get<RepositoryService>();

        // Act
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => service.CreateAsync(bob, new NewRepository("demo"), CancellationToken.None));

        // Assert
        Assert.Equal(
            $"User: arn:aws:iam::{harness.AccountId}:user/bob is not authorized to perform: codecommit:CreateRepository on resource: arn:aws:codecommit:us-east-1:{harness.AccountId}:demo because no identity-based policy allows the codecommit:CreateRepository action",
            denied.Message);
        await using var context = harness.Get<IGitsteadDb>().Create();
        Assert.False(await context.Repositories.AnyAsync());
        Assert.False(Directory.Exists(harness.RepositoriesDir) && Directory.EnumerateFileSystemEntries(harness.RepositoriesDir).Any());
    }

    [Fact]
    public async Task CreateAsync_Root_CreatesAndDescribesTheRepository()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var service = harness.Get<RepositoryService>();

        // Act
        var created = await service.CreateAsync(harness.Root, new NewRepository("demo", "A demo", Tags: new Dictionary<string, string> { ["team"] = "a" }), CancellationToken.None);
        var read = await service.GetAsync(harness.Root, "demo", CancellationToken.None);

        // Assert
        Assert.Equal(created, read);
        Assert.Equal($"arn:aws:codecommit:us-east-1:{harness.AccountId}:demo", read.Arn);
        Assert.Equal("A demo", read.Description);
        Assert.EndsWith("/v1/repos/demo", read.CloneUrlHttp);
        Assert.True(Directory.Exists(Path.Combine(harness.RepositoriesDir, read.RepositoryId + ".git")));
    }

    [Fact]
    public async Task GetAsync_UserAllowedOnOneRepository_OtherNamesDeniedWhetherOrNotTheyExist()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var service = harness.Get<RepositoryService>();
        await service.CreateAsync(harness.Root, new NewRepository("demo"), CancellationToken.None);
        await service.CreateAsync(harness.Root, new NewRepository("secret"), CancellationToken.None);
        var bob = await harness.UserWithPolicyAsync("bob", ReadOnlyDemo);

        // Act
        var demo = await service.GetAsync(bob, "demo", CancellationToken.None);
        var existing = await Assert.ThrowsAsync<AccessDeniedException>(() => service.GetAsync(bob, "secret", CancellationToken.None));
        var missing = await Assert.ThrowsAsync<AccessDeniedException>(() => service.GetAsync(bob, "nothing-here", CancellationToken.None));

        // Assert
        Assert.Equal("demo", demo.Name);
        Assert.Equal("codecommit:GetRepository", existing.Action);
        Assert.Equal("codecommit:GetRepository", missing.Action);
    }

    [Fact]
    public async Task DeleteAsync_UserWithoutDeleteRepository_RepositoryStays()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var service = harness.Get<RepositoryService>();
        var created = await service.CreateAsync(harness.Root, new NewRepository("demo"), CancellationToken.None);
        var bob = await harness.UserWithPolicyAsync("bob", ReadOnlyDemo);

        // Act
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.DeleteAsync(bob, "demo", CancellationToken.None));

        // Assert
        Assert.Equal(created.RepositoryId, (await service.GetAsync(bob, "demo", CancellationToken.None)).RepositoryId);
        Assert.True(Directory.Exists(Path.Combine(harness.RepositoriesDir, created.RepositoryId + ".git")));
    }

    [Fact]
    public async Task ListAsync_BranchesOfAnAllowedRepository_AuthorizedByTheService()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        await harness.Get<RepositoryService>().CreateAsync(harness.Root, new NewRepository("demo"), CancellationToken.None);
        var bob = await harness.UserWithPolicyAsync("bob", ReadOnlyDemo);
        var branches = harness.Get<BranchService>();

        // Act
        var page = await branches.ListAsync(bob, "demo", null, CancellationToken.None);
        var create = await Assert.ThrowsAsync<AccessDeniedException>(
            () => branches.CreateAsync(bob, "demo", "feature", new string('a', 40), CancellationToken.None));

        // Assert
        Assert.Empty(page.Items);
        Assert.Null(page.NextToken);
        Assert.Equal("codecommit:CreateBranch", create.Action);
    }
}
