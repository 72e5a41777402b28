using Gitstead.Aws;

namespace Gitstead.Audit;

/// <summary>
/// Events on their way into one transaction: an open chunk per account and region, cut where a
/// chunk would span too long or hold too many. Chunk builders are kept for the next batch.
/// </summary>
internal sealed class AuditBatch
{
    /// <summary>Chunk builders (and their buffers) kept for the next batch's accounts and regions.</summary>
    private const int MaxSpare = 8;

    private readonly Dictionary<(string Account, string Region), AuditChunkBuilder> _open = [];
    private readonly Stack<AuditChunkBuilder> _spare = new();
    private readonly List<EncodedChunk> _chunks = [];

    /// <summary>Events added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an event with its record (CloudTrail's JSON, UTF-8).</summary>
    public void Add(AuditEvent e, ReadOnlySpan<byte> record) =>
        Open(e.RecipientAccountId ?? "", e.AwsRegion, e.EventTime.UtcDateTime).Add(e, record);

    public void Add(StoredEvent e) => Open(e.AccountId, e.Region, e.EventTime).Add(e);

    /// <summary>Closes the open chunks: the batch's chunks, until <see cref="Clear"/>.</summary>
    public IReadOnlyList<EncodedChunk> Seal()
    {
        foreach (var chunk in _open.Values)
        {
            _chunks.Add(chunk.Seal());
            if (_spare.Count < MaxSpare)
            {
                _spare.Push(chunk);
            }
        }

        _open.Clear();
        return _chunks;
    }

    /// <summary>Empties the batch (after <see cref="Seal"/>).</summary>
    public void Clear()
    {
        _chunks.Clear();
        Count = 0;
    }

    private AuditChunkBuilder Open(string account, string region, DateTime time)
    {
        if (!_open.TryGetValue((account, region), out var chunk))
        {
            chunk = _spare.TryPop(out var spare) ? spare : new AuditChunkBuilder();
            chunk.Reset(account, region);
            _open[(account, region)] = chunk;
        }
        else if (!chunk.Fits(time))
        {
            _chunks.Add(chunk.Seal());
            chunk.Reset(account, region);
        }

        Count++;
        return chunk;
    }
}
