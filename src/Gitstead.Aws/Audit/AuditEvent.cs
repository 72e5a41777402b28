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

    public string EventId { get; init; } = Guid.NewGuid().ToString();

    public required DateTimeOffset EventTime { get; init; }

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

    /// <summary>The record as CloudTrail writes it (the string LookupEvents returns as <c>CloudTrailEvent</c>).</summary>
    public JsonObject ToRecord()
    {
        var identity = new JsonObject { ["type"] = UserIdentity.Type };
        AwsJson.AddIfSet(identity, "principalId", UserIdentity.PrincipalId);
        AwsJson.AddIfSet(identity, "arn", UserIdentity.Arn);
        AwsJson.AddIfSet(identity, "accountId", UserIdentity.AccountId);
        AwsJson.AddIfSet(identity, "accessKeyId", UserIdentity.AccessKeyId);
        AwsJson.AddIfSet(identity, "userName", UserIdentity.UserName);
        var record = new JsonObject
        {
            ["eventVersion"] = CurrentVersion,
            ["userIdentity"] = identity,
            ["eventTime"] = EventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["eventSource"] = EventSource,
            ["eventName"] = EventName,
            ["awsRegion"] = AwsRegion,
            ["sourceIPAddress"] = SourceIpAddress ?? "AWS Internal",
            ["userAgent"] = UserAgent is { Length: > 1024 } ua ? ua[..1024] : UserAgent,
        };
        AwsJson.AddIfSet(record, "errorCode", ErrorCode);
        AwsJson.AddIfSet(record, "errorMessage", ErrorMessage);
        record["requestParameters"] = RequestParameters?.DeepClone();
        record["responseElements"] = ResponseElements?.DeepClone();
        if (AdditionalEventData is not null)
        {
            record["additionalEventData"] = AdditionalEventData.DeepClone();
        }

        AwsJson.AddIfSet(record, "requestID", RequestId);
        record["eventID"] = EventId;
        record["readOnly"] = ReadOnly;
        if (Resources.Count > 0)
        {
            record["resources"] = new JsonArray([.. Resources.Select(r => Resource(r))]);
        }

        record["eventType"] = EventType;
        record["managementEvent"] = true;
        AwsJson.AddIfSet(record, "recipientAccountId", RecipientAccountId);
        record["eventCategory"] = "Management";
        return record;
    }

    private JsonObject Resource(AuditResource resource)
    {
        var json = new JsonObject();
        AwsJson.AddIfSet(json, "ARN", resource.Arn);
        AwsJson.AddIfSet(json, "accountId", UserIdentity.AccountId);
        json["type"] = resource.Type;
        return json;
    }
}
