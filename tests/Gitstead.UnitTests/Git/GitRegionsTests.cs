using Gitstead.Aws;
using Gitstead.CodeCommit.Transport;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class GitRegionsTests
{
    private static readonly GitRegions Regions = new(Options.Create(new RegionOptions
    {
        DefaultRegion = "eu-west-1",
        EnabledRegions = ["us-east-1", "eu-west-1", "ap-southeast-2"],
    }));

    [Theory]
    [InlineData("git-codecommit.us-east-1.localhost", "us-east-1")]
    [InlineData("GIT-CODECOMMIT.AP-SOUTHEAST-2.example.com", "ap-southeast-2")]
    [InlineData("localhost", "eu-west-1")]
    [InlineData("127.0.0.1", "eu-west-1")]
    [InlineData("git.example.com", "eu-west-1")]
    public void TryResolve_Host_GivesTheNamedOrTheDefaultRegion(string host, string expected)
    {
        // Act
        var resolved = Regions.TryResolve(host, out var region, out _);

        // Assert
        Assert.True(resolved);
        Assert.Equal(expected, region);
    }

    [Fact]
    public void TryResolve_HostNamingARegionNotEnabled_Fails()
    {
        // Act
        var resolved = Regions.TryResolve("git-codecommit.us-west-2.localhost", out var region, out var named);

        // Assert
        Assert.False(resolved);
        Assert.True(named);
        Assert.Equal("us-west-2", region);
    }

    [Fact]
    public void SigningCandidates_RequestRegionFirstThenDefaultThenEnabled()
    {
        // Act
        var candidates = Regions.SigningCandidates("ap-southeast-2");

        // Assert
        Assert.Equal(["ap-southeast-2", "eu-west-1", "us-east-1"], candidates);
    }

    [Fact]
    public void TryResolve_NoEnabledList_AcceptsTheStandardRegions()
    {
        // Arrange
        var regions = new GitRegions(Options.Create(new RegionOptions { DefaultRegion = "eu-north-9" }));

        // Act + Assert
        Assert.True(regions.TryResolve("git-codecommit.us-west-2.localhost", out _, out _));
        Assert.True(regions.TryResolve("git-codecommit.eu-north-9.localhost", out _, out _));
        Assert.False(regions.TryResolve("git-codecommit.xx-nowhere-1.localhost", out _, out _));
    }
}
