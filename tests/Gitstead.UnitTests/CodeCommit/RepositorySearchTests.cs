using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>The console's repository search: ListRepositories' permission and order, names filtered in the query, small pages.</summary>
public sealed class RepositorySearchTests
{
    [Fact]
    public async Task SearchAsync_TextInSomeNames_OnlyThoseIgnoringCase_PagedInOrder()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var service = harness.Get<RepositoryService>();
        foreach (var name in new[] { "web-demo", "Demo.api", "tools", "demonstration" })
        {
            await service.CreateAsync(harness.Root, new NewRepository(name), CancellationToken.None);
        }

        // Act
        var first = await service.SearchAsync(harness.Root, "DEMO", RepositorySort.RepositoryName, true, PageRequest.First(2), CancellationToken.None);
        var second = await service.SearchAsync(harness.Root, "DEMO", RepositorySort.RepositoryName, true, new PageRequest(first.NextToken, 2), CancellationToken.None);
        var all = await service.SearchAsync(harness.Root, "", RepositorySort.RepositoryName, false, PageRequest.First(100), CancellationToken.None);

        // Assert
        Assert.Equal(["Demo.api", "demonstration"], first.Items.Select(r => r.Name));
        Assert.Equal(["web-demo"], second.Items.Select(r => r.Name));
        Assert.Null(second.NextToken);
        Assert.Equal(["web-demo", "tools", "demonstration", "Demo.api"], all.Items.Select(r => r.Name));
    }

    [Fact]
    public async Task SearchAsync_UserWithoutListRepositories_AccessDenied()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var bob = await harness.UserWithPolicyAsync("bob",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:GetRepository","Resource":"*"}]}""");

        // Act
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            harness.Get<RepositoryService>().SearchAsync(bob, "x", RepositorySort.RepositoryName, true, PageRequest.First(10), CancellationToken.None));

        // Assert
        Assert.Equal("codecommit:ListRepositories", denied.Action);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task SearchAsync_PageSizeOutOfRange_InvalidMaxResults(int size)
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();

        // Act
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() =>
            harness.Get<RepositoryService>().SearchAsync(harness.Root, null, RepositorySort.LastModifiedDate, true, PageRequest.First(size), CancellationToken.None));

        // Assert
        Assert.Equal("InvalidMaxResultsException", refused.Code);
    }
}
