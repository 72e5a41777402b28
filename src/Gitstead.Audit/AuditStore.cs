using System.Data.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gitstead.Audit;

/// <summary>A LookupEvents filter: at most one attribute, a time range, a page.</summary>
internal sealed record AuditQuery(string AccountId, string Region, string? AttributeKey, string? AttributeValue, DateTime? Start, DateTime? End, int MaxResults, AuditCursor? After);

/// <summary>
/// Where an event stands in LookupEvents' order (newest first): its time in ticks, its chunk's
/// key and its place in the chunk. A page's cursor is its last event's.
/// </summary>
internal sealed record AuditCursor(long T, long K, int I) : IComparable<AuditCursor>
{
    public int CompareTo(AuditCursor? other) =>
        other is null ? 1 : (T, K, I).CompareTo((other.T, other.K, other.I));
}

/// <summary>
/// The stored events, in chunks (<see cref="AuditChunk"/>): written a batch at a time, looked
/// up by LookupEvents through the chunks' terms, expired by age.
/// </summary>
internal sealed class AuditStore(IGitsteadDb db)
{
    /// <summary>Chunks read per query while a lookup collects its page.</summary>
    private const int ChunksPerRead = 8;

    /// <summary>Stores a batch in one transaction: a row per chunk (an account and region's events) and a row per term of each chunk.</summary>
    public Task InsertAsync(IReadOnlyList<EncodedChunk> chunks, CancellationToken ct) => InsertAsync(chunks, null, ct);

    /// <summary>
    /// Moves events that earlier versions stored one row each into chunks, a thousand rows per
    /// transaction (rows and chunks change together, so a stop in between loses or doubles nothing).
    /// The number moved.
    /// </summary>
    public async Task<int> ImportLegacyAsync(CancellationToken ct)
    {
        var moved = 0;
        while (true)
        {
            List<AuditEventRecord> rows;
            await using (var context = db.Create())
            {
                rows = await context.AuditEvents.AsNoTracking().OrderBy(e => e.Key).Take(1000).ToListAsync(ct);
            }

            if (rows.Count == 0)
            {
                return moved;
            }

            var events = rows.Select(r => new StoredEvent(
                r.AccountId, r.Region, DateTime.SpecifyKind(r.EventTime, DateTimeKind.Utc), r.EventId, r.EventName, r.EventSource, r.ReadOnly,
                r.Username, r.AccessKeyId, r.ResourceType, r.ResourceName, r.Record));
            var last = rows[^1].Key;
            await InsertAsync(AuditChunks.Build(events), context => context.AuditEvents.Where(e => e.Key <= last).ExecuteDeleteAsync(ct), ct);
            moved += rows.Count;
        }
    }

