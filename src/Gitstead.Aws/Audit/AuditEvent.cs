using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gitstead.Aws;

/// <summary>
/// Who an event is about, as CloudTrail's <c>userIdentity</c> says it. Made from an
/// authenticated <see cref="Caller"/>, or <see cref="Unknown"/> when authentication failed.
/// </summary>
/// <param name="Type"><c>Root</c>, <c>IAMUser</c> or <c>Unknown</c>.</param>
/// <param name="PrincipalId">Unique id (<c>AIDA…</c>, or the account id for the root).</param>
/// <param name="Arn">The principal's ARN.</param>
/// <param name="AccountId">12-digit account id, when known.</param>
/// <param name="AccessKeyId">The credential that authenticated the request (access key, HTTPS Git credential or SSH key id).</param>
/// <param name="UserName">User name (<c>root</c> for the root; what was typed when authentication failed).</param>
public sealed record AuditIdentity(string Type, string? PrincipalId, string? Arn, string? AccountId, string? AccessKeyId, string? UserName)
{
    /// <summary>The identity of an authenticated caller; the credential is its access key, else the Git credential or SSH key.</summary>
    public static AuditIdentity Of(Caller caller) => new(
        caller.IsRoot ? "Root" : "IAMUser",
        caller.UserId,
        caller.Arn,
        caller.AccountId,
        caller.AccessKeyId ?? caller.CredentialId,
        caller.UserName ?? "root");

    /// <summary>A caller that could not be authenticated: only what it claimed.</summary>
    public static AuditIdentity Unknown(string? accountId, string? accessKeyId, string? userName) =>
        new("Unknown", null, null, accountId, accessKeyId, userName);
}

/// <summary>A resource an event names: CloudTrail's <c>resources</c> entry and LookupEvents' <c>Resources</c>.</summary>
/// <param name="Type">e.g. <c>AWS::CodeCommit::Repository</c>.</param>
/// <param name="Name">The name LookupEvents matches (a repository name, a user name, a key id).</param>
/// <param name="Arn">The resource ARN, when known.</param>
public sealed record AuditResource(string Type, string Name, string? Arn);

/// <summary>
/// One CloudTrail-shaped event (record fields as in CloudTrail's record contents): an API call,
/// a Git authentication or authorization decision, a console sign-in. Values must already be
/// free of secrets; <see cref="AuditRedaction"/> removes them from request parameters.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>CloudTrail's current record version.</summary>
    public const string CurrentVersion = "1.11";

    /// <summary>
    /// CloudTrail's <c>eventID</c>: unless given, a version 7 UUID of <see cref="EventTime"/>
    /// (random apart from the millisecond it names, which lets a lookup by id read only that
    /// millisecond's events).
    /// </summary>
    public string EventId
    {
        get => _eventId ??= Guid.CreateVersion7(EventTime).ToString();
        init => _eventId = value;
    }

    public required DateTimeOffset EventTime { get; init; }

    private string? _eventId;

    /// <summary><c>iam.amazonaws.com</c>, <c>codecommit.amazonaws.com</c>, <c>signin.amazonaws.com</c>, …</summary>
    public required string EventSource { get; init; }

    public required string EventName { get; init; }

    public required string AwsRegion { get; init; }

    public required AuditIdentity UserIdentity { get; init; }

    public string? SourceIpAddress { get; init; }

    public string? UserAgent { get; init; }

    /// <summary><c>AwsApiCall</c>, <c>AwsConsoleSignIn</c>, …</summary>
    public string EventType { get; init; } = "AwsApiCall";

    public bool ReadOnly { get; init; }

    public JsonObject? RequestParameters { get; init; }

    public JsonObject? ResponseElements { get; init; }

    public JsonObject? AdditionalEventData { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public string? RequestId { get; init; }

    public IReadOnlyList<AuditResource> Resources { get; init; } = [];

    /// <summary>The account whose trail holds the event: the caller's; null when nobody could be identified.</summary>
    public string? RecipientAccountId => UserIdentity.AccountId;

    /// <summary>
    /// The record as CloudTrail writes it, as JSON text: what is stored, streamed to the
    /// operator's file and returned by LookupEvents as <c>CloudTrailEvent</c>. Written straight
    /// to UTF-8 (every API call makes one, on the writer's time).
    /// </summary>
    public string ToRecordJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteRecord(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The record (see <see cref="ToRecordJson"/>) written to <paramref name="json"/>, which the caller flushes.</summary>
    public void WriteRecord(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("eventVersion", CurrentVersion);
        json.WriteStartObject("userIdentity");
        json.WriteString("type", UserIdentity.Type);
        WriteIfSet(json, "principalId", UserIdentity.PrincipalId);
        WriteIfSet(json, "arn", UserIdentity.Arn);
        WriteIfSet(json, "accountId", UserIdentity.AccountId);
        WriteIfSet(json, "accessKeyId", UserIdentity.AccessKeyId);
        WriteIfSet(json, "userName", UserIdentity.UserName);
        json.WriteEndObject();
        Span<char> time = stackalloc char[20];
        EventTime.UtcDateTime.TryFormat(time, out var length, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        json.WriteString("eventTime", time[..length]);
        json.WriteString("eventSource", EventSource);
        json.WriteString("eventName", EventName);
        json.WriteString("awsRegion", AwsRegion);
        json.WriteString("sourceIPAddress", SourceIpAddress ?? "AWS Internal");
        json.WriteString("userAgent", UserAgent is { Length: > 1024 } ua ? ua[..1024] : UserAgent);
        WriteIfSet(json, "errorCode", ErrorCode);
        WriteIfSet(json, "errorMessage", ErrorMessage);
        WriteNode(json, "requestParameters", RequestParameters);
        WriteNode(json, "responseElements", ResponseElements);
        if (AdditionalEventData is not null)
        {
            WriteNode(json, "additionalEventData", AdditionalEventData);
        }

        WriteIfSet(json, "requestID", RequestId);
        json.WriteString("eventID", EventId);
        json.WriteBoolean("readOnly", ReadOnly);
        if (Resources.Count > 0)
        {
            json.WriteStartArray("resources");
            foreach (var resource in Resources)
            {
                json.WriteStartObject();
                WriteIfSet(json, "ARN", resource.Arn);
                WriteIfSet(json, "accountId", UserIdentity.AccountId);
                json.WriteString("type", resource.Type);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteString("eventType", EventType);
        json.WriteBoolean("managementEvent", true);
        WriteIfSet(json, "recipientAccountId", RecipientAccountId);
        json.WriteString("eventCategory", "Management");
        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNode(Utf8JsonWriter json, string name, JsonObject? value)
    {
        json.WritePropertyName(name);
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            value.WriteTo(json);
        }
    }
}
