using System.Buffers;
using System.Text;

namespace Gitstead.CodeCommit.Git;

/// <summary>One ref-update command of a push: <c>old-id SP new-id SP name</c> (gitprotocol-pack "Reference Update Request").</summary>
internal sealed record RefUpdate(string OldId, string NewId, string RefName)
{
    public bool IsCreate => IsZeroId(OldId);

    public bool IsDelete => IsZeroId(NewId);

    private static bool IsZeroId(string id) => id.AsSpan().IndexOfAnyExcept('0') < 0;
}

/// <summary>
/// The head of a <c>git-receive-pack</c> request: optional <c>shallow</c> lines, the command
/// list up to its flush, and the capabilities the client chose on the first command. What
/// follows (a pack, absent when only deleting) is not part of it.
/// </summary>
internal sealed class PushCommands
{
    /// <summary>
    /// <see cref="MaxCommands"/> commands with long ref names and every capability stay below
    /// this; anything larger is refused before it can take the server's memory.
    /// </summary>
    public const int MaxHeadBytes = 4 * 1024 * 1024;

    /// <summary>CodeCommit's limit on the references one push may create, update or delete.</summary>
    public const int MaxCommands = 4000;

    private PushCommands(IReadOnlyList<RefUpdate> updates, int commandCount, IReadOnlySet<string> capabilities, byte[] head)
    {
        Updates = updates;
        CommandCount = commandCount;
        Capabilities = capabilities;
        Head = head;
    }

    /// <summary>The commands, the first <see cref="MaxCommands"/> of them when the push sent more.</summary>
    public IReadOnlyList<RefUpdate> Updates { get; }

    /// <summary>How many commands the push sent, those past <see cref="MaxCommands"/> included.</summary>
    public int CommandCount { get; }

    /// <summary>
    /// True when the push changes more references than one push may (<see cref="MaxCommands"/>,
    /// as in CodeCommit): it is refused as a whole, with a report git shows, not as a bad request.
    /// </summary>
    public bool IsOverLimit => CommandCount > MaxCommands;

    public IReadOnlySet<string> Capabilities { get; }

    /// <summary>The lines read, byte for byte as received, flush included: what git must be given first.</summary>
    public byte[] Head { get; }

    /// <summary>The distinct names of the refs the push would change, in command order.</summary>
    public IReadOnlyList<string> RefNames => Updates.Select(u => u.RefName).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The longest sideband line the client accepts, or 0 when it asked for no sideband.</summary>
    public int SidebandLineLength =>
        Capabilities.Contains("side-band-64k") ? PktLine.MaxLineLength
        : Capabilities.Contains("side-band") ? 1000
        : 0;

    /// <summary>
    /// Reads lines up to and including the flush that ends the command list. A request with no
    /// commands (git's "0000" probe before a large push, or an empty body) yields no updates.
    /// </summary>
    /// <exception cref="InvalidDataException">The request is not a command list git would send.</exception>
    public static async Task<PushCommands> ReadAsync(PktLineReader reader, CancellationToken cancellationToken)
    {
        var head = new ArrayBufferWriter<byte>();
        var updates = new List<RefUpdate>();
        var count = 0;
        IReadOnlySet<string> capabilities = new HashSet<string>();
        while (true)
        {
            var kind = await reader.ReadAsync(cancellationToken);
            if (kind == PktLineKind.EndOfStream && head.WrittenCount == 0)
            {
                break;
            }

            if (kind is not (PktLineKind.Data or PktLineKind.Flush))
            {
                throw new InvalidDataException("The command list of a push must end with a flush-pkt.");
            }

            head.Write(reader.RawLine.Span);
            if (head.WrittenCount > MaxHeadBytes)
            {
                throw new InvalidDataException("The command list of the push is too large.");
            }

            if (kind == PktLineKind.Flush)
            {
                break;
            }

            // Commands past the limit are checked and counted, not kept: their names are read
            // again from the head (bounded by MaxHeadBytes) for the refusal's report.
            var line = ParseLine(reader.Payload.Span, count == 0, ref capabilities);
            if (line is not null)
            {
                count++;
                if (updates.Count < MaxCommands)
                {
                    updates.Add(line);
                }
            }
        }

        return new PushCommands(updates, count, capabilities, head.WrittenSpan.ToArray());
    }

    /// <summary>The ref name of every command, in the order sent (those past <see cref="MaxCommands"/> included), read from <see cref="Head"/>.</summary>
    public List<string> CommandRefNames()
    {
        if (!IsOverLimit)
        {
            return [.. Updates.Select(u => u.RefName)];
        }

        var names = new List<string>(CommandCount);
        var rest = Head.AsSpan();
        IReadOnlySet<string> capabilities = new HashSet<string>();
        while (rest.Length >= 4)
        {
            var length = int.Parse(rest[..4], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
            if (length < 4)
            {
                break; // the flush that ends the list
            }

            if (ParseLine(rest[4..length], names.Count == 0, ref capabilities) is { } update)
            {
                names.Add(update.RefName);
            }

            rest = rest[length..];
        }

        return names;
    }

    /// <summary>A command, or null for a <c>shallow</c> line (which only precedes the commands).</summary>
    private static RefUpdate? ParseLine(ReadOnlySpan<byte> payload, bool first, ref IReadOnlySet<string> capabilities)
    {
        if (payload.EndsWith("\n"u8))
        {
            payload = payload[..^1];
        }

        var nul = payload.IndexOf((byte)0);
        if (nul >= 0)
        {
            if (!first)
            {
                throw new InvalidDataException("Only the first command of a push carries capabilities.");
            }

            capabilities = Encoding.ASCII.GetString(payload[(nul + 1)..])
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            payload = payload[..nul];
        }

        if (first && payload.StartsWith("shallow "u8) && nul < 0)
        {
            return null;
        }

        if (payload.StartsWith("push-cert"u8))
        {
            throw new InvalidDataException("Signed pushes are not supported.");
        }

        return ParseCommand(Encoding.UTF8.GetString(payload));
    }

    private static RefUpdate ParseCommand(string text)
    {
        var parts = text.Split(' ');
        if (parts.Length != 3 || !IsObjectId(parts[0]) || parts[1].Length != parts[0].Length || !IsObjectId(parts[1])
            || parts[2].Length == 0 || !parts[2].StartsWith("refs/", StringComparison.Ordinal))
        {
            throw new InvalidDataException("Malformed ref-update command.");
        }

        return new RefUpdate(parts[0], parts[1], parts[2]);
    }

    /// <summary>A SHA-1 (40) or SHA-256 (64) object id in lower-case hex.</summary>
    private static bool IsObjectId(string value) =>
        value.Length is 40 or 64 && value.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
