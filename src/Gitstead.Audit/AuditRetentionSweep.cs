using Gitstead.Aws.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.Audit;

/// <summary>
/// Deletes events older than <see cref="AuditOptions.RetentionDays"/>, at start and then
/// periodically; first moves events that earlier versions stored one row each into chunks.
/// </summary>
internal sealed partial class AuditRetentionSweep(AuditStore store, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetentionSweep> logger)
    : BackgroundService, IStartsAfterListening
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        var imported = false;
        do
        {
            try
            {
                if (!imported)
                {
                    var moved = await store.ImportLegacyAsync(stoppingToken);
                    imported = true;
                    if (moved > 0)
                    {
                        LogImported(moved);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogImportFailed(ex);
            }

            try
            {
                var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
                var deleted = await store.DeleteOlderThanAsync(cutoff, stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(deleted, options.Value.RetentionDays);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit events older than {Days} days")]
    private partial void LogDeleted(int count, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} audit events of an earlier version into chunks")]
    private partial void LogImported(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving audit events of an earlier version into chunks failed; the next sweep retries")]
    private partial void LogImportFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired audit events failed; the next sweep retries")]
    private partial void LogFailed(Exception exception);
}
