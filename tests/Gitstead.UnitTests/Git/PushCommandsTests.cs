using System.Buffers;
using System.Text;
using Gitstead.CodeCommit.Git;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class PushCommandsTests
{
    private const string Zero = "0000000000000000000000000000000000000000";
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";

    [Fact]
    public async Task ReadAsync_CommandListThenPack_ParsesCommandsAndLeavesThePackUnread()
    {
        // Arrange
        var head = Lines($"{Zero} {A} refs/heads/main\0report-status side-band-64k agent=git/2.39\n", $"{A} {B} refs/tags/v1\n") + "0000";
        const string pack = "PACK\u0000\u0000\u0000\u0002";
        var body = PktLineReaderTests.Trickle(head + pack, 5);
        using var reader = new PktLineReader(body);

        // Act
        var commands = await PushCommands.ReadAsync(reader, default);

        // Assert
        Assert.Equal([new RefUpdate(Zero, A, "refs/heads/main"), new RefUpdate(A, B, "refs/tags/v1")], commands.Updates);
        Assert.Equal(["refs/heads/main", "refs/tags/v1"], commands.RefNames);
        Assert.Contains("report-status", commands.Capabilities);
        Assert.Equal(PktLine.MaxLineLength, commands.SidebandLineLength);
        Assert.Equal(head, Encoding.Latin1.GetString(commands.Head));
        var rest = new MemoryStream();
        await body.CopyToAsync(rest);
        Assert.Equal(pack, Encoding.Latin1.GetString(reader.Buffered.Span) + Encoding.Latin1.GetString(rest.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_DeleteAndCreate_AreRecognised()
    {
        // Arrange
        using var reader = Reader(Lines($"{A} {Zero} refs/heads/old\0report-status\n", $"{Zero} {B} refs/heads/new\n") + "0000");

        // Act
        var commands = await PushCommands.ReadAsync(reader, default);

        // Assert
        Assert.True(commands.Updates[0].IsDelete);
        Assert.False(commands.Updates[0].IsCreate);
        Assert.True(commands.Updates[1].IsCreate);
        Assert.Equal(0, commands.SidebandLineLength);
    }

    [Fact]
    public async Task ReadAsync_ShallowLinesFirst_AreKeptButAreNoCommands()
    {
        // Arrange
        var head = Lines($"shallow {A}\n", $"{A} {B} refs/heads/main\0report-status side-band\n") + "0000";
        using var reader = Reader(head);

        // Act
        var commands = await PushCommands.ReadAsync(reader, default);

        // Assert
        Assert.Equal("refs/heads/main", Assert.Single(commands.Updates).RefName);
        Assert.Equal(1000, commands.SidebandLineLength);
        Assert.Equal(head, Encoding.Latin1.GetString(commands.Head));
    }

    [Theory]
    [InlineData("0000")]
    [InlineData("")]
    public async Task ReadAsync_ProbeOrEmptyBody_HasNoCommands(string body)
    {
        // Arrange
        using var reader = Reader(body);

        // Act
        var commands = await PushCommands.ReadAsync(reader, default);

        // Assert
        Assert.Empty(commands.Updates);
        Assert.Equal(body, Encoding.Latin1.GetString(commands.Head));
    }

    [Fact]
    public async Task ReadAsync_Sha256Ids_AreAccepted()
    {
        // Arrange
        var zero = new string('0', 64);
        var id = new string('a', 64);
        using var reader = Reader(Lines($"{zero} {id} refs/heads/main\0report-status object-format=sha256\n") + "0000");

        // Act
        var commands = await PushCommands.ReadAsync(reader, default);

        // Assert
        Assert.Equal(id, Assert.Single(commands.Updates).NewId);
    }

    [Theory]
    [InlineData("1111 2222 refs/heads/main\n")]
    [InlineData("1111111111111111111111111111111111111111 2222222222222222222222222222222222222222\n")]
    [InlineData("1111111111111111111111111111111111111111 2222222222222222222222222222222222222222 main\n")]
    [InlineData("111111111111111111111111111111111111111X 2222222222222222222222222222222222222222 refs/heads/main\n")]
    [InlineData("push-cert\0report-status\n")]
    public async Task ReadAsync_MalformedCommand_Throws(string line)
    {
        // Arrange
        using var reader = Reader(Lines(line) + "0000");

        // Act + Assert
        await Assert.ThrowsAsync<InvalidDataException>(() => PushCommands.ReadAsync(reader, default));
    }

    [Theory]
    [InlineData("0001")]
    [InlineData("")]
    public async Task ReadAsync_CommandListWithoutFlush_Throws(string end)
    {
        // Arrange
        using var reader = Reader(Lines($"{A} {B} refs/heads/main\0report-status\n") + end);

        // Act + Assert
        await Assert.ThrowsAsync<InvalidDataException>(() => PushCommands.ReadAsync(reader, default));
    }

    [Fact]
    public async Task ReadAsync_CapabilitiesOnALaterCommand_Throws()
    {
        // Arrange
        using var reader = Reader(Lines($"{A} {B} refs/heads/a\n", $"{A} {B} refs/heads/b\0report-status\n") + "0000");

        // Act + Assert
        await Assert.ThrowsAsync<InvalidDataException>(() => PushCommands.ReadAsync(reader, default));
    }

    [Fact]
    public async Task ReadAsync_MoreCommandsThanOnePushMayChange_KeepsTheFirstAndCountsAndNamesThemAll()
    {
        // Arrange
        var lines = Enumerable.Range(0, PushCommands.MaxCommands + 2)
            .Select(i => $"{Zero} {A} refs/tags/t{i:D5}{(i == 0 ? "\0report-status side-band-64k" : "")}\n").ToArray();
        using var reader = Reader(Lines(lines) + "0000");

        // Act
        var commands = await PushCommands.ReadAsync(reader, default);

        // Assert
        Assert.True(commands.IsOverLimit);
        Assert.Equal(PushCommands.MaxCommands + 2, commands.CommandCount);
        Assert.Equal(PushCommands.MaxCommands, commands.Updates.Count);
        var names = commands.CommandRefNames();
        Assert.Equal(PushCommands.MaxCommands + 2, names.Count);
        Assert.Equal("refs/tags/t00000", names[0]);
        Assert.Equal($"refs/tags/t{PushCommands.MaxCommands + 1:D5}", names[^1]);
    }

    [Fact]
    public async Task ReadAsync_AtTheLimit_IsNotOverIt()
    {
        // Arrange
        var lines = Enumerable.Range(0, PushCommands.MaxCommands).Select(i => $"{Zero} {A} refs/tags/t{i:D5}\n").ToArray();
        using var reader = Reader(Lines(lines) + "0000");

        // Act
        var commands = await PushCommands.ReadAsync(reader, default);

        // Assert
        Assert.False(commands.IsOverLimit);
        Assert.Equal(PushCommands.MaxCommands, commands.CommandRefNames().Count);
    }

    internal static string Lines(params string[] payloads)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var payload in payloads)
        {
            PktLine.Write(writer, Encoding.Latin1.GetBytes(payload));
        }

        return Encoding.Latin1.GetString(writer.WrittenSpan);
    }

    internal static PktLineReader Reader(string text) => new(PktLineReaderTests.Trickle(text, int.MaxValue));
}
