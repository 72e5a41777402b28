using System.Buffers;
using Gitstead.CodeCommit.Git;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>A cached pack's file could not be read back (the disk, not the client).</summary>
internal sealed class CachedPackReadException(string message, Exception? inner) : IOException(message, inner);

/// <summary>A request's hold on a cached pack: the pack, its own read handle, and the write handle when it is the writer.</summary>
internal sealed record CachedPackLease(CachedPack Pack, FileStream Reader, FileStream? Writer);

/// <summary>
/// The cached packs of this server process, by key: which exist, who reads them, and when they
/// go. A pack goes when it is older than <see cref="PackCacheOptions.MaxAge"/> (counted from
/// when it was finished), when a request for the same repository finds its refs changed, when
/// the packs together exceed <see cref="PackCacheOptions.MaxBytes"/> (oldest first), when its
/// pack-objects fails, or when every reader left before it was finished (nobody is left to want
/// it, and its pack-objects is stopped). Going means leaving the index and the directory; a
/// request already streaming it keeps its open handle and reads to the end, so no reader ever
/// sees a pack change or vanish under it. One lock guards everything; each step is short.
/// </summary>
internal sealed partial class CachedPacks(IOptions<PackCacheOptions> options, TimeProvider time, PackCacheMetrics metrics, ILogger<CachedPacks> logger)
    : IDisposable
{
    private const string OwnerLock = "owner.lock";

    private readonly PackCacheOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CachedPack> _packs = new(StringComparer.Ordinal);
    private long _bytes;
    private string? _directory;
    private FileStream? _owner;

    /// <summary>This process's directory of packs; set by <see cref="Open"/>.</summary>
    public string Directory => _directory ?? throw new InvalidOperationException("The pack cache is not open.");

    /// <summary>Bytes of the packs listed now (for logs and tests).</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>
    /// Makes this process's directory under <paramref name="root"/> and holds its lock for the
    /// process's life; removes the directories of processes that are gone (their lock is free).
    /// </summary>
    public void Open(string root)
    {
        System.IO.Directory.CreateDirectory(root);
        RemoveAbandoned(root);
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24])).FullName;
        // A shared lock (flock LOCK_SH): enough to make RemoveAbandoned's exclusive open fail while
        // this process lives, without refusing anyone who only reads the data directory.
        _owner = new FileStream(Path.Combine(directory, OwnerLock), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite);
        _directory = directory;
    }

    /// <summary>
    /// The pack of <paramref name="key"/> for one more reader, or a new empty one with its writer
    /// when there is none. First drops the packs that have expired, and those of the same
    /// repository made under other refs (a ref changed since: DESIGN.md decision 12).
    /// </summary>
    /// <exception cref="IOException">The pack's file could not be created or opened.</exception>
    public CachedPackLease Join(string key, string repositoryId, string refsState)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Expire(now);
            DropOtherRefs(repositoryId, refsState);
            if (_packs.TryGetValue(key, out var pack))
            {
                var reader = OpenReader(pack.Path);
                pack.Readers++;
                return new CachedPackLease(pack, reader, null);
            }

            var path = Path.Combine(Directory, $"{key}-{Guid.NewGuid():N}"[..(key.Length + 9)] + ".pack");
            var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
            FileStream first;
            try
            {
                first = OpenReader(path);
            }
            catch
            {
                writer.Dispose();
                File.Delete(path);
                throw;
            }

            pack = new CachedPack(key, repositoryId, refsState, path, now) { Readers = 1 };
            _packs[key] = pack;
            return new CachedPackLease(pack, first, writer);
        }
    }

    /// <summary>The pack's length and state now, and a task that completes when either changes next.</summary>
    public (long Length, CachedPackState State, Task Changed) Snapshot(CachedPack pack)
    {
        lock (_lock)
        {
            return pack.Snapshot();
        }
    }

    /// <summary>The writer wrote and flushed <paramref name="bytes"/> more; the oldest packs go while the cache is over its budget.</summary>
    public void Append(CachedPack pack, int bytes)
    {
        lock (_lock)
        {
            pack.Grew(bytes);
            if (!pack.Listed)
            {
                return;
            }

            _bytes += bytes;
            while (_bytes > _options.MaxBytes && _packs.Values.MinBy(p => p.Created) is { } oldest)
            {
                LogEvicted(oldest.Key, oldest.Length, _options.MaxBytes);
                metrics.Evicted();
                Unlist(oldest);
            }
        }
    }

    /// <summary>
    /// The writer's side: <paramref name="source"/> (git's stdout) to the end of the lease's pack,
    /// chunk by chunk through one pooled buffer, each chunk written and flushed before readers
    /// are told it is there.
    /// </summary>
    public async Task FillAsync(CachedPackLease lease, Stream source)
    {
        var writer = lease.Writer ?? throw new InvalidOperationException("Only the writer's lease fills a pack.");
        var buffer = ArrayPool<byte>.Shared.Rent(StreamCopier.BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, StreamCopier.BufferSize))) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read));
                Append(lease.Pack, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A reader's side: the lease's pack from its first byte to its end, each chunk handed to
    /// <paramref name="write"/>, waiting while the pack grows; returns how the writer ended it
    /// (<see cref="CachedPackState.Complete"/> or <see cref="CachedPackState.Failed"/>).
    /// </summary>
    /// <exception cref="CachedPackReadException">The pack's file could not be read to its recorded length.</exception>
    public async Task<CachedPackState> ReadToEndAsync(CachedPackLease lease, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(StreamCopier.BufferSize);
        try
        {
            long sent = 0;
            while (true)
            {
                var (length, state, changed) = Snapshot(lease.Pack);
                while (sent < length)
                {
                    int read;
                    try
                    {
                        read = await lease.Reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(StreamCopier.BufferSize, length - sent)), CancellationToken.None);
                    }
                    catch (IOException ex)
                    {
                        throw new CachedPackReadException(ex.Message, ex);
                    }

                    if (read == 0)
                    {
                        throw new CachedPackReadException("The cached pack ended before its recorded length.", null);
                    }

                    await write(buffer.AsMemory(0, read), ct);
                    sent += read;
                }

                if (state != CachedPackState.Writing)
                {
                    return state;
                }

                await changed.WaitAsync(ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The writer is done: a complete pack stays for readers to come; a failed one goes, its
    /// <paramref name="exitCode"/> and <paramref name="failureDetail"/> kept for the readers it has.
    /// </summary>
    public void Finish(CachedPack pack, bool succeeded, int exitCode = -1, string failureDetail = "")
    {
        lock (_lock)
        {
            pack.Finish(succeeded, time.GetUtcNow(), exitCode, failureDetail);
            if (!succeeded)
            {
                Unlist(pack);
            }
        }
    }

    /// <summary>No request joins the pack any more; those reading it read on to its end.</summary>
    public void Drop(CachedPack pack)
    {
        lock (_lock)
        {
            Unlist(pack);
        }
    }

    /// <summary>
    /// A reader is done. When the last one leaves a pack still being written, nobody wants it:
    /// it goes, and its pack-objects is stopped (so a client that starts fetches and leaves
    /// cannot keep pack-objects running beyond the limits on Git requests).
    /// </summary>
    public void Leave(CachedPackLease lease)
    {
        lease.Reader.Dispose();
        var pack = lease.Pack;
        var abandoned = false;
        lock (_lock)
        {
            if (--pack.Readers == 0 && pack.State == CachedPackState.Writing)
            {
                pack.Finish(false, time.GetUtcNow());
                Unlist(pack);
                abandoned = true;
            }
        }

        if (abandoned)
        {
            LogAbandoned(pack.Key);
            pack.Producer.Cancel();
        }
    }

    /// <summary>Drops the packs that have expired (run now and then, so disk is freed without traffic).</summary>
    public void Sweep()
    {
        lock (_lock)
        {
            Expire(time.GetUtcNow());
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var pack in _packs.Values.ToList())
            {
                pack.Producer.Cancel();
                Unlist(pack);
            }
        }

        if (_directory is not null)
        {
            _owner?.Dispose();
            TryDelete(() => System.IO.Directory.Delete(_directory, recursive: true));
        }
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var pack in _packs.Values.Where(p => p.Completed + _options.MaxAge <= now && p.State == CachedPackState.Complete).ToList())
        {
            LogExpired(pack.Key);
            Unlist(pack);
        }
    }

    private void DropOtherRefs(string repositoryId, string refsState)
    {
        foreach (var pack in _packs.Values.Where(p => p.RepositoryId == repositoryId && p.RefsState != refsState).ToList())
        {
            LogRefsChanged(pack.Key, repositoryId);
            Unlist(pack);
        }
    }

    private void Unlist(CachedPack pack)
    {
        if (!pack.Listed)
        {
            return;
        }

        pack.Listed = false;
        _bytes -= pack.Length;
        if (_packs.TryGetValue(pack.Key, out var listed) && ReferenceEquals(listed, pack))
        {
            _packs.Remove(pack.Key);
        }

        TryDelete(() => File.Delete(pack.Path));
    }

    private static FileStream OpenReader(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    /// <summary>Removes the directories whose owner lock nobody holds: their process is gone.</summary>
    private static void RemoveAbandoned(string root)
    {
        foreach (var directory in System.IO.Directory.GetDirectories(root))
        {
            var ownerLock = Path.Combine(directory, OwnerLock);
            if (!File.Exists(ownerLock) && System.IO.Directory.GetLastWriteTimeUtc(directory) > DateTime.UtcNow.AddMinutes(-1))
            {
                continue; // being made right now: its lock is not there yet
            }

            try
            {
                using (new FileStream(ownerLock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                }

                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // a live process holds it
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to remove
            }
        }
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // already gone, or busy on a platform that forbids deleting open files: nothing to undo
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache: {Key} evicted ({Bytes} bytes): over the budget of {MaxBytes} bytes")]
    private partial void LogEvicted(string key, long bytes, long maxBytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache: {Key} expired")]
    private partial void LogExpired(string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache: {Key} dropped: the refs of repository {RepositoryId} changed")]
    private partial void LogRefsChanged(string key, string repositoryId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache: {Key} dropped: every reader left before it was finished")]
    private partial void LogAbandoned(string key);
}
