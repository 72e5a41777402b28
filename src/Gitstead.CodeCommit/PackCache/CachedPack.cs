namespace Gitstead.CodeCommit.PackCache;

/// <summary>Where a cached pack stands.</summary>
internal enum CachedPackState
{
    /// <summary>pack-objects runs and the file grows; readers follow it.</summary>
    Writing,

    /// <summary>pack-objects exited with 0: the file is the whole pack.</summary>
    Complete,

    /// <summary>pack-objects failed, or every reader left before it was done: readers fail, nobody new joins.</summary>
    Failed,
}

/// <summary>
/// One pack in the cache: a file one writer appends to and any number of readers read up to
/// <see cref="Length"/>, waiting for more while it is <see cref="CachedPackState.Writing"/>.
/// Every field is read and changed under the lock of <see cref="CachedPacks"/>, which owns it.
/// </summary>
internal sealed class CachedPack(string key, string repositoryId, string refsState, string path, DateTimeOffset created)
{
    private TaskCompletionSource _changed = NewSignal();

    public string Key { get; } = key;

    public string RepositoryId { get; } = repositoryId;

    /// <summary>The refs the pack was made under (<see cref="RefsState"/>).</summary>
    public string RefsState { get; } = refsState;

    public string Path { get; } = path;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset? Completed { get; private set; }

    /// <summary>Bytes written and flushed to the file: what readers may read.</summary>
    public long Length { get; private set; }

    public CachedPackState State { get; private set; }

    /// <summary>Requests streaming this pack now, its writer's own included.</summary>
    public int Readers { get; set; }

    /// <summary>False once evicted, expired or dropped: the file is gone from the directory (open handles still read it).</summary>
    public bool Listed { get; set; } = true;

    /// <summary>The writer's exit code once it has failed (-1 when it never ran to an exit).</summary>
    public int ExitCode { get; private set; } = -1;

    /// <summary>The end of the writer's stderr once it has failed, for the log and the client's error.</summary>
    public string FailureDetail { get; private set; } = "";

    /// <summary>Stops the pack-objects that writes this pack.</summary>
    public CancellationTokenSource Producer { get; } = new();

    /// <summary>The length, the state, and a task that completes at the next change of either.</summary>
    public (long Length, CachedPackState State, Task Changed) Snapshot() => (Length, State, _changed.Task);

    public void Grew(int bytes)
    {
        Length += bytes;
        Signal();
    }

    public void Finish(bool succeeded, DateTimeOffset now, int exitCode = -1, string failureDetail = "")
    {
        if (State != CachedPackState.Writing)
        {
            return;
        }

        State = succeeded ? CachedPackState.Complete : CachedPackState.Failed;
        ExitCode = succeeded ? 0 : exitCode;
        FailureDetail = succeeded ? "" : failureDetail;
        Completed = now;
        Signal();
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
