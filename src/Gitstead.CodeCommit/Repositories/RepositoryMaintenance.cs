using System.Collections.Concurrent;
using System.Threading.Channels;
using Gitstead.CodeCommit.Git;
using Gitstead.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Keeps pushed repositories quick to serve, in the background after each push: a geometric
/// repack that folds small packs into larger ones and writes a multi-pack index with a
/// reachability bitmap (clones and fetches then find what to send without walking history),
/// and a commit graph (negotiation and history walks without parsing commits). One repository
/// at a time, each at most once in the queue however many pushes arrive meanwhile; git's own
/// locks keep it safe beside pushes and fetches, and the repository's <see cref="MaintenanceLease"/>
/// beside the maintenance of another node sharing the storage.
/// At start, and before each repository's maintenance, it also removes the quarantine
/// directories of pushes that a killed server or client left behind (<see cref="SweepQuarantines"/>),
/// and lock files that a git killed with its machine left behind (<see cref="RemoveStaleLocks"/>).
/// </summary>
public sealed partial class RepositoryMaintenance(DataDirectory dataDir, TimeProvider time, ILogger<RepositoryMaintenance> logger) : BackgroundService
{
    /// <summary>
    /// A quarantine nothing was written to for this long belongs to no live push: a push's
    /// receive-pack writes into it as the pack arrives, and a client slower than Kestrel's
    /// minimum data rate is cut off long before.
    /// </summary>
    public static readonly TimeSpan AbandonedQuarantineAge = TimeSpan.FromHours(1);

    /// <summary>
    /// A lock file this old belongs to no live git: git holds a ref or packed-refs lock for
    /// milliseconds, a multi-pack index or commit graph lock while it writes that file. Only a
    /// git killed with its machine (power cut, OOM kill of the whole container) leaves one, and a
    /// lock left on a ref would refuse every push to that ref ("Unable to create … .lock: File exists").
    /// </summary>
    public static readonly TimeSpan StaleLockAge = TimeSpan.FromMinutes(10);

