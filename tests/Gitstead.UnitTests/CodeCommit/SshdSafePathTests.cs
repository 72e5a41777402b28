using Gitstead.CodeCommit.Ssh;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>The rule sshd applies before it runs an AuthorizedKeysCommand, as the server checks it.</summary>
public sealed class SshdSafePathTests
{
    [Theory]
    [InlineData("0 755", 1000, true)]
    [InlineData("1000 700", 1000, true)]
    [InlineData("0 1777", 1000, false)]
    [InlineData("0 775", 0, false)]
    [InlineData("0 757", 0, false)]
    [InlineData("1001 755", 1000, false)]
    [InlineData("0 7a5", 0, false)]
    [InlineData("", 0, false)]
    public void Safe_OwnedByRootOrTheUser_AndWritableByNoOneElse(string statLine, int uid, bool expected)
    {
        // Act
        var safe = SshdSafePath.Safe(statLine, uid);

        // Assert
        Assert.Equal(expected, safe);
    }

    [Fact]
    public void Allows_AProgramUnderTmp_IsRefused_ASystemProgramIsAllowed()
    {
        // Arrange: /tmp is writable by everyone (1777), as sshd's check sees it.
        var underTmp = Path.Combine("/tmp", $"sshd-safe-{Guid.NewGuid():N}");
        File.WriteAllText(underTmp, "");
        try
        {
            // Act
            var tmp = SshdSafePath.Allows(underTmp, Ids.Uid);
            var system = SshdSafePath.Allows("/bin/sh", 12345);

            // Assert
            Assert.False(tmp);
            Assert.True(system);
        }
        finally
        {
            File.Delete(underTmp);
        }
    }
}
