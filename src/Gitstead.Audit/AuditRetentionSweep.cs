using Gitstead.Aws.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.Audit;

/// <summary>Deletes events older than <see cref="AuditOptions.RetentionDays"/>, at start and then periodically.</summary>
internal sealed partial class AuditRetentionSweep(AuditStore store, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetentionSweep> logger)
    : BackgroundService, IStartsAfterListening
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired audit events failed; the next sweep retries")]
    private partial void LogFailed(Exception exception);
}
