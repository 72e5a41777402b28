using Gitstead.CodeCommit.Git;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class GitProtocolTests
{
    [Theory]
    [InlineData("version=2")]
    [InlineData("version=1")]
    [InlineData("version=2:object-format=sha256")]
    public void Accept_WhatGitSends_IsPassedOn(string header)
    {
        // Act + Assert
        Assert.Equal(header, GitProtocol.Accept(header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("version=two")]
    [InlineData("version=2 ")]
    [InlineData("version=2\nversion=1")]
    [InlineData("version=2:$(reboot)")]
    [InlineData("version=2, version=1")]
    [InlineData("VERSION=2")]
    [InlineData("foo=bar")]
    public void Accept_AnythingElse_IsDropped(string? header)
    {
        // Act + Assert
        Assert.Null(GitProtocol.Accept(header));
    }

    [Theory]
    [InlineData("version=2", true)]
    [InlineData("version=2:object-format=sha256", true)]
    [InlineData("version=1", false)]
    [InlineData(null, false)]
    public void IsVersion2_AcceptedValue_SaysWhetherV2WasAskedFor(string? accepted, bool expected)
    {
        // Act + Assert
        Assert.Equal(expected, GitProtocol.IsVersion2(accepted));
    }

    [Fact]
    public void WithProtocol_UnacceptableValue_Throws()
    {
        // Arrange
        var info = GitStartInfo.Create("/", ["version"]);

        // Act + Assert
        Assert.Throws<ArgumentException>(() => info.WithProtocol("version=2;rm"));
    }

    [Fact]
    public void WithProtocol_AcceptedValue_SetsGitProtocol()
    {
        // Arrange
        var info = GitStartInfo.Create("/", ["version"]);

        // Act
        info.WithProtocol("version=2");

        // Assert
        Assert.Equal("version=2", info.Environment["GIT_PROTOCOL"]);
    }
}
