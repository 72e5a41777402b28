using System.Data.Common;
using System.Text;
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
    private const int MaxBatch = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long the first event of a batch waits for others: the most an event is late in LookupEvents.</summary>
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);

    private Task? _drain;
    private FileStream? _file;

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
    }

    private async Task DrainAsync()
    {
        var batch = new List<AuditEvent>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            // One transaction per event would spend most of the trail's cost on commits (each one a
            // WAL sync on SQLite): events that come within the window share one.
            if (queue.Reader.Count < MaxBatch && !queue.Reader.Completion.IsCompleted)
            {
                await Task.Delay(BatchWindow);
            }

            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    /// <summary>Stores one batch, retrying while the database is unavailable (the events stay queued meanwhile).</summary>
    private async Task WriteAsync(List<AuditEvent> batch)
    {
        var records = batch.Select(e => (e, e.ToRecordJson())).ToList();
        await AppendToFileAsync(records);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.InsertAsync(records, CancellationToken.None);
                await store.TouchCredentialsAsync(LastUse(batch), CancellationToken.None);
                return;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException && attempt < 30)
            {
                LogRetry(ex, batch.Count, attempt);
                await Task.Delay(RetryDelay);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLost(ex, batch.Count);
                return;
            }
        }
    }

    /// <summary>The latest successful use of each HTTPS Git credential and SSH key the batch names.</summary>
    private static Dictionary<string, DateTime> LastUse(List<AuditEvent> batch)
    {
        var uses = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var e in batch)
        {
            if (e.ErrorCode is null && e.UserIdentity.Type != "Unknown" && e.UserIdentity.AccessKeyId is { } id
                && (id.StartsWith("ACCA", StringComparison.Ordinal) || id.StartsWith("APKA", StringComparison.Ordinal)))
            {
                var when = e.EventTime.UtcDateTime;
                uses[id] = uses.TryGetValue(id, out var seen) && seen > when ? seen : when;
            }
        }

        return uses;
    }

    private async Task AppendToFileAsync(List<(AuditEvent Event, string Record)> records)
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            var text = new StringBuilder();
            foreach (var (_, record) in records)
            {
                text.Append(record).Append('\n');
            }

            await _file.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
            await _file.FlushAsync();
        }
        catch (IOException ex)
        {
            LogFileFailed(ex, _file.Name);
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
