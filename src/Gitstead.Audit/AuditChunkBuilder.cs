using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Gitstead.Aws;

namespace Gitstead.Audit;

/// <summary>
/// One chunk in the making: events of one account and region appended in the chunk's encoding
/// (<see cref="AuditChunks.Decode"/> reads it) as they arrive, into buffers kept from one chunk
/// to the next. Events that wait for their batch's commit are then bytes in a reused buffer,
/// not objects that the collector traces, promotes to an older generation and later collects
/// in a blocking collection — which is what the requests would feel.
/// </summary>
internal sealed class AuditChunkBuilder
{
    private const int BrotliQuality = 1;
    private const int BrotliWindow = 22;

    private readonly ArrayBufferWriter<byte> _raw = new(64 * 1024);
    private readonly HashSet<(string Key, string Value)> _values = [];
    private byte[] _compressed = [];

    public string AccountId { get; private set; } = "";

    public string Region { get; private set; } = "";

    public int Count { get; private set; }

    public DateTime FirstTime { get; private set; }

    public DateTime LastTime { get; private set; }

    /// <summary>Starts an empty chunk of <paramref name="account"/> and <paramref name="region"/>.</summary>
    public void Reset(string account, string region)
    {
        (AccountId, Region, Count) = (account, region, 0);
        _raw.ResetWrittenCount();
        _raw.Advance(4); // the event count, set by Seal
        _values.Clear();
    }

    /// <summary>Whether an event of <paramref name="time"/> may join: the chunk would stay within <see cref="AuditChunks.MaxEvents"/> and <see cref="AuditChunks.MaxSpan"/>.</summary>
    public bool Fits(DateTime time) =>
        Count == 0 || (Count < AuditChunks.MaxEvents
            && (time > LastTime ? time : LastTime) - (time < FirstTime ? time : FirstTime) <= AuditChunks.MaxSpan);

    /// <summary>Appends an event with its record (CloudTrail's JSON, UTF-8).</summary>
    public void Add(AuditEvent e, ReadOnlySpan<byte> record) => Add(
        e.EventTime.UtcDateTime,
        e.EventId,
        e.EventName,
        e.EventSource,
        e.ReadOnly,
        e.UserIdentity.UserName,
        e.UserIdentity.AccessKeyId,
        e.Resources.Count > 0 ? e.Resources[0].Type : null,
        e.Resources.Count > 0 ? e.Resources[0].Name : null,
        record);

    public void Add(StoredEvent e)
    {
        var record = Encoding.UTF8.GetBytes(e.Record);
        Add(e.EventTime, e.EventId, e.EventName, e.EventSource, e.ReadOnly, e.Username, e.AccessKeyId, e.ResourceType, e.ResourceName, record);
    }

    private void Add(
        DateTime time, string eventId, string eventName, string eventSource, bool readOnly,
        string? username, string? accessKeyId, string? resourceType, string? resourceName, ReadOnlySpan<byte> record)
    {
        FirstTime = Count == 0 || time < FirstTime ? time : FirstTime;
        LastTime = Count == 0 || time > LastTime ? time : LastTime;
        Count++;

        Write(time.Ticks);
        Write(eventId);
        Write(eventName);
        Write(eventSource);
        Write(readOnly);
        WriteOptional(username);
        WriteOptional(accessKeyId);
        WriteOptional(resourceType);
        WriteOptional(resourceName);
        Write7BitLength(record.Length);
        record.CopyTo(_raw.GetSpan(record.Length));
        _raw.Advance(record.Length);

        _values.Add(("EventName", eventName));
        _values.Add(("ReadOnly", readOnly ? "true" : "false"));
        _values.Add(("EventSource", eventSource));
        AddValue("Username", username);
        AddValue("ResourceType", resourceType);
        AddValue("ResourceName", resourceName);
        AddValue("AccessKeyId", accessKeyId);
        if (AuditChunks.EventIdTime(eventId) is null)
        {
            _values.Add(("EventId", eventId));
        }
    }

    /// <summary>
    /// The chunk as stored: its events compressed, its terms (its account and region, and each
    /// indexed value of its events), and time bounds rounded outwards to the microsecond, the
    /// precision of PostgreSQL's timestamps, so that they never exclude one of its own events.
    /// </summary>
    public EncodedChunk Seal()
    {
        BinaryPrimitives.WriteInt32LittleEndian(MemoryMarshal.AsMemory(_raw.WrittenMemory).Span, Count);
        var source = _raw.WrittenSpan;
        var bound = 5 + BrotliEncoder.GetMaxCompressedLength(source.Length);
        if (_compressed.Length < bound)
        {
            _compressed = new byte[Math.Max(bound, _compressed.Length * 2)];
        }

        _compressed[0] = AuditChunks.Format;
        BinaryPrimitives.WriteInt32LittleEndian(_compressed.AsSpan(1), source.Length);
        if (!BrotliEncoder.TryCompress(source, _compressed.AsSpan(5), out var written, BrotliQuality, BrotliWindow))
        {
            throw new InvalidOperationException("Brotli could not compress an audit chunk.");
        }

        var terms = new HashSet<long>(_values.Count + 1) { AuditChunks.Term(AccountId, Region, null, null) };
        foreach (var (key, value) in _values)
        {
            terms.Add(AuditChunks.Term(AccountId, Region, key, value));
        }

        var first = new DateTime(FirstTime.Ticks - (FirstTime.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
        var last = new DateTime(
            LastTime.Ticks + ((TimeSpan.TicksPerMicrosecond - (LastTime.Ticks % TimeSpan.TicksPerMicrosecond)) % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
        return new EncodedChunk(AccountId, Region, first, last, Count, _compressed[..(5 + written)], terms);
    }

    private void AddValue(string key, string? value)
    {
        if (value is not null)
        {
            _values.Add((key, value));
        }
    }

    private void Write(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_raw.GetSpan(8), value);
        _raw.Advance(8);
    }

    private void Write(bool value)
    {
        _raw.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _raw.Advance(1);
    }

    /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> writes it: its UTF-8 length, 7 bits a byte, then its UTF-8.</summary>
    private void Write(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Write7BitLength(length);
        Encoding.UTF8.GetBytes(value, _raw.GetSpan(length));
        _raw.Advance(length);
    }

    private void WriteOptional(string? value)
    {
        Write(value is not null);
        if (value is not null)
        {
            Write(value);
        }
    }

    private void Write7BitLength(int value)
    {
        var span = _raw.GetSpan(5);
        var i = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[i++] = (byte)v;
        _raw.Advance(i);
    }
}
