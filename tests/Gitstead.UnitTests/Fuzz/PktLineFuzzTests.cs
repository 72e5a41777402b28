using System.Buffers;
using System.Text;
using FsCheck.Fluent;
using Gitstead.CodeCommit.Git;
using Xunit;

namespace Gitstead.UnitTests.Fuzz;

/// <summary>
/// pkt-line framing and the push command list read from it: any byte stream either reads or
/// fails with <see cref="InvalidDataException"/> (which the transport answers as a client error),
/// and what is written reads back unchanged.
/// </summary>
public sealed class PktLineFuzzTests
{
    private const string OldId = "0000000000000000000000000000000000000000";
    private const string NewId = "1f7a6c5b4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b";

    private static readonly byte[] Push = Encoding.ASCII.GetBytes(
        Line($"{OldId} {NewId} refs/heads/main\0report-status side-band-64k agent=git/2.43\n")
        + Line($"{NewId} {OldId} refs/heads/old\n") + "0000PACK\0\0\0\u0002");

    private static readonly byte[] ShallowPush = Encoding.ASCII.GetBytes(
        Line($"shallow {NewId}\n") + Line($"{NewId} {NewId} refs/tags/v1\0 quiet\n") + "0000");

    private static readonly byte[] Fetch = Encoding.ASCII.GetBytes(
        Line("command=ls-refs\n") + "0001" + Line("peel\n") + Line("ref-prefix refs/heads/\n") + "0000" + "0002");

    [Fact]
    public void ReadAsync_MutatedStreams_ReadOrFailAsInvalidData()
    {
        Fuzzing.Check(Fuzzing.MutatedBytes(Push, ShallowPush, Fetch), 1000, bytes =>
            FuzzAssert.SucceedsOrThrowsAsync<InvalidDataException>(async () =>
            {
                using var reader = new PktLineReader(new MemoryStream(bytes));
                while (await reader.ReadAsync(default) != PktLineKind.EndOfStream)
                {
                    _ = reader.Payload;
                }
            }).GetAwaiter().GetResult());
    }

    [Fact]
    public void PushCommandsReadAsync_MutatedCommandLists_ReadOrFailAsInvalidData()
    {
        Fuzzing.Check(Fuzzing.MutatedBytes(Push, ShallowPush), 1000, bytes =>
            FuzzAssert.SucceedsOrThrowsAsync<InvalidDataException>(async () =>
            {
                using var reader = new PktLineReader(new MemoryStream(bytes));
                var commands = await PushCommands.ReadAsync(reader, default);
                _ = (commands.RefNames, commands.SidebandLineLength, commands.Updates.Select(u => (u.IsCreate, u.IsDelete)).ToList());
            }).GetAwaiter().GetResult());
    }

    [Fact]
    public void WriteThenRead_AnyPayloads_ReadBackUnchanged()
    {
        var payload = Gen.Frequency(
            (9, ArbMap.Default.ArbFor<byte[]>().Generator.Select(b => b ?? [])),
            (1, Gen.Choose(0, PktLine.MaxPayloadLength).Select(n => new byte[n])));

        Fuzzing.Check(Gen.ListOf(payload).Select(list => list.ToList()), 300, payloads =>
        {
            var writer = new ArrayBufferWriter<byte>();
            foreach (var p in payloads)
            {
                PktLine.Write(writer, p);
            }

            PktLine.WriteFlush(writer);
            using var reader = new PktLineReader(new MemoryStream(writer.WrittenSpan.ToArray()));
            foreach (var p in payloads)
            {
                Assert.Equal(PktLineKind.Data, reader.ReadAsync(default).AsTask().GetAwaiter().GetResult());
                Assert.Equal(p, reader.Payload.ToArray());
            }

            Assert.Equal(PktLineKind.Flush, reader.ReadAsync(default).AsTask().GetAwaiter().GetResult());
            Assert.Equal(PktLineKind.EndOfStream, reader.ReadAsync(default).AsTask().GetAwaiter().GetResult());
        });
    }

    [Fact]
    public void WriteSideband_AnyData_SplitsIntoLinesThatCarryItBack()
    {
        var cases = from data in ArbMap.Default.ArbFor<byte[]>().Generator.Select(b => b ?? [])
                    from lineLength in Gen.Elements(6, 1000, PktLine.MaxLineLength)
                    select (data, lineLength);

        Fuzzing.Check(cases, 300, c =>
        {
            var writer = new ArrayBufferWriter<byte>();
            PktLine.WriteSideband(writer, PktLine.DataBand, c.data, c.lineLength);
            using var reader = new PktLineReader(new MemoryStream(writer.WrittenSpan.ToArray()));
            var received = new List<byte>();
            while (reader.ReadAsync(default).AsTask().GetAwaiter().GetResult() == PktLineKind.Data)
            {
                Assert.True(reader.RawLine.Length <= c.lineLength);
                Assert.Equal(PktLine.DataBand, reader.Payload.Span[0]);
                received.AddRange(reader.Payload.Span[1..].ToArray());
            }

            Assert.Equal(c.data, received.ToArray());
        });
    }

    private static string Line(string payload) => (payload.Length + 4).ToString("x4") + payload;
}
