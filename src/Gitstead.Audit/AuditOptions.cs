using System.ComponentModel.DataAnnotations;

namespace Gitstead.Audit;

/// <summary>Section <c>Gitstead:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Gitstead:Audit";

    /// <summary>
    /// Whether events are recorded at all. Off, nothing is stored: LookupEvents finds nothing new,
    /// and credentials' last use is not updated. Meant for measuring what the trail costs
    /// (<c>bench/audit-cost.sh</c>), not for production.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long events are kept (CloudTrail's event history keeps 90 days).</summary>
    [Range(1, 36500, ErrorMessage = "Gitstead:Audit:RetentionDays must lie between 1 and 36500.")]
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// A file that also receives every event as one JSON line (the CloudTrail record), created
    /// readable by its owner only; relative to the data directory. Unset: no file.
    /// </summary>
    public string? File { get; set; }

    /// <summary>How often expired events are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Gitstead:Audit:CleanupInterval must lie between 00:00:01 and 1.00:00:00.")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most an event waits before it is stored, and so is late in LookupEvents (CloudTrail's
    /// event history is minutes late; a lookup on the same server does not wait, see
    /// <c>AuditWriter.FlushAsync</c>). Events that come within the interval share one
    /// transaction: each commit makes every database reader drop its cached pages, so a shorter
    /// interval costs every API call more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Gitstead:Audit:FlushInterval must lie between 00:00:00.010 and 00:01:00.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many events may wait for the writer before recording waits for room.</summary>
    [Range(16, 1_000_000, ErrorMessage = "Gitstead:Audit:QueueCapacity must lie between 16 and 1000000.")]
    public int QueueCapacity { get; set; } = 10_000;
}
