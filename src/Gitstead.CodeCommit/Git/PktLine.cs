using System.Buffers;
using System.Text;

namespace Gitstead.CodeCommit.Git;

/// <summary>What one read of a pkt-line stream produced (gitprotocol-common "pkt-line Format", gitprotocol-v2).</summary>
internal enum PktLineKind
{
    /// <summary>A line with a payload (possibly empty: <c>0004</c>).</summary>
    Data,

    /// <summary><c>0000</c>: end of a section or message.</summary>
    Flush,

    /// <summary><c>0001</c>: protocol v2 section delimiter.</summary>
    Delimiter,

    /// <summary><c>0002</c>: protocol v2 end of a stateless response.</summary>
    ResponseEnd,

    /// <summary>The stream ended cleanly between two lines.</summary>
    EndOfStream,
}

/// <summary>
/// Encoding of pkt-lines: four lower-case hex digits giving the length of the whole line
/// (prefix included), then the payload. Flush <c>0000</c>, delimiter <c>0001</c> and
/// response-end <c>0002</c> carry no payload; <c>0003</c> is never valid.
/// </summary>
internal static class PktLine
{
    /// <summary>LARGE_PACKET_MAX in git: the longest line, prefix included.</summary>
    public const int MaxLineLength = 65520;

    public const int PrefixLength = 4;

    public const int MaxPayloadLength = MaxLineLength - PrefixLength;

    /// <summary>The sideband band that carries data (gitprotocol-pack "side-band, side-band-64k").</summary>
    public const byte DataBand = 1;

    /// <summary>The sideband band whose text the client prints as <c>remote: …</c>.</summary>
    public const byte ProgressBand = 2;

    public static ReadOnlySpan<byte> FlushPacket => "0000"u8;

    /// <summary>Appends <paramref name="payload"/> as one pkt-line.</summary>
    /// <exception cref="ArgumentException">The payload is longer than <see cref="MaxPayloadLength"/>.</exception>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException($"A pkt-line payload holds at most {MaxPayloadLength} bytes.", nameof(payload));
        }

        WritePrefix(writer, payload.Length + PrefixLength);
        writer.Write(payload);
    }

    /// <summary>Appends the UTF-8 text as one pkt-line (callers include the trailing LF git expects).</summary>
    public static void WriteText(IBufferWriter<byte> writer, string text) => Write(writer, Encoding.UTF8.GetBytes(text));

    public static void WriteFlush(IBufferWriter<byte> writer) => writer.Write(FlushPacket);

    /// <summary>
    /// Appends <paramref name="data"/> on sideband <paramref name="band"/>, split into lines of
    /// at most <paramref name="maxLineLength"/> bytes (1000 for <c>side-band</c>, 65520 for <c>side-band-64k</c>).
    /// </summary>
    public static void WriteSideband(IBufferWriter<byte> writer, byte band, ReadOnlySpan<byte> data, int maxLineLength)
    {
        var chunk = maxLineLength - PrefixLength - 1;
        while (!data.IsEmpty)
        {
            var part = data[..Math.Min(chunk, data.Length)];
            WritePrefix(writer, part.Length + PrefixLength + 1);
            writer.Write([band]);
            writer.Write(part);
            data = data[part.Length..];
        }
    }

    /// <summary>Parses the four hex digits of a line prefix (either case, as git accepts).</summary>
    public static bool TryParsePrefix(ReadOnlySpan<byte> prefix, out int length)
    {
        length = 0;
        if (prefix.Length != PrefixLength)
        {
            return false;
        }

        foreach (var b in prefix)
        {
            var digit = HexValue(b);
            if (digit < 0)
            {
                return false;
            }

            length = (length << 4) | digit;
        }

        return true;
    }

    private static void WritePrefix(IBufferWriter<byte> writer, int length)
    {
        var span = writer.GetSpan(PrefixLength);
        const string hex = "0123456789abcdef";
        span[0] = (byte)hex[(length >> 12) & 0xF];
        span[1] = (byte)hex[(length >> 8) & 0xF];
        span[2] = (byte)hex[(length >> 4) & 0xF];
        span[3] = (byte)hex[length & 0xF];
        writer.Advance(PrefixLength);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
