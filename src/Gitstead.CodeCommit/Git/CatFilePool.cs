namespace Gitstead.CodeCommit.Git;

/// <summary>
/// Long-lived <c>git cat-file --batch</c> processes (<see cref="CatFileProcess"/>), kept per
/// repository so an object read costs a pipe round trip instead of a process start. A process
/// serves one read at a time; it goes back to the pool only after a clean read, and is killed
/// otherwise. New objects are visible to a running process: loose ones are found directly, and
/// git re-scans the pack directory when an object is not found.
/// </summary>
internal sealed partial class CatFilePool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RepositoryEntry> _repositories = new(StringComparer.Ordinal);
    private readonly LinkedList<CatFileProcess> _idle = []; // least recently used first
    private readonly HashSet<CatFileProcess> _busy = [];
    private readonly SemaphoreSlim _capacity; // one permit per open process
    private readonly CatFilePoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;
    private int _open;
    private int _peak;
    private int _starving;
    private bool _disposed;

    public CatFilePool(TimeProvider time)
        : this(time, new CatFilePoolOptions())
    {
    }

    internal CatFilePool(TimeProvider time, CatFilePoolOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxProcesses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPerRepository, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.IdleTimeout, TimeSpan.Zero);
        _options = options;
        _time = time;
        _capacity = new SemaphoreSlim(options.MaxProcesses, options.MaxProcesses);
        var period = options.IdleTimeout / 4;
        _sweeper = time.CreateTimer(_ => CloseIdle(), null, period, period);
    }

    /// <summary>Processes open now, busy or idle.</summary>
    internal int OpenProcesses
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    /// <summary>The most processes that were open at once.</summary>
    internal int PeakOpenProcesses
    {
        get
        {
            lock (_gate)
            {
                return _peak;
            }
        }
    }

    /// <summary>
    /// The object <paramref name="name"/> names in the bare repository at
    /// <paramref name="repositoryPath"/>: an id or anything <c>git rev-parse</c> takes
    /// (<c>HEAD:path</c>, <c>id^{commit}</c>). Null when it names no object, or more than one.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 4096 characters, or holds LF, CR or NUL.</exception>
    /// <exception cref="GitOutputTooLargeException">The object is larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="GitCommandException">There is no repository there, or git failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process that was reading is killed.</exception>
    internal Task<GitObject?> ReadAsync(string repositoryPath, string name, int maxBytes, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return WithProcessAsync(repositoryPath, name, process => process.ReadAsync(name, maxBytes, ct), ct);
    }

    /// <summary>
    /// Copies exactly the content of the object <paramref name="name"/> names into
    /// <paramref name="destination"/> through one pooled buffer, and returns its header; null
    /// (nothing written) when it names no object or more than one. An exception from
    /// <paramref name="destination"/> is rethrown, and the process is killed.
    /// </summary>
    /// <inheritdoc cref="ReadAsync" path="/exception"/>
    internal Task<GitObjectHeader?> CopyToAsync(string repositoryPath, string name, Stream destination, CancellationToken ct) =>
        WithProcessAsync(repositoryPath, name, process => process.CopyToAsync(name, destination, ct), ct);

    /// <summary>
    /// The header of the object <paramref name="name"/> names and the first
    /// <paramref name="prefixBytes"/> bytes of its content, without holding the rest: a rest of
    /// up to <paramref name="drainLimit"/> bytes is read and dropped (the process stays pooled),
    /// a longer one ends the process instead. Null when it names no object or more than one.
    /// </summary>
    /// <inheritdoc cref="ReadAsync" path="/exception"/>
    internal Task<GitObjectPrefix?> ReadPrefixAsync(string repositoryPath, string name, int prefixBytes, long drainLimit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(drainLimit);
        return WithProcessAsync(repositoryPath, name, process => process.ReadPrefixAsync(name, prefixBytes, drainLimit, ct), ct);
    }

    /// <summary>
    /// Closes the idle processes of a repository now, and each busy one when its read ends.
    /// Call it when the repository is deleted or moved.
    /// </summary>
    internal void Evict(string repositoryPath)
    {
        List<CatFileProcess> closing = [];
        lock (_gate)
        {
            if (_repositories.TryGetValue(Key(repositoryPath), out var entry))
            {
                entry.Generation++;
                closing.AddRange(entry.Idle);
                closing.ForEach(RemoveIdle);
            }
        }

        closing.ForEach(Close);
    }

    /// <summary>Kills every process; reads still running fail, and later ones throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        List<CatFileProcess> closing;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            closing = [.. _idle];
            closing.ForEach(RemoveIdle);
            foreach (var busy in _busy)
            {
                busy.Kill(); // its reader fails and returns it, which closes it
            }
        }

        _sweeper.Dispose();
        closing.ForEach(Close);
    }

    private async Task<T?> WithProcessAsync<T>(string repositoryPath, string name, Func<CatFileProcess, Task<T?>> read, CancellationToken ct)
        where T : class
    {
        CatFileProcess.ValidateName(name);
        var process = await RentAsync(Key(repositoryPath), ct);
        try
        {
            return await read(process);
        }
        finally
        {
            Return(process);
        }
    }

    /// <summary>
    /// A process of the repository, once one of its <see cref="CatFilePoolOptions.MaxPerRepository"/>
    /// turns is free: an idle one, else a new one. A missing repository directory drops its processes.
    /// </summary>
    private async Task<CatFileProcess> RentAsync(string key, CancellationToken ct)
    {
        if (!Directory.Exists(key))
        {
            Evict(key);
            throw new GitCommandException($"There is no repository at {key}.");
        }

        var entry = Enter(key);
        try
        {
            await entry.Turns.WaitAsync(ct);
        }
        catch
        {
            Leave(entry);
            throw;
        }

        try
        {
            return TakeIdle(entry) ?? await StartAsync(entry, ct);
        }
        catch
        {
            Leave(entry);
            entry.Turns.Release();
            throw;
        }
    }

    private async Task<CatFileProcess> StartAsync(RepositoryEntry entry, CancellationToken ct)
    {
        await ReserveAsync(ct);
        CatFileProcess process;
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
            }

            process = CatFileProcess.Start(entry.Path, entry.Generation);
        }
        catch
        {
            _capacity.Release();
            throw;
        }

        lock (_gate)
        {
            entry.Live++;
            _open++;
            _peak = Math.Max(_peak, _open);
            _busy.Add(process);
        }

        return process;
    }

    /// <summary>
    /// Takes a permit for one more process. When none is free the least recently used idle
    /// process gives up its own; when every process is busy, the caller waits, and until then
    /// every process that comes back is closed rather than kept (see <see cref="Return"/>).
    /// </summary>
    private async Task ReserveAsync(CancellationToken ct)
    {
        while (!_capacity.Wait(0))
        {
            CatFileProcess? victim;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                victim = _idle.First?.Value;
                if (victim is not null)
                {
                    RemoveIdle(victim);
                }
                else
                {
                    _starving++;
                }
            }

            if (victim is not null)
            {
                Close(victim);
                continue;
            }

            try
            {
                await _capacity.WaitAsync(ct);
                return;
            }
            finally
            {
                lock (_gate)
                {
                    _starving--;
                }
            }
        }
    }

    /// <summary>Keeps a process that read cleanly for the next reader; closes any other.</summary>
    private void Return(CatFileProcess process)
    {
        RepositoryEntry entry;
        bool keep;
        lock (_gate)
        {
            entry = _repositories[process.RepositoryPath];
            _busy.Remove(process);
            keep = !process.Broken && !_disposed && _starving == 0 && process.Generation == entry.Generation;
            if (keep)
            {
                process.IdleSince = _time.GetUtcNow();
                process.IdleNode = _idle.AddLast(process);
                entry.Idle.Add(process);
            }
            else
            {
                entry.Live--;
                _open--;
            }

            entry.Users--;
            ForgetIfUnused(entry);
        }

        entry.Turns.Release();
        if (!keep)
        {
            Close(process);
        }
    }
}
