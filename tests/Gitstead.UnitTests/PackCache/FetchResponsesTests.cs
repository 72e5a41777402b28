using System.Text;
using Gitstead.CodeCommit.PackCache;
using Xunit;

namespace Gitstead.UnitTests.PackCache;

public sealed class FetchResponsesTests
{
    private const string Want = "want 1234567890123456789012345678901234567890\n";

    [Theory]
    [InlineData(true, "command=fetch\n", "agent=git/2.39.5\n", "object-format=sha1\n", "|", "thin-pack\n", "ofs-delta\n", "deepen 1\n", Want, "done\n", "-")]
    [InlineData(true, "command=fetch", "|", Want, "done", "-")]
    [InlineData(false, "command=fetch\n", "|", Want, "-")]
    [InlineData(false, "command=fetch\n", "|", Want, "have 1234567890123456789012345678901234567890\n", "done\n", "-")]
    [InlineData(false, "command=ls-refs\n", "|", "done\n", "-")]
    [InlineData(false, "agent=git/2.39.5\n", "command=fetch\n", "|", Want, "done\n", "-")]
    [InlineData(false, "-")]
    public void IsClone_AFetchThatIsDoneWithoutHaves(bool expected, params string[] lines)
    {
        // Arrange: "|" is the delimiter packet, "-" the flush packet.
        var body = string.Concat(lines.Select(line => line switch
        {
            "|" => "0001",
            "-" => "0000",
            _ => $"{line.Length + 4:x4}{line}",
        }));

        // Act + Assert
        Assert.Equal(expected, FetchResponses.IsClone(Encoding.ASCII.GetBytes(body)));
    }

    [Theory]
    [InlineData("0012command=fetch\n0009done\n00")]
    [InlineData("0012command=fetch\n0090done\n0000")]
    [InlineData("0012command=fetch\n0003")]
    [InlineData("zzzzcommand=fetch\n0009done\n0000")]
    [InlineData("")]
    public void IsClone_AnythingMalformed_IsNot(string body)
    {
        // Act + Assert
        Assert.False(FetchResponses.IsClone(Encoding.ASCII.GetBytes(body)));
    }

    [Fact]
    public void IsClone_LongerThanTheLimit_IsNot()
    {
        // Arrange
        var wants = string.Concat(Enumerable.Repeat($"{Want.Length + 4:x4}{Want}", FetchResponses.MaxRequestBytes / 49 + 1));
        var body = Encoding.ASCII.GetBytes("0012command=fetch\n0001" + wants + "0009done\n0000");

        // Act + Assert
        Assert.False(FetchResponses.IsClone(body));
    }
}
