using System.Buffers;
using System.Text;
using Gitstead.CodeCommit.Git;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class PktLineTests
{
    [Theory]
    [InlineData("", "0004")]
    [InlineData("a\n", "0006a\n")]
    [InlineData("# service=git-upload-pack\n", "001e# service=git-upload-pack\n")]
    public void WriteText_Payload_IsPrefixedWithLowerCaseHexLength(string payload, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        PktLine.WriteText(writer, payload);

        // Assert
        Assert.Equal(expected, Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Write_LongestPayload_Fits()
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        PktLine.Write(writer, new byte[PktLine.MaxPayloadLength]);

        // Assert
        Assert.Equal("fff0", Encoding.ASCII.GetString(writer.WrittenSpan[..4]));
        Assert.Equal(PktLine.MaxLineLength, writer.WrittenCount);
    }

    [Fact]
    public void Write_PayloadTooLong_Throws()
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act + Assert
        Assert.Throws<ArgumentException>(() => PktLine.Write(writer, new byte[PktLine.MaxPayloadLength + 1]));
    }

    [Fact]
    public void WriteSideband_DataLongerThanALine_IsSplitWithTheBandInEveryLine()
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();
        var data = Encoding.ASCII.GetBytes(new string('x', 12));

        // Act: lines of at most 10 bytes = 4 prefix + 1 band + 5 data
        PktLine.WriteSideband(writer, PktLine.ProgressBand, data, maxLineLength: 10);

        // Assert
        Assert.Equal("000a\u0002xxxxx000a\u0002xxxxx0007\u0002xx", Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Theory]
    [InlineData("0000", 0)]
    [InlineData("0001", 1)]
    [InlineData("00ff", 255)]
    [InlineData("00FF", 255)]
    [InlineData("fff0", 65520)]
    public void TryParsePrefix_HexDigits_GivesTheLength(string prefix, int expected)
    {
        // Act
        var parsed = PktLine.TryParsePrefix(Encoding.ASCII.GetBytes(prefix), out var length);

        // Assert
        Assert.True(parsed);
        Assert.Equal(expected, length);
    }

    [Theory]
    [InlineData("00g0")]
    [InlineData("000")]
    [InlineData("-001")]
    [InlineData("PACK")]
    public void TryParsePrefix_NotFourHexDigits_Fails(string prefix)
    {
        // Act + Assert
        Assert.False(PktLine.TryParsePrefix(Encoding.ASCII.GetBytes(prefix), out _));
    }
}
