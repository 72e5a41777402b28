namespace Gitstead.Aws;

/// <summary>
/// Where every area records its decisions (API calls, Git sign-ins and pushes, console
/// sign-ins). Implemented by the Audit area over a bounded queue that a background writer
/// stores in batches: recording does not wait for the database, and events queued before a
/// clean shutdown are stored before the process ends.
/// </summary>
public interface IAuditTrail
{
    /// <summary>
    /// Whether events are kept at all. When not, callers may skip building them: the trail's
    /// whole cost is then gone, which is what <c>bench/audit-cost.sh</c> compares against.
    /// </summary>
    bool IsEnabled { get; }

    /// <summary>
    /// Queues the event. Completes at once unless the queue is full, when it waits for room
    /// rather than lose the event. Never throws for a storage problem.
    /// </summary>
    ValueTask RecordAsync(AuditEvent auditEvent);
}
