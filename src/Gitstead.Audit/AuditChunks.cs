using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Gitstead.Aws;

namespace Gitstead.Audit;

/// <summary>An event as the store keeps it: the values LookupEvents filters on and returns, and the record.</summary>
internal sealed record StoredEvent(
    string AccountId,
    string Region,
    DateTime EventTime,
    string EventId,
    string EventName,
    string EventSource,
    bool ReadOnly,
    string? Username,
    string? AccessKeyId,
    string? ResourceType,
    string? ResourceName,
    string Record)
{
    /// <summary>The value of a lookup attribute, as LookupEvents compares it.</summary>
    public string? Attribute(string key) => key switch
    {
        "EventId" => EventId,
        "EventName" => EventName,
        "ReadOnly" => ReadOnly ? "true" : "false",
        "Username" => Username,
        "ResourceType" => ResourceType,
        "ResourceName" => ResourceName,
        "EventSource" => EventSource,
        "AccessKeyId" => AccessKeyId,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a lookup attribute"),
    };
}

/// <summary>A chunk ready to store: its account and region, time bounds, events (encoded) and the terms it is found by.</summary>
internal sealed record EncodedChunk(string AccountId, string Region, DateTime FirstTime, DateTime LastTime, int Count, byte[] Events, IReadOnlyCollection<long> Terms);

/// <summary>
/// How a chunk's events are encoded (a format byte, the encoded length, then the events as
/// <see cref="BinaryWriter"/> writes them, compressed with Brotli at its fastest), and the
/// terms a chunk is found by.
/// </summary>
internal static class AuditChunks
{
    /// <summary>The longest time between a chunk's first and last event: a bound on events' times bounds the chunks to read.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromMinutes(1);

    /// <summary>Most events in one chunk: what one lookup decodes to read one event.</summary>
    public const int MaxEvents = 1000;

    /// <summary>The attributes a chunk is indexed by (EventId only for ids that carry no time; see <see cref="EventIdTime"/>).</summary>
    public static readonly string[] IndexedAttributes = ["EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

    internal const byte Format = 1;

    /// <summary>Chunks of the events: per account and region, cut where a chunk would span too long or hold too many.</summary>
    public static IReadOnlyList<EncodedChunk> Build(IEnumerable<StoredEvent> events)
    {
        var batch = new AuditBatch();
        foreach (var e in events)
        {
            batch.Add(e);
        }

        return batch.Seal();
    }

    /// <summary>A term: the first 64 bits of a SHA-256 of account, region, attribute and value (a collision only costs a chunk read).</summary>
    public static long Term(string account, string region, string? key, string? value)
    {
        var text = key is null ? $"{account}\n{region}" : $"{account}\n{region}\n{key}\n{value}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    /// <summary>
    /// The millisecond an event id names: ids made by <see cref="AuditEvent"/> are version 7
    /// UUIDs of the event's time, so an id lookup reads only the chunks of that millisecond.
    /// Null for any other id (random ones from earlier versions, which are indexed as terms).
    /// </summary>
    public static DateTime? EventIdTime(string eventId)
    {
        if (!Guid.TryParseExact(eventId, "D", out var id) || id.Version != 7)
        {
            return null;
        }

        var ms = long.Parse(string.Concat(eventId.AsSpan(0, 8), eventId.AsSpan(9, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return DateTime.UnixEpoch.AddMilliseconds(ms);
    }

    public static List<StoredEvent> Decode(string account, string region, byte[] encoded)
    {
        if (encoded.Length < 5 || encoded[0] != Format)
        {
            throw new InvalidDataException($"An audit chunk of an unknown format ({(encoded.Length > 0 ? encoded[0] : -1)}).");
        }

        var raw = new byte[BinaryPrimitives.ReadInt32LittleEndian(encoded.AsSpan(1))];
        if (!BrotliDecoder.TryDecompress(encoded.AsSpan(5), raw, out var written) || written != raw.Length)
        {
            throw new InvalidDataException("An audit chunk could not be decompressed.");
        }

        using var reader = new BinaryReader(new MemoryStream(raw), Encoding.UTF8);
        var count = reader.ReadInt32();
        var events = new List<StoredEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var time = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            events.Add(new StoredEvent(
                account,
                region,
                time,
                EventId: reader.ReadString(),
                EventName: reader.ReadString(),
                EventSource: reader.ReadString(),
                ReadOnly: reader.ReadBoolean(),
                Username: ReadOptional(reader),
                AccessKeyId: ReadOptional(reader),
                ResourceType: ReadOptional(reader),
                ResourceName: ReadOptional(reader),
                Record: reader.ReadString()));
        }

        return events;
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
