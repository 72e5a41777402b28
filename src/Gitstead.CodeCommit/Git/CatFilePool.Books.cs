namespace Gitstead.CodeCommit.Git;

// The pool's books: which processes are open, idle or busy, per repository and overall.
internal sealed partial class CatFilePool
{
    /// <summary>On the timer: closes the processes idle for the idle timeout or longer, oldest first.</summary>
    private void CloseIdle()
    {
        List<CatFileProcess> closing = [];
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_idle.First?.Value is { } oldest && now - oldest.IdleSince >= _options.IdleTimeout)
            {
                RemoveIdle(oldest);
                closing.Add(oldest);
            }
        }

        closing.ForEach(Close);
    }

    private RepositoryEntry Enter(string key)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_repositories.TryGetValue(key, out var entry))
            {
                entry = new RepositoryEntry(key, _options.MaxPerRepository);
                _repositories.Add(key, entry);
            }

            entry.Users++;
            return entry;
        }
    }

    /// <summary>One user fewer; an entry with no users and no processes is forgotten.</summary>
    private void Leave(RepositoryEntry entry)
    {
        lock (_gate)
        {
            entry.Users--;
            ForgetIfUnused(entry);
        }
    }

    private CatFileProcess? TakeIdle(RepositoryEntry entry)
    {
        lock (_gate)
        {
            if (entry.Idle.Count == 0)
            {
                return null;
            }

            var process = entry.Idle[^1];
            entry.Idle.RemoveAt(entry.Idle.Count - 1);
            _idle.Remove(process.IdleNode!);
            process.IdleNode = null;
            _busy.Add(process);
            return process;
        }
    }

    /// <summary>Under the lock: takes an idle process out of the pool's books; the caller closes it.</summary>
    private void RemoveIdle(CatFileProcess process)
    {
        var entry = _repositories[process.RepositoryPath];
        entry.Idle.Remove(process);
        _idle.Remove(process.IdleNode!);
        process.IdleNode = null;
        entry.Live--;
        _open--;
        ForgetIfUnused(entry);
    }

    private void ForgetIfUnused(RepositoryEntry entry)
    {
        if (entry.Users == 0 && entry.Live == 0)
        {
            _repositories.Remove(entry.Path);
        }
    }

    /// <summary>Kills a process that is out of the pool's books and frees its permit.</summary>
    private void Close(CatFileProcess process)
    {
        process.Dispose();
        _capacity.Release();
    }

    private static string Key(string repositoryPath) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryPath));

    /// <summary>The processes of one repository, and the turns that bound them. Guarded by the pool's lock.</summary>
    private sealed class RepositoryEntry(string path, int maxPerRepository)
    {
        public string Path { get; } = path;

        public SemaphoreSlim Turns { get; } = new(maxPerRepository, maxPerRepository);

        public List<CatFileProcess> Idle { get; } = [];

        /// <summary>Readers waiting for or holding a turn.</summary>
        public int Users { get; set; }

        /// <summary>Open processes, busy or idle.</summary>
        public int Live { get; set; }

        /// <summary>Raised by <see cref="Evict"/>: a busy process of an older generation is closed when it comes back.</summary>
        public int Generation { get; set; }
    }
}
