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

    [Theory]
    [InlineData(RepositorySort.RepositoryName, true)]
    [InlineData(RepositorySort.RepositoryName, false)]
    [InlineData(RepositorySort.LastModifiedDate, true)]
    [InlineData(RepositorySort.LastModifiedDate, false)]
    public async Task SearchAsync_SmallPages_EveryOrder_EachRepositoryOnce_TokensContinueAFilteredSearch(RepositorySort sort, bool ascending)
    {
        // Arrange: created in this order, so by date they list in it (equal milliseconds fall back to creation order).
        await using var harness = await CodeCommitHarness.CreateAsync();
        var service = harness.Get<RepositoryService>();
        string[] created = ["m-one", "b-two", "z-three", "a-four", "k-five"];
        foreach (var name in created)
        {
            await service.CreateAsync(harness.Root, new NewRepository(name), CancellationToken.None);
        }

        var expected = sort == RepositorySort.RepositoryName ? created.Order(StringComparer.Ordinal).ToList() : [.. created];
        if (!ascending)
        {
            expected.Reverse();
        }

        // Act: unfiltered pages of two (statements kept prepared), then the same through a filter every name passes.
        var listed = new List<string>();
        var token = (string?)null;
        do
        {
            var page = await service.SearchAsync(harness.Root, "", sort, ascending, new PageRequest(token, 2), CancellationToken.None);
            listed.AddRange(page.Items.Select(r => r.Name));
            token = page.NextToken;
        }
        while (token is not null);

        var first = await service.SearchAsync(harness.Root, null, sort, ascending, PageRequest.First(3), CancellationToken.None);
        var rest = await service.SearchAsync(harness.Root, "-", sort, ascending, new PageRequest(first.NextToken, 100), CancellationToken.None);

        // Assert
        Assert.Equal(expected, listed);
        Assert.Equal(expected, first.Items.Concat(rest.Items).Select(r => r.Name));
        Assert.Null(rest.NextToken);
    }
}
