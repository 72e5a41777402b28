using System.Text;
using Gitstead.CodeCommit.Git;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class PktLineReaderTests
{
    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ReadAsync_MixedLines_ReturnsEachKindAndPayload(int bytesPerRead)
    {
        // Arrange
        using var reader = new PktLineReader(Trickle("0006a\n0004000100020000", bytesPerRead));

        // Act + Assert
        Assert.Equal(PktLineKind.Data, await reader.ReadAsync(default));
        Assert.Equal("a\n", Encoding.ASCII.GetString(reader.Payload.Span));
        Assert.Equal("0006a\n", Encoding.ASCII.GetString(reader.RawLine.Span));
        Assert.Equal(PktLineKind.Data, await reader.ReadAsync(default));
        Assert.True(reader.Payload.IsEmpty);
        Assert.Equal(PktLineKind.Delimiter, await reader.ReadAsync(default));
        Assert.Equal(PktLineKind.ResponseEnd, await reader.ReadAsync(default));
        Assert.Equal(PktLineKind.Flush, await reader.ReadAsync(default));
        Assert.Equal(PktLineKind.EndOfStream, await reader.ReadAsync(default));
    }

    [Fact]
    public async Task Buffered_AfterTheLastLineRead_HoldsWhatFollowsIt()
    {
        // Arrange
        using var reader = new PktLineReader(Trickle("0000PACKdata", int.MaxValue));

        // Act
        await reader.ReadAsync(default);

        // Assert
        Assert.Equal("PACKdata", Encoding.ASCII.GetString(reader.Buffered.Span));
    }

    [Fact]
    public async Task ReadAsync_LinesLongerThanHalfTheBuffer_AreReadWhole()
    {
        // Arrange
        var payload = new string('y', PktLine.MaxPayloadLength);
        using var reader = new PktLineReader(Trickle("fff0" + payload + "fff0" + payload, 7000));

        // Act + Assert
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(PktLineKind.Data, await reader.ReadAsync(default));
            Assert.Equal(PktLine.MaxPayloadLength, reader.Payload.Length);
        }
    }

    [Theory]
    [InlineData("0003")]
    [InlineData("zzzz")]
    [InlineData("fff1")]
    public async Task ReadAsync_InvalidPrefix_Throws(string input)
    {
        // Arrange
        using var reader = new PktLineReader(Trickle(input, int.MaxValue));

        // Act + Assert
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(default).AsTask());
    }

    [Theory]
    [InlineData("00")]
    [InlineData("0009abc")]
    public async Task ReadAsync_StreamEndsInsideALine_Throws(string input)
    {
        // Arrange
        using var reader = new PktLineReader(Trickle(input, int.MaxValue));

        // Act + Assert
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(default).AsTask());
    }

    /// <summary>A stream that hands out at most <paramref name="bytesPerRead"/> bytes per read, as a network does.</summary>
    internal static Stream Trickle(string text, int bytesPerRead) => new TrickleStream(Encoding.Latin1.GetBytes(text), bytesPerRead);

    private sealed class TrickleStream(byte[] data, int bytesPerRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);
    }
}
