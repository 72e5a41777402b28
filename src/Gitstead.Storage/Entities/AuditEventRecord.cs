namespace Gitstead.Storage.Entities;

/// <summary>
/// One stored audit event: the CloudTrail record as JSON, and beside it the values LookupEvents
/// filters on, each indexed with the time so a lookup reads only the rows it returns.
/// </summary>
public sealed class AuditEventRecord
{
    public long Key { get; set; }

    /// <summary>CloudTrail's <c>eventID</c> (a GUID).</summary>
    public required string EventId { get; set; }

    /// <summary>The account whose trail holds it; empty when the caller could not be identified.</summary>
    public required string AccountId { get; set; }

    public required string Region { get; set; }

    /// <summary>UTC.</summary>
    public DateTime EventTime { get; set; }

    public required string EventName { get; set; }

    public required string EventSource { get; set; }

    public bool ReadOnly { get; set; }

    public string? Username { get; set; }

    public string? AccessKeyId { get; set; }

    public string? ResourceType { get; set; }

    public string? ResourceName { get; set; }

    /// <summary>The full record as CloudTrail writes it (LookupEvents' <c>CloudTrailEvent</c>).</summary>
    public required string Record { get; set; }
}
