namespace Gitstead.CodeCommit.Repositories;

/// <summary>A repository trigger (botocore <c>RepositoryTrigger</c>): what to send where, for which branches and events.</summary>
public sealed record RepositoryTriggerInfo(string Name, string DestinationArn, string? CustomData, IReadOnlyList<string> Branches, IReadOnlyList<string> Events);

/// <summary>A trigger as the request carried it, before <see cref="TriggerRules"/> checked it.</summary>
public sealed record RepositoryTriggerInput(string? Name, string? DestinationArn, string? CustomData, IReadOnlyList<string>? Branches, IReadOnlyList<string>? Events);

/// <summary>GetRepositoryTriggers: the id of the set (null before any Put) and its triggers.</summary>
public sealed record RepositoryTriggerConfiguration(string? ConfigurationId, IReadOnlyList<RepositoryTriggerInfo> Triggers);

/// <summary>TestRepositoryTriggers: names of the triggers whose endpoint took the test record, and why the others failed.</summary>
public sealed record TriggerTestResult(IReadOnlyList<string> Successful, IReadOnlyList<(string Trigger, string Message)> Failed);

/// <summary>A ref that moved: its full name, the commit it was at (zeros when created) and now (zeros when deleted).</summary>
public sealed record ReferenceChange(string RefName, string OldId, string NewId)
{
    public const string ZeroId = "0000000000000000000000000000000000000000";

    public bool IsCreate => OldId.AsSpan().IndexOfAnyExcept('0') < 0;

    public bool IsDelete => NewId.AsSpan().IndexOfAnyExcept('0') < 0;
}
