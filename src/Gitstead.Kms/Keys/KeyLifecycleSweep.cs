using Gitstead.Aws.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.Kms.Keys;

/// <summary>
/// Destroys keys past their deletion date and rotates keys whose rotation is due, every
/// <see cref="KmsOptions.SweepInterval"/>, so neither waits for the key to be used. Every node
/// runs it; the database decides races (a destroyed key is deleted once, a version inserted once).
/// </summary>
internal sealed partial class KeyLifecycleSweep(KeyLifecycle lifecycle, IOptions<KmsOptions> options, TimeProvider time, ILogger<KeyLifecycleSweep> logger)
    : BackgroundService, IStartsAfterListening
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                var (destroyed, rotated) = await lifecycle.SweepAsync(stoppingToken);
                if (destroyed + rotated > 0)
                {
                    LogSwept(destroyed, rotated);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "KMS sweep destroyed {Destroyed} keys past their deletion date and rotated {Rotated} keys")]
    private partial void LogSwept(int destroyed, int rotated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KMS sweep failed; the next one retries")]
    private partial void LogFailed(Exception exception);
}
