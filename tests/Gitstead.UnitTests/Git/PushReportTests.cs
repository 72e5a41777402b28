using System.Text;
using Gitstead.CodeCommit.Git;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class PushReportTests
{
    private const string Zero = "0000000000000000000000000000000000000000";
    private const string A = "1111111111111111111111111111111111111111";

    [Fact]
    public async Task Rejected_WithoutSideband_IsThePlainReportStatus()
    {
        // Arrange
        var commands = await CommandsAsync("report-status");

        // Act
        var report = PushReport.Rejected(commands, name => $"no {name[5..]}", ["not shown"]);

        // Assert
        Assert.Equal(
            PushCommandsTests.Lines("unpack ok\n", "ng refs/heads/main no heads/main\n", "ng refs/tags/v1 no tags/v1\n") + "0000",
            Encoding.Latin1.GetString(report));
    }

    [Fact]
    public async Task Rejected_WithSideband_SendsMessagesOnBand2ThenTheReportOnBand1()
    {
        // Arrange
        var commands = await CommandsAsync("report-status side-band-64k");

        // Act
        var report = PushReport.Rejected(commands, _ => "denied\nby policy", ["Push rejected"]);

        // Assert: what the client demultiplexes
        using var reader = new PktLineReader(new MemoryStream(report));
        Assert.Equal(PktLineKind.Data, await reader.ReadAsync(default));
        Assert.Equal("\u0002Push rejected\n", Encoding.Latin1.GetString(reader.Payload.Span));
        Assert.Equal(PktLineKind.Data, await reader.ReadAsync(default));
        Assert.Equal(PktLine.DataBand, reader.Payload.Span[0]);
        var inner = Encoding.Latin1.GetString(reader.Payload.Span[1..]);
        Assert.Equal(PktLineKind.Flush, await reader.ReadAsync(default));
        Assert.Equal(PktLineKind.EndOfStream, await reader.ReadAsync(default));
        Assert.Equal(
            PktLineCommands("unpack ok\n", "ng refs/heads/main denied by policy\n", "ng refs/tags/v1 denied by policy\n") + "0000",
            inner);
    }

    private static string PktLineCommands(params string[] lines) => PushCommandsTests.Lines(lines);

    private static async Task<PushCommands> CommandsAsync(string capabilities)
    {
        using var reader = PushCommandsTests.Reader(
            PushCommandsTests.Lines($"{Zero} {A} refs/heads/main\0{capabilities}\n", $"{Zero} {A} refs/tags/v1\n") + "0000");
        return await PushCommands.ReadAsync(reader, default);
    }
}
