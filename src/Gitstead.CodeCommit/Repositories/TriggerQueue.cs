using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Turns moved refs into CodeCommit trigger records and queues them in the database for
/// <see cref="TriggerDeliverer"/>. Called after a ref has moved (push, API write, merge, branch
/// create or delete); never throws, so a failure here never fails or delays what moved the ref
/// beyond one query.
/// </summary>
internal sealed partial class TriggerQueue(IGitsteadDb db, TimeProvider time, TriggerSignal signal, ILogger<TriggerQueue> logger)
{
    private const string BranchPrefix = "refs/heads/";

    public Task EnqueueAsync(RepositoryInfo repository, string userArn, IReadOnlyList<ReferenceChange> changes) =>
        changes.Count == 0 ? Task.CompletedTask : EnqueueAsync(repository, userArn, () => Task.FromResult(changes));

    /// <summary>As above, with the changes worked out only when the repository has triggers (a push reads its refs back for that).</summary>
    public async Task EnqueueAsync(RepositoryInfo repository, string userArn, Func<Task<IReadOnlyList<ReferenceChange>>> changesAsync)
    {
        try
        {
            await using var context = db.Create();
            var set = await context.RepositoryTriggerSets.AsNoTracking().FirstOrDefaultAsync(s => s.RepositoryKey == repository.Key, CancellationToken.None);
            if (set is null)
            {
                return;
            }

            var changes = await changesAsync();

            var now = time.GetUtcNow().UtcDateTime;
            var queued = 0;
            foreach (var trigger in TriggerStore.Parse(set.TriggersJson))
            {
                var matching = changes.Where(c => Matches(trigger, c)).ToList();
                if (matching.Count == 0)
                {
                    continue;
                }

                foreach (var payload in Records(repository.Region, repository.Arn, set.ConfigurationId, trigger, userArn, "ReferenceChanges", matching, now))
                {
                    context.TriggerDeliveries.Add(NewRow(repository.AccountId, repository.Region, trigger.DestinationArn, trigger.Name, payload, now));
                    queued++;
                }
            }

            if (queued > 0)
            {
                await context.SaveChangesAsync(CancellationToken.None);
                signal.Wake();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogEnqueueFailed(ex, repository.Arn);
        }
    }

    /// <summary>A delivery row due at once: a trigger record, or an event (<see cref="EventQueue"/>) under its row name.</summary>
    internal static TriggerDelivery NewRow(string accountId, string region, string destinationArn, string name, string payload, DateTime now) => new()
    {
        AccountId = accountId,
        Region = region,
        DestinationArn = destinationArn,
        TriggerName = name,
        Payload = payload,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>Whether a trigger fires for a ref change: the branch is one of its branches (or it lists none) and the event is one of its events.</summary>
    internal static bool Matches(RepositoryTriggerInfo trigger, ReferenceChange change)
    {
        if (trigger.Branches.Count > 0
            && !(change.RefName.StartsWith(BranchPrefix, StringComparison.Ordinal) && trigger.Branches.Contains(change.RefName[BranchPrefix.Length..], StringComparer.Ordinal)))
        {
            return false;
        }

        var eventName = change.IsCreate ? "createReference" : change.IsDelete ? "deleteReference" : "updateReference";
        return trigger.Events.Contains("all", StringComparer.Ordinal) || trigger.Events.Contains(eventName, StringComparer.Ordinal);
    }

    /// <summary>
    /// The largest record body, in bytes: SNS's message size limit (and Lambda's for an
    /// asynchronous invocation), 256 KiB. A ref change with more references than fit is sent in
    /// parts.
    /// </summary>
    internal const int MaxRecordBytes = 256 * 1024;

    /// <summary>CodeCommit's record: <c>{"Records":[{…}]}</c>, one part, the references that matched.</summary>
    internal static string Record(
        string region, string repositoryArn, string configurationId, RepositoryTriggerInfo trigger, string userArn, string eventName,
        IEnumerable<ReferenceChange> changes, DateTime now) =>
        Part(region, repositoryArn, configurationId, trigger, userArn, eventName, [.. changes.Select(Reference)], now, Guid.NewGuid().ToString(), 1, 1);

    /// <summary>
    /// The records of one ref change: as many parts as it takes for each body to stay within
    /// <see cref="MaxRecordBytes"/>, the references in order, every part with the same
    /// <c>eventId</c> and its <c>eventPartNumber</c> of <c>eventTotalParts</c>.
    /// </summary>
    internal static List<string> Records(
        string region, string repositoryArn, string configurationId, RepositoryTriggerInfo trigger, string userArn, string eventName,
        IReadOnlyList<ReferenceChange> changes, DateTime now, int maxBytes = MaxRecordBytes)
    {
        var eventId = Guid.NewGuid().ToString();
        var references = changes.Select(Reference).ToList();

        // What a part weighs without references, with part numbers as wide as they can get.
        var frame = Encoding.UTF8.GetByteCount(Part(region, repositoryArn, configurationId, trigger, userArn, eventName, [], now, eventId, 99999, 99999));
        var parts = new List<List<JsonObject>> { new() };
        var size = frame;
        foreach (var reference in references)
        {
            var weight = Encoding.UTF8.GetByteCount(reference.ToJsonString()) + 1;
            if (parts[^1].Count > 0 && size + weight > maxBytes)
            {
                parts.Add([]);
                size = frame;
            }

            parts[^1].Add(reference);
            size += weight;
        }

        return [.. parts.Select((part, i) => Part(region, repositoryArn, configurationId, trigger, userArn, eventName, part, now, eventId, i + 1, parts.Count))];
    }

    private static JsonObject Reference(ReferenceChange change)
    {
        var reference = new JsonObject
        {
            ["commit"] = change.IsDelete ? change.OldId : change.NewId,
            ["ref"] = change.RefName,
        };
        if (change.IsCreate)
        {
            reference["created"] = true;
        }
        else if (change.IsDelete)
        {
            reference["deleted"] = true;
        }

        return reference;
    }

    private static string Part(
        string region, string repositoryArn, string configurationId, RepositoryTriggerInfo trigger, string userArn, string eventName,
        IReadOnlyList<JsonObject> part, DateTime now, string eventId, int number, int total)
    {
        var references = new JsonArray([.. part.Select(r => (JsonNode)r.DeepClone())]);
        var record = new JsonObject
        {
            ["awsRegion"] = region,
            ["codecommit"] = new JsonObject { ["references"] = references },
        };
        if (trigger.CustomData is not null)
        {
            record["customData"] = trigger.CustomData;
        }

        record["eventId"] = eventId;
        record["eventName"] = eventName;
        record["eventPartNumber"] = number;
        record["eventSource"] = "aws:codecommit";
        record["eventSourceARN"] = repositoryArn;
        record["eventTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
        record["eventTotalParts"] = total;
        record["eventTriggerConfigId"] = configurationId;
        record["eventTriggerName"] = trigger.Name;
        record["eventVersion"] = "1.0";
        record["userIdentityARN"] = userArn;
        return new JsonObject { ["Records"] = new JsonArray(record) }.ToJsonString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger records for {Repository} could not be queued")]
    private partial void LogEnqueueFailed(Exception ex, string repository);
}

/// <summary>Wakes this node's deliverer when it queued something, so a record goes out without waiting for the next poll.</summary>
internal sealed class TriggerSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>The stored trigger set's JSON: CodeCommit's member names.</summary>
internal static class TriggerStore
{
    public static string Serialize(IEnumerable<RepositoryTriggerInfo> triggers) =>
        new JsonArray([.. triggers.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["destinationArn"] = t.DestinationArn,
            ["customData"] = t.CustomData,
            ["branches"] = new JsonArray([.. t.Branches.Select(b => (JsonNode)JsonValue.Create(b))]),
            ["events"] = new JsonArray([.. t.Events.Select(e => (JsonNode)JsonValue.Create(e))]),
        })]).ToJsonString();

    public static List<RepositoryTriggerInfo> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(t => new RepositoryTriggerInfo(
            t.GetProperty("name").GetString()!,
            t.GetProperty("destinationArn").GetString()!,
            t.TryGetProperty("customData", out var data) && data.ValueKind == JsonValueKind.String ? data.GetString() : null,
            [.. t.GetProperty("branches").EnumerateArray().Select(b => b.GetString()!)],
            [.. t.GetProperty("events").EnumerateArray().Select(e => e.GetString()!)]))];
    }
}
