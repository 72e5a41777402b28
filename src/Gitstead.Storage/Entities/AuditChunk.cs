namespace Gitstead.Storage.Entities;

/// <summary>
/// Audit events of one account and region, stored together: a batch of the writer, compressed.
/// One row and a few index entries per batch instead of one row and ten index entries per event
/// made the trail cheap enough to record every request (<c>bench/audit-cost.sh</c>). A chunk
/// spans at most a minute, so a time bound on events is a bound on chunks.
/// </summary>
public sealed class AuditChunk
{
    public long Key { get; set; }

    /// <summary>The account whose trail holds the events; empty when the caller could not be identified.</summary>
    public required string AccountId { get; set; }

    public required string Region { get; set; }

    /// <summary>The earliest event's time (UTC).</summary>
    public DateTime FirstTime { get; set; }

    /// <summary>The latest event's time (UTC).</summary>
    public DateTime LastTime { get; set; }

    public int Count { get; set; }

    /// <summary>The events, encoded and compressed by the audit store (its format byte first).</summary>
    public required byte[] Events { get; set; }
}

/// <summary>
/// A lookup value that occurs in a chunk (an event name, a user name, a resource, a key id, or
/// the chunk's mere presence in its account and region), as a 64-bit hash: LookupEvents reads
/// only chunks that hold its value, newest first, and checks each event itself.
/// </summary>
public sealed class AuditChunkTerm
{
    public long ChunkKey { get; set; }

    public long Term { get; set; }

    /// <summary>The chunk's <see cref="AuditChunk.FirstTime"/>.</summary>
    public DateTime FirstTime { get; set; }

    /// <summary>The chunk's <see cref="AuditChunk.LastTime"/>.</summary>
    public DateTime LastTime { get; set; }
}
