using System.Globalization;
using System.Text.Json.Nodes;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>One CodeCommit event as EventBridge carries it, before it is wrapped in its envelope.</summary>
internal sealed record CodeCommitEvent(string AccountId, string Region, string RepositoryArn, string DetailType, JsonObject Detail);

/// <summary>
/// A place the operator sends CodeCommit's events to (<c>Gitstead:EventTargets:N</c>): an ARN that
/// <c>Gitstead:TriggerEndpoints</c> maps to a URL, as for trigger destinations, and optional filters
/// on the detail type, the account and the region (each a list; empty: any).
/// </summary>
internal sealed record EventTarget(string Arn, IReadOnlyList<string> DetailTypes, IReadOnlyList<string> Accounts, IReadOnlyList<string> Regions)
{
    public bool Matches(CodeCommitEvent e) =>
        (DetailTypes.Count == 0 || DetailTypes.Contains(e.DetailType, StringComparer.Ordinal))
        && (Accounts.Count == 0 || Accounts.Contains(e.AccountId, StringComparer.Ordinal))
        && (Regions.Count == 0 || Regions.Contains(e.Region, StringComparer.Ordinal));
}

/// <summary>
/// Queues CodeCommit's events (pull request state changes, comments) for the targets the operator
/// configured, in the trigger delivery table: one <see cref="TriggerDelivery"/> row per event and
/// target, whose payload is the EventBridge envelope <see cref="TriggerDeliverer"/> posts as it is.
/// Gitstead has no EventBridge or CodeStar Notifications API, so configuration says where events go.
/// Called after the change is saved; never throws, so a failure here never fails the call that
/// made the change (it is logged).
/// </summary>
internal sealed partial class EventQueue(IGitsteadDb db, IConfiguration configuration, TimeProvider time, TriggerSignal signal, ILogger<EventQueue> logger)
{
    public const string Section = "Gitstead:EventTargets";

    /// <summary>What a queued event row has as its trigger name: it has no trigger, and the deliverer does not look for one.</summary>
    public const string RowName = "(event)";

    /// <summary>The targets configured now (read on every call, so a changed configuration applies at once).</summary>
    public IReadOnlyList<EventTarget> Targets() =>
        [.. configuration.GetSection(Section).GetChildren()
            .Select(s => (Arn: s["Arn"], Section: s))
            .Where(t => !string.IsNullOrWhiteSpace(t.Arn))
            .Select(t => new EventTarget(t.Arn!.Trim(), List(t.Section, "DetailTypes"), List(t.Section, "Accounts", "Account"), List(t.Section, "Regions", "Region")))];

    /// <summary>
    /// Queues the events <paramref name="build"/> makes (<paramref name="subject"/> names what they
    /// are about in the log), when any target is configured (otherwise
    /// it is not called). Logs and returns when anything fails.
    /// </summary>
    public async Task PublishAsync(string subject, Func<Task<IReadOnlyList<CodeCommitEvent>>> build)
    {
        try
        {
            var targets = Targets();
            if (targets.Count == 0)
            {
                return;
            }

            var events = await build();

            var now = time.GetUtcNow().UtcDateTime;
            await using var context = db.Create();
            var queued = 0;
            foreach (var e in events)
            {
                var payload = Envelope(e, now).ToJsonString();
                foreach (var target in targets.Where(t => t.Matches(e)))
                {
                    context.TriggerDeliveries.Add(TriggerQueue.NewRow(e.AccountId, e.Region, target.Arn, RowName, payload, now));
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
            LogPublishFailed(ex, subject);
        }
    }

    /// <summary>
    /// EventBridge's envelope: <c>version</c> "0", a new <c>id</c>, <c>detail-type</c>, <c>source</c>
    /// "aws.codecommit", <c>account</c>, <c>time</c> (UTC, to the second), <c>region</c>,
    /// <c>resources</c> (the repository ARN) and the <c>detail</c>.
    /// </summary>
    internal static JsonObject Envelope(CodeCommitEvent e, DateTime now) => new()
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = e.DetailType,
        ["source"] = "aws.codecommit",
        ["account"] = e.AccountId,
        ["time"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["region"] = e.Region,
        ["resources"] = new JsonArray(e.RepositoryArn),
        ["detail"] = e.Detail.DeepClone(),
    };

    /// <summary>Whether a queued row is an event (an envelope) rather than a trigger record.</summary>
    public static bool IsEvent(TriggerDelivery row) => row.TriggerName == RowName;

    /// <summary>Dates inside an event's detail as CodeCommit writes them (Java's <c>Date.toString</c> in UTC): <c>Thu Oct 03 16:36:03 UTC 2019</c>.</summary>
    public static string DetailDate(DateTime utc) => utc.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);

    /// <summary>A list setting given as an array (<c>KEY:0</c>, <c>KEY:1</c>) or as one comma-separated value, under any of the names.</summary>
    private static List<string> List(IConfigurationSection section, params string[] keys)
    {
        var values = new List<string>();
        foreach (var key in keys)
        {
            var child = section.GetSection(key);
            if (child.Value is { } value)
            {
                values.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            values.AddRange(child.GetChildren().Select(c => c.Value?.Trim()).Where(v => !string.IsNullOrEmpty(v))!);
        }

        return values;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Events of {Subject} could not be queued for the event targets")]
    private partial void LogPublishFailed(Exception ex, string subject);
}