    /// <summary>A large repository's first repack reads all of it; later ones touch only new packs.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    /// <summary>Queues the bare repository at <paramref name="repositoryPath"/> unless it is already waiting.</summary>
    public void Schedule(string repositoryPath)
    {
        if (_pending.TryAdd(repositoryPath, 0))
        {
            _queue.Writer.TryWrite(repositoryPath);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        SweepAll();
        await foreach (var path in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            // Taken off first: a push that lands while this one runs queues the repository again.
            _pending.TryRemove(path, out _);
            try
            {
                using var lease = MaintenanceLease.TryTake(path);
                if (lease is null)
                {
                    // Another node maintains it right now (or it is gone); the next push queues it again.
                    LogLeaseHeld(path);
                    continue;
                }

                SweepQuarantines(path, time.GetUtcNow() - AbandonedQuarantineAge);
                LogLocksRemoved(path, RemoveStaleLocks(path, time.GetUtcNow() - StaleLockAge, HasProcessWorkingIn, maintenanceLeaseHeld: true));
                await MaintainAsync(path, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Maintenance is an optimization: whatever fails (git, the disk, a repository
                // deleted meanwhile) is logged, and the server and the queue go on.
                LogFailed(ex, path);
            }
        }
    }

    internal static async Task MaintainAsync(string path, CancellationToken ct)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        (await GitCommand.InRepositoryAsync(path, ["repack", "-d", "-q", "--geometric=2", "--write-midx", "--write-bitmap-index"], [], ct, Timeout))
            .Expect("git repack");
        (await GitCommand.InRepositoryAsync(path, ["commit-graph", "write", "--reachable", "--no-progress"], [], ct, Timeout))
            .Expect("git commit-graph write");
    }

    /// <summary>
    /// Removes the push quarantine directories (<c>objects/tmp_objdir-incoming-*</c>) of
    /// <paramref name="repositoryPath"/> in which nothing changed since <paramref name="olderThan"/>;
    /// returns how many. A live push keeps writing into its own, so it is never touched.
    /// </summary>
    internal static int SweepQuarantines(string repositoryPath, DateTimeOffset olderThan)
    {
        var objects = Path.Combine(repositoryPath, "objects");
        if (!Directory.Exists(objects))
        {
            return 0;
        }

        var removed = 0;
        foreach (var quarantine in Directory.EnumerateDirectories(objects, "tmp_objdir-incoming-*"))
        {
            if (LastWrite(quarantine) < olderThan.UtcDateTime)
            {
                Directory.Delete(quarantine, recursive: true);
                removed++;
            }
        }

        return removed;
    }

    private void SweepAll()
    {
        var olderThan = time.GetUtcNow() - AbandonedQuarantineAge;
        if (!Directory.Exists(dataDir.RepositoriesDirectory))
        {
            return;
        }

        foreach (var repository in Directory.EnumerateDirectories(dataDir.RepositoriesDirectory, "*.git"))
        {
            try
            {
                if (SweepQuarantines(repository, olderThan) is var removed and > 0)
                {
                    LogSwept(repository, removed);
                }

                if (!LockFiles(repository).Any())
                {
                    continue;
                }

                using var lease = MaintenanceLease.TryTake(repository);
                LogLocksRemoved(repository, RemoveStaleLocks(repository, time.GetUtcNow() - StaleLockAge, HasProcessWorkingIn, maintenanceLeaseHeld: lease is not null));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogFailed(ex, repository);
            }
        }
    }

    /// <summary>
    /// Removes the lock files git may leave in <paramref name="repositoryPath"/> (top-level
    /// <c>*.lock</c> such as <c>packed-refs.lock</c>, those under <c>refs/</c>, and the multi-pack
    /// index and commit graph locks under <c>objects/</c>) last written before
    /// <paramref name="olderThan"/>, and only while <paramref name="inUse"/> says no process of this
    /// machine works in the repository: a lock a live git holds is never removed. The locks under
    /// <c>objects/</c> are taken only by maintenance (receive-pack's own <c>gc --auto</c> is off),
    /// so while the caller holds the repository's <see cref="MaintenanceLease"/>
    /// (<paramref name="maintenanceLeaseHeld"/>) they are stale at any age: a maintenance killed
    /// while it wrote the multi-pack index would otherwise stop the next ones for
    /// <see cref="StaleLockAge"/>. Returns the removed paths, relative to the repository.
    /// </summary>
    internal static IReadOnlyList<string> RemoveStaleLocks(
        string repositoryPath, DateTimeOffset olderThan, Func<string, bool> inUse, bool maintenanceLeaseHeld = false)
    {
        var objects = Path.Combine(repositoryPath, "objects") + Path.DirectorySeparatorChar;
        var stale = LockFiles(repositoryPath)
            .Where(f => (maintenanceLeaseHeld && f.StartsWith(objects, StringComparison.Ordinal)) || File.GetLastWriteTimeUtc(f) < olderThan.UtcDateTime)
            .ToList();
        if (stale.Count == 0 || inUse(repositoryPath))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var file in stale)
        {
            try
            {
                File.Delete(file);
                removed.Add(Path.GetRelativePath(repositoryPath, file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to remove: left for the operator
            }
        }

        return removed;
    }

    private static IEnumerable<string> LockFiles(string repositoryPath)
    {
        if (!Directory.Exists(repositoryPath))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(repositoryPath, "*.lock"))
        {
            yield return file;
        }

        foreach (var folder in new[] { "refs", Path.Combine("objects", "pack"), Path.Combine("objects", "info") })
        {
            var path = Path.Combine(repositoryPath, folder);
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.lock", SearchOption.AllDirectories))
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>
    /// Whether a process of this machine has <paramref name="repositoryPath"/> as its working
    /// directory (every git the server starts for a repository runs there); true where
    /// <c>/proc</c> cannot tell, so nothing is removed on a guess.
    /// </summary>
    internal static bool HasProcessWorkingIn(string repositoryPath)
    {
        if (!Directory.Exists("/proc/self"))
        {
            return true;
        }

        var target = Path.GetFullPath(repositoryPath).TrimEnd('/');
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(process, "cwd")).LinkTarget?.TrimEnd('/') == target)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile, or is not ours to inspect
            }
        }

        return false;
    }

    /// <summary>The newest write time of the directory and everything in it.</summary>
    private static DateTime LastWrite(string directory)
    {
        var newest = Directory.GetLastWriteTimeUtc(directory);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LastWriteTimeUtc > newest)
            {
                newest = entry.LastWriteTimeUtc;
            }
        }

        return newest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} abandoned push quarantine directories from {Path}")]
    private partial void LogSwept(string path, int count);

    private void LogLocksRemoved(string path, IReadOnlyList<string> removed)
    {
        if (removed.Count > 0)
        {
            LogStaleLocks(path, string.Join(", ", removed));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Maintenance of {Path} skipped: another process holds its maintenance lease")]
    private partial void LogLeaseHeld(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed stale lock files from {Path}, left by a git that no longer runs: {Locks}")]
    private partial void LogStaleLocks(string path, string locks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance of repository {Path} failed")]
    private partial void LogFailed(Exception exception, string path);
}
