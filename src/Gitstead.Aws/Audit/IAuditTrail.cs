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
    /// Queues the event. Completes at once unless the queue is full, when it waits for room
    /// rather than lose the event. Never throws for a storage problem.
    /// </summary>
    ValueTask RecordAsync(AuditEvent auditEvent);
}
