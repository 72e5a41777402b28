using System.Buffers;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Gitstead.Aws;
using Gitstead.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.Audit;

/// <summary>
/// Drains <see cref="AuditQueue"/>: stores events in batches, appends them to the JSON-lines
/// file when one is configured, and marks the Git credentials and SSH keys they name as used.
/// It keeps draining while the host stops (requests still finishing record their events) and
/// ends only after every other service has stopped, when it stores what is left, so a clean
/// shutdown loses nothing.
/// </summary>
internal sealed partial class AuditWriter(
    AuditQueue queue, AuditStore store, IOptions<AuditOptions> options, DataDirectory dataDir, ILogger<AuditWriter> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    private const int MaxBatch = 20_000;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How often the writer takes in what arrived during the window.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(25);

    // The batch being collected; used by the drain loop only.
    private readonly ArrayBufferWriter<byte> _record = new(4096);
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private readonly ArrayBufferWriter<byte> _lines = new(64 * 1024);
    private readonly AuditBatch _batch = new();
    private readonly Dictionary<string, DateTime> _lastUse = new(StringComparer.Ordinal);

    // Lookups waiting for what is queued to be stored, and whether the writer waits for events with none taken in.
    private readonly Lock _gate = new();
    private TaskCompletionSource? _waiting;
    private bool _idle;

    private Task? _drain;
    private FileStream? _file;

    /// <summary>
    /// Returns once every event this server queued before the call is stored (or given up on),
    /// without waiting for the flush interval: a lookup on this server finds the calls that came
    /// before it. Events of other servers sharing the database are stored on their own interval.
    /// </summary>
    public Task StoreQueuedAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_drain is null || (_idle && queue.Reader.Count == 0))
            {
                return Task.CompletedTask;
            }

            _waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiting.Task.WaitAsync(ct);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _file = OpenFile();
        _drain = Task.Run(DrainAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every hosted service (the web server included) has stopped: store what is queued, then end.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        if (_drain is not null)
        {
            await _drain.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

        await _json.DisposeAsync();
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                // Nothing taken in: if nothing is queued either, everything is stored.
                _idle = true;
                if (queue.Reader.Count == 0)
                {
                    Release(ref _waiting);
                }
            }

            if (!await queue.Reader.WaitToReadAsync())
            {
                break;
            }

            lock (_gate)
            {
                _idle = false;
            }

            // One transaction per event would spend most of the trail's cost on commits (each one a
            // WAL sync on SQLite, and every reader drops its cached pages after it): events that
            // come within the flush interval share one. They are encoded as they come, a slice at a
            // time, so that the writer's work is spread over the interval (not one burst the
            // requests queue behind) and an event is garbage moments after it was recorded. A
            // waiting lookup ends the interval early.
            var opened = Stopwatch.GetTimestamp();
            while (true)
            {
                while (_batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
                {
                    Append(next);
                }

                if (_batch.Count >= MaxBatch || queue.IsCompleted || Volatile.Read(ref _waiting) is not null
                    || Stopwatch.GetElapsedTime(opened) >= options.Value.FlushInterval)
                {
                    break;
                }

                await Task.Delay(Slice);
            }

            TaskCompletionSource? served = null;
            lock (_gate)
            {
                // Lookups that came before the queue emptied wait for this batch only.
                if (queue.Reader.Count == 0)
                {
                    (served, _waiting) = (_waiting, null);
                }
            }

            await FlushAsync();
            served?.TrySetResult();
        }

        lock (_gate)
        {
            Release(ref _waiting);
        }
    }

    private static void Release(ref TaskCompletionSource? waiting)
    {
        waiting?.TrySetResult();
        waiting = null;
    }

    /// <summary>Encodes one event into its account and region's open chunk (and the file's lines).</summary>
    private void Append(AuditEvent e)
    {
        _record.ResetWrittenCount();
        _json.Reset(_record);
        e.WriteRecord(_json);
        _json.Flush();
        var record = _record.WrittenSpan;
        if (_file is not null)
        {
            _lines.Write(record);
            _lines.Write("\n"u8);
        }

        _batch.Add(e, record);
        var time = e.EventTime.UtcDateTime;

        // The latest successful use of each HTTPS Git credential and SSH key.
        if (e.ErrorCode is null && e.UserIdentity.Type != "Unknown" && e.UserIdentity.AccessKeyId is { } id
            && (id.StartsWith("ACCA", StringComparison.Ordinal) || id.StartsWith("APKA", StringComparison.Ordinal)))
        {
            _lastUse[id] = _lastUse.TryGetValue(id, out var seen) && seen > time ? seen : time;
        }
    }

    /// <summary>Stores the batch, retrying while the database is unavailable (later events stay queued meanwhile).</summary>
    private async Task FlushAsync()
    {
        var chunks = _batch.Seal();
        await AppendToFileAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.InsertAsync(chunks, CancellationToken.None);
                await store.TouchCredentialsAsync(_lastUse, CancellationToken.None);
                break;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException && attempt < 30)
            {
                LogRetry(ex, _batch.Count, attempt);
                await Task.Delay(RetryDelay);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLost(ex, _batch.Count);
                break;
            }
        }

        _batch.Clear();
        _lastUse.Clear();
    }

    private async Task AppendToFileAsync()
    {
        if (_file is null || _lines.WrittenCount == 0)
        {
            return;
        }

        try
        {
            await _file.WriteAsync(_lines.WrittenMemory);
            await _file.FlushAsync();
        }
        catch (IOException ex)
        {
            LogFileFailed(ex, _file.Name);
        }
        finally
        {
            _lines.ResetWrittenCount();
        }
    }

    private FileStream? OpenFile()
    {
        if (string.IsNullOrWhiteSpace(options.Value.File))
        {
            return null;
        }

        var path = Path.GetFullPath(options.Value.File, dataDir.Root);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, fileOptions);
        if (!OperatingSystem.IsWindows())
        {
            // A file made before (or by someone else) is narrowed too: events name users, keys and addresses.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return stream;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing {Count} audit events failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit events could not be stored")]
    private partial void LogLost(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending audit events to {File} failed")]
    private partial void LogFileFailed(Exception exception, string file);
}
