using Gitstead.CodeCommit.PackCache;
using Xunit;

namespace Gitstead.UnitTests.PackCache;

public sealed class PackObjectsRequestTests
{
    [Fact]
    public void Validate_WhatUploadPackRunsForAShallowClone_IsRunWithoutProgress()
    {
        // Arrange: as git 2.39 calls the hook for `git clone --depth 1`
        string[] hook = ["git", "--shallow-file", "", "pack-objects", "--revs", "--thin", "--stdout", "--shallow", "--progress", "--delta-base-offset", "--include-tag"];

        // Act
        var run = PackObjectsRequest.Validate(hook);

        // Assert
        Assert.Equal(["--shallow-file", "", "pack-objects", "--revs", "--thin", "--stdout", "--shallow", "--delta-base-offset", "--include-tag"], run);
    }

    [Fact]
    public void Validate_PartialCloneFilter_IsAccepted()
    {
        // Act
        var run = PackObjectsRequest.Validate(["git", "pack-objects", "--revs", "--stdout", "--filter=blob:none"]);

        // Assert
        Assert.Contains("--filter=blob:none", run);
    }

    [Theory]
    [InlineData("git", "upload-pack", "--stdout")]
    [InlineData("git", "pack-objects", "--revs")]
    [InlineData("git", "pack-objects", "--stdout", "objects/pack/base")]
    [InlineData("git", "-c", "core.sshCommand=evil", "pack-objects", "--stdout")]
    [InlineData("git", "--shallow-file", "/tmp/x", "pack-objects", "--stdout")]
    [InlineData("sh", "pack-objects", "--stdout")]
    [InlineData("git", "pack-objects", "--stdout", "--filter=a\nb")]
    public void Validate_AnythingButPackObjectsToStdoutWithOptions_IsRefused(params string[] hook)
    {
        // Act + Assert
        Assert.Throws<PackObjectsRefusedException>(() => PackObjectsRequest.Validate(hook));
    }

    [Fact]
    public async Task SpoolInputAsync_KeyDependsOnRepositoryRefsArgumentsAndInput_AndInputIsKept()
    {
        // Arrange
        async Task<(string Key, byte[] Spooled)> KeyAsync(string repository, string refs, string[] arguments, string input)
        {
            using var spool = new MemoryStream();
            var key = await PackObjectsRequest.SpoolInputAsync(
                new MemoryStream(System.Text.Encoding.ASCII.GetBytes(input)), spool, repository, refs, arguments, CancellationToken.None);
            return (key, spool.ToArray());
        }

        string[] args = ["pack-objects", "--revs", "--stdout"];
        const string Wants = "1aa95ebfbd49bf1fcb4e2b5ddf047cf771c29f7e\n--not\n\n";

        // Act
        var baseline = await KeyAsync("repo-1", "refs-1", args, Wants);
        var same = await KeyAsync("repo-1", "refs-1", args, Wants);
        var others = new[]
        {
            await KeyAsync("repo-2", "refs-1", args, Wants),
            await KeyAsync("repo-1", "refs-2", args, Wants),
            await KeyAsync("repo-1", "refs-1", [.. args, "--include-tag"], Wants),
            await KeyAsync("repo-1", "refs-1", ["pack-objects", "--revs --stdout"], Wants),
            await KeyAsync("repo-1", "refs-1", args, "--shallow 1aa95ebfbd49bf1fcb4e2b5ddf047cf771c29f7e\n" + Wants),
        };

        // Assert
        Assert.Equal(baseline.Key, same.Key);
        Assert.Equal(Wants, System.Text.Encoding.ASCII.GetString(baseline.Spooled));
        Assert.Equal(others.Length + 1, others.Select(o => o.Key).Append(baseline.Key).Distinct().Count());
    }
}