    private async Task InsertAsync(IReadOnlyList<EncodedChunk> chunks, Func<GitsteadDbContext, Task>? alsoInTransaction, CancellationToken ct)
    {
        await using var context = db.Create();
        await using var transaction = await context.Database.BeginTransactionAsync(ct);
        var connection = context.Database.GetDbConnection();
        await using var chunkInsert = Command(
            connection, transaction, "AuditChunks", ["AccountId", "Region", "FirstTime", "LastTime", "Count", "Events"], returningKey: true);
        await using var termInsert = Command(connection, transaction, "AuditChunkTerms", ["ChunkKey", "Term", "FirstTime", "LastTime"], returningKey: false);
        foreach (var chunk in chunks)
        {
            var key = Convert.ToInt64(
                await ExecuteAsync(chunkInsert, [chunk.AccountId, chunk.Region, chunk.FirstTime, chunk.LastTime, chunk.Count, chunk.Events], scalar: true, ct),
                System.Globalization.CultureInfo.InvariantCulture);
            foreach (var term in chunk.Terms)
            {
                await ExecuteAsync(termInsert, [key, term, chunk.FirstTime, chunk.LastTime], scalar: false, ct);
            }
        }

        if (alsoInTransaction is not null)
        {
            await alsoInTransaction(context);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>An INSERT with one parameter per column (both providers name tables and columns after the entities).</summary>
    private static DbCommand Command(DbConnection connection, IDbContextTransaction transaction, string table, string[] columns, bool returningKey)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText =
            $"""INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}){(returningKey ? """ RETURNING "Key" """ : "")}""";
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<object?> ExecuteAsync(DbCommand command, object[] values, bool scalar, CancellationToken ct)
    {
        var first = command.Parameters[0].Value is null;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        if (first)
        {
            // Types are known once values are set; the statement is then planned once per batch.
            await command.PrepareAsync(ct);
        }

        return scalar ? await command.ExecuteScalarAsync(ct) : await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Marks HTTPS Git credentials and SSH keys used, at most once a minute each.</summary>
    public async Task TouchCredentialsAsync(IReadOnlyDictionary<string, DateTime> lastUse, CancellationToken ct)
    {
        await using var context = db.Create();
        foreach (var (id, when) in lastUse)
        {
            var stale = when.AddMinutes(-1);
            if (id.StartsWith("ACCA", StringComparison.Ordinal))
            {
                await context.ServiceCredentials.Where(c => c.Id == id && (c.LastUsedDate == null || c.LastUsedDate < stale))
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedDate, when), ct);
            }
            else if (id.StartsWith("APKA", StringComparison.Ordinal))
            {
                await context.SshPublicKeys.Where(k => k.Id == id && (k.LastUsedDate == null || k.LastUsedDate < stale))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedDate, when), ct);
            }
        }
    }

    /// <summary>
    /// One page of events, newest first, and the cursor of the next page (null on the last).
    /// Chunks holding the attribute's value are read newest first (by their last event) until
    /// no unread chunk can hold an event newer than the page's last: chunks of several writers
    /// may overlap in time, so a page is the best of every chunk that could contribute.
    /// </summary>
    public async Task<(List<(StoredEvent Event, AuditCursor Position)> Events, AuditCursor? Next)> LookupAsync(AuditQuery query, CancellationToken ct)
    {
        var (start, end) = (query.Start, query.End);
        var key = query.AttributeKey;
        var value = key == "ReadOnly" ? (query.AttributeValue == "true" ? "true" : "false") : query.AttributeValue;
        long term;
        if (key == "EventId" && value is not null && AuditChunks.EventIdTime(value) is { } idTime)
        {
            // The id names its millisecond: only chunks around it are read.
            term = AuditChunks.Term(query.AccountId, query.Region, null, null);
            start = Max(start, idTime);
            end = Min(end, idTime.AddTicks(TimeSpan.TicksPerMillisecond - 1));
        }
        else
        {
            term = AuditChunks.Term(query.AccountId, query.Region, key, value);
        }

        if (query.After is { } after)
        {
            end = Min(end, new DateTime(after.T, DateTimeKind.Utc));
        }

        var page = new List<(StoredEvent Event, AuditCursor Position)>();
        if (start > end)
        {
            return (page, null);
        }

        var limit = query.MaxResults + 1;
        await using var context = db.Create();
        var terms = context.AuditChunkTerms.AsNoTracking().Where(t => t.Term == term);
        if (start is { } from)
        {
            terms = terms.Where(t => t.LastTime >= from);
        }

        if (end is { } until)
        {
            var latest = until + AuditChunks.MaxSpan;
            terms = terms.Where(t => t.FirstTime <= until && t.LastTime <= latest);
        }

        (DateTime Time, long Key)? read = null;
        while (true)
        {
            var next = terms;
            if (read is { } r)
            {
                next = next.Where(t => t.LastTime < r.Time || (t.LastTime == r.Time && t.ChunkKey < r.Key));
            }

            var chunks = await next.OrderByDescending(t => t.LastTime).ThenByDescending(t => t.ChunkKey).Take(ChunksPerRead)
                .Join(context.AuditChunks, t => t.ChunkKey, c => c.Key, (t, c) => c)
                .ToListAsync(ct);
            chunks = [.. chunks.OrderByDescending(c => c.LastTime).ThenByDescending(c => c.Key)];
            foreach (var chunk in chunks)
            {
                if (page.Count >= limit && chunk.LastTime.Ticks < page[^1].Position.T)
                {
                    return Result(page, query.MaxResults);
                }

                if (chunk.AccountId != query.AccountId || chunk.Region != query.Region)
                {
                    continue;
                }

                var events = AuditChunks.Decode(chunk.AccountId, chunk.Region, chunk.Events);
                for (var i = 0; i < events.Count; i++)
                {
                    var e = events[i];
                    var position = new AuditCursor(e.EventTime.Ticks, chunk.Key, i);
                    if ((start is null || e.EventTime >= start) && (end is null || e.EventTime <= end)
                        && (query.After is null || position.CompareTo(query.After) < 0)
                        && (key is null || e.Attribute(key) == value))
                    {
                        page.Add((e, position));
                    }
                }

                page.Sort((a, b) => b.Position.CompareTo(a.Position));
                if (page.Count > limit)
                {
                    page.RemoveRange(limit, page.Count - limit);
                }
            }

            if (chunks.Count < ChunksPerRead)
            {
                return Result(page, query.MaxResults);
            }

            read = (chunks[^1].LastTime, chunks[^1].Key);
        }
    }

    private static (List<(StoredEvent, AuditCursor)>, AuditCursor?) Result(List<(StoredEvent Event, AuditCursor Position)> page, int max)
    {
        if (page.Count <= max)
        {
            return (page, null);
        }

        page.RemoveRange(max, page.Count - max);
        return (page, page[^1].Position);
    }

    private static DateTime? Max(DateTime? a, DateTime b) => a is { } x && x > b ? x : b;

    private static DateTime? Min(DateTime? a, DateTime b) => a is { } x && x < b ? x : b;

    /// <summary>Deletes chunks whose every event is older than <paramref name="before"/>; the number of events deleted.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTime before, CancellationToken ct)
    {
        var deleted = 0;
        while (true)
        {
            await using var context = db.Create();
            var expired = await context.AuditChunks.AsNoTracking().Where(c => c.LastTime < before).OrderBy(c => c.Key).Take(1000)
                .Select(c => new { c.Key, c.Count }).ToListAsync(ct);
            if (expired.Count == 0)
            {
                return deleted;
            }

            var keys = expired.Select(c => c.Key).ToList();
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            await context.AuditChunkTerms.Where(t => keys.Contains(t.ChunkKey)).ExecuteDeleteAsync(ct);
            await context.AuditChunks.Where(c => keys.Contains(c.Key)).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            deleted += expired.Sum(c => c.Count);
        }
    }
}
