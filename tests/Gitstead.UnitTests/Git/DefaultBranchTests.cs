using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Transport;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class DefaultBranchTests
{
    private const string Zero = "0000000000000000000000000000000000000000";
    private const string A = "1111111111111111111111111111111111111111";

    [Theory]
    [InlineData("refs/heads/feature refs/heads/main refs/heads/master", "main")]
    [InlineData("refs/heads/feature refs/heads/master", "master")]
    [InlineData("refs/heads/feature refs/heads/dev", "feature")]
    [InlineData("refs/tags/v1 refs/heads/dev", "dev")]
    public void ChooseDefaultBranch_PushedBranches_PrefersMainThenMasterThenTheFirst(string refs, string expected)
    {
        // Arrange
        var updates = refs.Split(' ').Select(r => new RefUpdate(Zero, A, r)).ToList();

        // Act
        var branch = PushPolicy.ChooseDefaultBranch(updates, updates.Select(u => u.RefName).ToHashSet());

        // Assert
        Assert.Equal(expected, branch);
    }

    [Fact]
    public void ChooseDefaultBranch_OnlyDeletesTagsOrRejectedBranches_GivesNone()
    {
        // Arrange
        var updates = new[]
        {
            new RefUpdate(A, Zero, "refs/heads/gone"),
            new RefUpdate(Zero, A, "refs/tags/v1"),
            new RefUpdate(Zero, A, "refs/heads/rejected"),
        };

        // Act
        var branch = PushPolicy.ChooseDefaultBranch(updates, new HashSet<string> { "refs/heads/other" });

        // Assert
        Assert.Null(branch);
    }
}
