using System.Data.Common;
using Gitstead.Aws;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gitstead.Audit;

/// <summary>A LookupEvents filter: at most one attribute, a time range, a page.</summary>
internal sealed record AuditQuery(string AccountId, string Region, string? AttributeKey, string? AttributeValue, DateTime? Start, DateTime? End, int MaxResults, AuditCursor? After);

/// <summary>Where a page ended: events are listed newest first, ties broken by the row key.</summary>
internal sealed record AuditCursor(long T, long K);

/// <summary>The stored events: written in batches, looked up by LookupEvents, expired by age.</summary>
internal sealed class AuditStore(IGitsteadDb db)
{
    /// <summary>The columns <see cref="InsertAsync"/> fills, in the order of its parameters (the row key is generated).</summary>
    private static readonly string[] InsertedColumns =
    [
        nameof(AuditEventRecord.EventId), nameof(AuditEventRecord.AccountId), nameof(AuditEventRecord.Region),
        nameof(AuditEventRecord.EventTime), nameof(AuditEventRecord.EventName), nameof(AuditEventRecord.EventSource),
        nameof(AuditEventRecord.ReadOnly), nameof(AuditEventRecord.Username), nameof(AuditEventRecord.AccessKeyId),
        nameof(AuditEventRecord.ResourceType), nameof(AuditEventRecord.ResourceName), nameof(AuditEventRecord.Record),
    ];

    /// <summary>
    /// Stores a batch in one transaction, through one prepared INSERT run once per event. The
    /// trail writes an event for every request, and EF Core's change tracker with a freshly
    /// prepared statement per row (an INSERT into a table of ten indexes is costly to prepare)
    /// made storing an event cost more than serving the request (<c>bench/audit-cost.sh</c>).
    /// Both providers name the table and its columns after the entity and its properties.
    /// </summary>
    public async Task InsertAsync(IReadOnlyList<(AuditEvent Event, string Record)> batch, CancellationToken ct)
    {
        await using var context = db.Create();
        await using var transaction = await context.Database.BeginTransactionAsync(ct);
        var connection = context.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText =
            $"""INSERT INTO "AuditEvents" ({string.Join(", ", InsertedColumns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", InsertedColumns.Select((_, i) => $"@p{i}"))})""";
        var parameters = new DbParameter[InsertedColumns.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = $"@p{i}";
            command.Parameters.Add(parameters[i]);
        }

        var prepared = false;
        foreach (var (auditEvent, record) in batch)
        {
            var row = ToRow(auditEvent, record);
            object?[] values =
            [
                row.EventId, row.AccountId, row.Region, row.EventTime, row.EventName, row.EventSource,
                row.ReadOnly, row.Username, row.AccessKeyId, row.ResourceType, row.ResourceName, row.Record,
            ];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            if (!prepared)
            {
                // Types are known once values are set; PostgreSQL then plans the statement once per batch.
                await command.PrepareAsync(ct);
                prepared = true;
            }

            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
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

    /// <summary>One page of events, newest first, and the cursor of the next page (null on the last).</summary>
    public async Task<(List<AuditEventRecord> Events, AuditCursor? Next)> LookupAsync(AuditQuery query, CancellationToken ct)
    {
        await using var context = db.Create();
        var rows = context.AuditEvents.AsNoTracking().Where(e => e.AccountId == query.AccountId && e.Region == query.Region);
        rows = Filter(rows, query.AttributeKey, query.AttributeValue);
        if (query.Start is { } start)
        {
            rows = rows.Where(e => e.EventTime >= start);
        }

        if (query.End is { } end)
        {
            rows = rows.Where(e => e.EventTime <= end);
        }

        if (query.After is { } after)
        {
            var time = new DateTime(after.T, DateTimeKind.Utc);
            rows = rows.Where(e => e.EventTime < time || (e.EventTime == time && e.Key < after.K));
        }

        var page = await rows.OrderByDescending(e => e.EventTime).ThenByDescending(e => e.Key).Take(query.MaxResults + 1).ToListAsync(ct);
        if (page.Count <= query.MaxResults)
        {
            return (page, null);
        }

        page.RemoveAt(page.Count - 1);
        var last = page[^1];
        return (page, new AuditCursor(last.EventTime.Ticks, last.Key));
    }

    /// <summary>Deletes events older than <paramref name="before"/>; the number deleted.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTime before, CancellationToken ct)
    {
        await using var context = db.Create();
        return await context.AuditEvents.Where(e => e.EventTime < before).ExecuteDeleteAsync(ct);
    }

    private static IQueryable<AuditEventRecord> Filter(IQueryable<AuditEventRecord> rows, string? key, string? value) => key switch
    {
        null => rows,
        "EventId" => rows.Where(e => e.EventId == value),
        "EventName" => rows.Where(e => e.EventName == value),
        "ReadOnly" => rows.Where(e => e.ReadOnly == (value == "true")),
        "Username" => rows.Where(e => e.Username == value),
        "ResourceType" => rows.Where(e => e.ResourceType == value),
        "ResourceName" => rows.Where(e => e.ResourceName == value),
        "EventSource" => rows.Where(e => e.EventSource == value),
        "AccessKeyId" => rows.Where(e => e.AccessKeyId == value),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a lookup attribute"),
    };

    private static AuditEventRecord ToRow(AuditEvent e, string record) => new()
    {
        EventId = e.EventId,
        AccountId = e.RecipientAccountId ?? "",
        Region = e.AwsRegion,
        EventTime = e.EventTime.UtcDateTime,
        EventName = e.EventName,
        EventSource = e.EventSource,
        ReadOnly = e.ReadOnly,
        Username = e.UserIdentity.UserName,
        AccessKeyId = e.UserIdentity.AccessKeyId,
        ResourceType = e.Resources.Count > 0 ? e.Resources[0].Type : null,
        ResourceName = e.Resources.Count > 0 ? e.Resources[0].Name : null,
        Record = record,
    };
}
