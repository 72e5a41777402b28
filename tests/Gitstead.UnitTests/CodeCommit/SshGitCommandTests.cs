using Gitstead.CodeCommit.Ssh;
using Gitstead.CodeCommit.Transport;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

public sealed class SshGitCommandTests
{
    [Theory]
    [InlineData("git-upload-pack '/v1/repos/demo'", true, "demo")]
    [InlineData("git-receive-pack '/v1/repos/demo.git'", false, "demo.git")]
    [InlineData("git upload-pack '/v1/repos/a_b-c.d'", true, "a_b-c.d")]
    [InlineData("git-upload-pack 'v1/repos/demo'", true, "demo")]
    [InlineData("git-upload-pack /v1/repos/demo", true, "demo")]
    public void TryParse_GitCommandForARepository_GivesServiceAndName(string command, bool upload, string segment)
    {
        // Act
        var parsed = SshGitCommand.TryParse(command, out var actualService, out var actualSegment);

        // Assert
        Assert.True(parsed);
        Assert.Equal(upload ? GitService.UploadPack : GitService.ReceivePack, actualService);
        Assert.Equal(segment, actualSegment);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sh")]
    [InlineData("cat /etc/passwd")]
    [InlineData("git-upload-pack '/etc'")]
    [InlineData("git-upload-pack '/v1/repos/../../etc'")]
    [InlineData("git-upload-pack '/v1/repos/demo'; rm -rf /")]
    [InlineData("git-upload-pack '/v1/repos/demo")]
    [InlineData("git-upload-archive '/v1/repos/demo'")]
    [InlineData("git-upload-pack '/v1/repos/demo/x'")]
    [InlineData("git-upload-pack '/v1/repos/demo'\n")]
    public void TryParse_AnythingElse_IsRefused(string? command)
    {
        // Act
        var parsed = SshGitCommand.TryParse(command, out _, out _);

        // Assert
        Assert.False(parsed);
    }
}
