namespace Gitstead.Storage.Entities;

/// <summary>
/// A repository's triggers as PutRepositoryTriggers last set them: the set is replaced whole,
/// so it is one row, the triggers as CodeCommit's JSON, and a new configuration id each time.
/// </summary>
public sealed class RepositoryTriggerSet
{
    public long RepositoryKey { get; set; }

    /// <summary>UUID, new with every PutRepositoryTriggers.</summary>
    public required string ConfigurationId { get; set; }

    /// <summary>The <c>triggers</c> list, as the request gave it once checked.</summary>
    public required string TriggersJson { get; set; }
}

/// <summary>
/// One trigger record waiting to be delivered to the endpoint its destination ARN maps to. A
/// node claims a row with a conditional UPDATE (lease until <see cref="ClaimedUntil"/>), so no
/// two nodes post the same record; a delivered row is deleted, a failed one retried later.
/// </summary>
public sealed class TriggerDelivery
{
    public long Key { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    public required string DestinationArn { get; set; }

    public required string TriggerName { get; set; }

    /// <summary>The body posted: <c>{"Records":[…]}</c>.</summary>
    public required string Payload { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public string? ClaimToken { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    /// <summary>Set when the attempts are spent; the row is kept for the operator, never retried.</summary>
    public bool Abandoned { get; set; }

    public string? LastError { get; set; }
}
