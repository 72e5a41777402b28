namespace Gitstead.CodeCommit.Git;

/// <summary>Bounds of <see cref="CatFilePool"/>.</summary>
internal sealed record CatFilePoolOptions
{
    /// <summary>Processes open at once over all repositories, busy or idle; the least recently used idle one makes room.</summary>
    public int MaxProcesses { get; init; } = 32;

    /// <summary>Processes of one repository; more concurrent reads of it wait for one to be free.</summary>
    public int MaxPerRepository { get; init; } = 4;

    /// <summary>An idle process is closed between this and 1.25 times this after its last read.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
