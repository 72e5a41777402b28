using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gitstead.Aws;

namespace Gitstead.Audit.Api;

/// <summary>
/// CloudTrail's <c>LookupEvents</c> over the stored events of the caller's account and region:
/// at most one lookup attribute, an inclusive time range, newest first, pages of at most 50.
/// </summary>
internal sealed class LookupEventsApi(AuditStore store, AuditWriter writer, IAuthorizer authorizer)
{
    private const string Action = "cloudtrail:LookupEvents";

    private static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(2);

    private static readonly HashSet<string> AttributeKeys =
        ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
    public async Task<AwsResult> LookupEventsAsync(AwsRequestContext ctx)
    {
        var (key, value) = Attribute(ctx);
        var start = ctx.Json.Timestamp("StartTime")?.UtcDateTime;
        var end = ctx.Json.Timestamp("EndTime")?.UtcDateTime;
        if (start > end)
        {
            throw new AwsServiceException("InvalidTimeRangeException", "Start time must be equal to or less than end time.");
        }

        var max = ctx.Json.Int("MaxResults") ?? 50;
        if (max is < 1 or > 50)
        {
            throw new AwsServiceException("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
        }

        if (ctx.Json.String("EventCategory") is { } category && category != "insight")
        {
            throw new AwsServiceException("InvalidEventCategoryException", $"Event category {category} is not valid.");
        }

        await authorizer.RequireAsync(ctx.Call, Action, "*", ctx.Aborted);
        var scope = Scope(ctx.AccountId(), ctx.Region, key, value, start, end);
        var after = ctx.Json.String("NextToken") is { } token ? Decode(token, scope) : null;
        if (ctx.Json.String("EventCategory") == "insight")
        {
            return AwsResult.Json(new JsonObject { ["Events"] = new JsonArray() });
        }

        await StoreQueuedAsync(ctx.Aborted);
        var (events, next) = await store.LookupAsync(new AuditQuery(ctx.AccountId(), ctx.Region, key, value, start, end, max, after), ctx.Aborted);
        var body = new JsonObject { ["Events"] = new JsonArray([.. events.Select(e => Render(e.Event))]) };
        if (next is not null)
        {
            body["NextToken"] = PageTokens.Encode(new LookupToken(next.T, next.K, next.I, scope));
        }

        return AwsResult.Json(body);
    }

    /// <summary>
    /// Lets the writer store what this server queued before the lookup, so that the caller's own
    /// calls are there. A writer held up by an unavailable database does not hold the lookup up for long.
    /// </summary>
    private async Task StoreQueuedAsync(CancellationToken ct)
    {
        try
        {
            await writer.StoreQueuedAsync(ct).WaitAsync(StoreWait, ct);
        }
        catch (TimeoutException)
        {
            // The events come on the writer's next flush.
        }
    }

    private static (string? Key, string? Value) Attribute(AwsRequestContext ctx)
    {
        var attributes = ctx.Json.ObjectList("LookupAttributes") ?? [];
        if (attributes.Count == 0)
        {
            return (null, null);
        }

        if (attributes.Count > 1)
        {
            throw new AwsServiceException("InvalidLookupAttributesException", "You can specify only one lookup attribute.");
        }

        var key = attributes[0].String("AttributeKey");
        var value = attributes[0].String("AttributeValue");
        if (key is null || !AttributeKeys.Contains(key))
        {
            throw new AwsServiceException("InvalidLookupAttributesException", $"Lookup attribute key {key} is not valid.");
        }

        if (value is not { Length: >= 1 and <= 2000 })
        {
            throw new AwsServiceException("InvalidLookupAttributesException", "Lookup attribute values must be 1 to 2000 characters long.");
        }

        return (key, value);
    }

    /// <summary>A digest of the parameters a token belongs to: a token is valid only with the same ones.</summary>
    private static string Scope(string account, string region, string? key, string? value, DateTime? start, DateTime? end) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{account}\n{region}\n{key}\n{value}\n{start?.Ticks}\n{end?.Ticks}")))[..16];

    private static AuditCursor Decode(string token, string scope) =>
        PageTokens.TryDecode<LookupToken>(token, out var t) && t.S == scope
            ? new AuditCursor(t.T, t.K, t.I)
            : throw new AwsServiceException("InvalidNextTokenException", "Invalid NextToken: it was not issued for this request's parameters.");

    private static JsonObject Render(StoredEvent e)
    {
        var json = new JsonObject
        {
            ["EventId"] = e.EventId,
            ["EventName"] = e.EventName,
            ["ReadOnly"] = e.ReadOnly ? "true" : "false",
            ["EventTime"] = AwsJson.Epoch(e.EventTime),
            ["EventSource"] = e.EventSource,
        };
        AwsJson.AddIfSet(json, "AccessKeyId", e.AccessKeyId);
        AwsJson.AddIfSet(json, "Username", e.Username);
        var resources = new JsonArray();
        if (e.ResourceName is not null)
        {
            resources.Add(new JsonObject { ["ResourceType"] = e.ResourceType, ["ResourceName"] = e.ResourceName });
        }

        json["Resources"] = resources;
        json["CloudTrailEvent"] = e.Record;
        return json;
    }

    /// <summary>Where the next page starts, and the parameters it was issued for.</summary>
    private sealed record LookupToken(long T, long K, int I, string S);
}

internal static class LookupContextExtensions
{
    public static string AccountId(this AwsRequestContext ctx) => ctx.Call.AccountId;
}
