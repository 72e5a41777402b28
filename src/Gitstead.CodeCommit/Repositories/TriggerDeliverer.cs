using System.Globalization;
using System.Text;
using Gitstead.Aws.Hosting;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Where a destination ARN's records go: Gitstead has no SNS or Lambda, so the operator maps
/// each ARN to an HTTP(S) URL in configuration, <c>Gitstead:TriggerEndpoints:ARN</c> = URL (the
/// ARN's colons are configuration separators, so the key is read back whole). Records are posted
/// as JSON with the server's ordinary outbound HTTPS trust.
/// </summary>
internal sealed class TriggerEndpoints(IConfiguration configuration, IHttpClientFactory clients)
{
    public const string Section = "Gitstead:TriggerEndpoints";
    public const string HttpClientName = "Gitstead.Triggers";

    public Uri? Find(string destinationArn)
    {
        var value = configuration[Section + ":" + destinationArn];
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
    }

    /// <summary>Posts the record; null when the endpoint answered 2xx, else why not (no URL, status, connection error, timeout).</summary>
    public async Task<string?> SendAsync(string destinationArn, string payload, CancellationToken ct)
    {
        if (Find(destinationArn) is not { } uri)
        {
            return $"No endpoint is configured for {destinationArn} ({Section}).";
        }

        try
        {
            using var content = new StringContent(payload, Encoding.UTF8, "application/json");
            using var response = await clients.CreateClient(HttpClientName).PostAsync(uri, content, ct);
            return response.IsSuccessStatusCode ? null : $"The endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ex is TaskCanceledException ? "The endpoint did not answer in time." : $"The endpoint could not be reached: {ex.Message}";
        }
    }
}

/// <summary>
/// Delivers queued trigger records (<see cref="TriggerDelivery"/> rows). Each node polls for due
/// rows and claims one with <c>UPDATE … WHERE</c> its lease is free, so one record is posted by one
/// node at a time; a claim that was not released (a node stopped mid-delivery) lapses after the
/// lease. A failed attempt is retried with exponential backoff (base × 2^attempt, at most
/// <c>Gitstead:TriggerMaxBackoffSeconds</c> apart, 10 minutes by default) until <c>Gitstead:TriggerMaxAttempts</c> (default 10) is spent, then the row is
/// abandoned, as is a row whose trigger or repository was deleted meanwhile (checked before each
/// attempt); an abandoned row is logged once (trigger, destination, reason: never the endpoint's
/// URL) and kept for the operator for <c>Gitstead:TriggerAbandonedRetention</c> (default 7 days),
/// then deleted. Delivered rows are deleted. The queue is the database, so it outlives restarts.
/// </summary>
internal sealed partial class TriggerDeliverer(
    IGitsteadDb db, TriggerEndpoints endpoints, TriggerSignal signal, TimeProvider time, IConfiguration configuration, ILogger<TriggerDeliverer> logger)
    : BackgroundService, IStartsAfterListening
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private TimeSpan PollInterval => Seconds("Gitstead:TriggerPollSeconds", 5);

    private TimeSpan RetryBase => Seconds("Gitstead:TriggerRetryBaseSeconds", 2);

    /// <summary>The longest wait between two attempts, however many failed before.</summary>
    private TimeSpan MaxBackoff => Seconds("Gitstead:TriggerMaxBackoffSeconds", 600);

    /// <summary>How long an abandoned row stays for the operator to see (<c>d.hh:mm:ss</c>).</summary>
    private TimeSpan AbandonedRetention =>
        TimeSpan.TryParse(configuration["Gitstead:TriggerAbandonedRetention"], CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.Zero ? t : TimeSpan.FromDays(7);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private DateTime _lastSweep = DateTime.MinValue;

    private int MaxAttempts => int.TryParse(configuration["Gitstead:TriggerMaxAttempts"], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
            {
                LogPollFailed(ex);
            }

            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: the due rows, each claimed then delivered; how many were claimed.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _lastSweep >= SweepInterval)
        {
            await SweepAsync(ct);
            _lastSweep = now;
        }

        List<long> due;
        await using (var context = db.Create())
        {
            due = await context.TriggerDeliveries.AsNoTracking()
                .Where(d => !d.Abandoned && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Key).Take(20).ToListAsync(ct);
        }

        var claimed = 0;
        foreach (var key in due)
        {
            var token = Guid.NewGuid().ToString("N");
            if (!await ClaimAsync(key, token))
            {
                continue;
            }

            claimed++;
            try
            {
                var row = await LoadClaimedAsync(key, token, ct);
                if (row is not null)
                {
                    await DeliverAsync(row, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopping, anywhere between the claim and its outcome: give the row back at once
                // rather than leave it to its lease, so the next start (or another node) sends it.
                await ReleaseAsync(key, token);
                throw;
            }
        }

        return claimed;
    }

    /// <summary>
    /// Claims the row for <see cref="Lease"/> when it is due and free; not cancellable, so that a
    /// stop never leaves a claim made but unknown to the loop that must give it back.
    /// </summary>
    private async Task<bool> ClaimAsync(long key, string token)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        await using var context = db.Create();
        var updated = await context.TriggerDeliveries
            .Where(d => d.Key == key && !d.Abandoned && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.ClaimedUntil, until), CancellationToken.None);
        return updated == 1;
    }

    private async Task<TriggerDelivery?> LoadClaimedAsync(long key, string token, CancellationToken ct)
    {
        await using var context = db.Create();
        return await context.TriggerDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Key == key && d.ClaimToken == token, ct);
    }

    private async Task ReleaseAsync(long key, string token)
    {
        await using var context = db.Create();
        await context.TriggerDeliveries.Where(d => d.Key == key && d.ClaimToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>Deletes the abandoned rows older than the retention (an abandoned row's next-attempt time is when it was abandoned); how many.</summary>
    internal async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow().UtcDateTime - AbandonedRetention;
        await using var context = db.Create();
        return await context.TriggerDeliveries.Where(d => d.Abandoned && d.NextAttemptAt < before).ExecuteDeleteAsync(ct);
    }

    private async Task DeliverAsync(TriggerDelivery row, CancellationToken ct)
    {
        await using var context = db.Create();
        var mine = context.TriggerDeliveries.Where(d => d.Key == row.Key && d.ClaimToken == row.ClaimToken);
        if (!await TriggerExistsAsync(context, row, ct))
        {
            await AbandonAsync(mine, row, row.Attempts, "The trigger or its repository was deleted.");
            return;
        }

        var failure = await endpoints.SendAsync(row.DestinationArn, row.Payload, ct);
        if (failure is null)
        {
            await mine.ExecuteDeleteAsync(CancellationToken.None);
            LogDelivered(row.TriggerName, row.DestinationArn, row.Attempts + 1);
            return;
        }

        var attempts = row.Attempts + 1;
        if (attempts >= MaxAttempts)
        {
            await AbandonAsync(mine, row, attempts, failure);
            return;
        }

        var abandoned = false;
        var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, RetryBase.Ticks * (1L << Math.Min(attempts - 1, 20))));
        var next = time.GetUtcNow().UtcDateTime + delay;
        await mine.ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Attempts, attempts).SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.Abandoned, abandoned)
                .SetProperty(d => d.LastError, failure).SetProperty(d => d.ClaimToken, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTime?)null),
            CancellationToken.None);
        LogFailed(row.TriggerName, row.DestinationArn, attempts, failure, abandoned);
    }

    /// <summary>Marks the row abandoned now (its next-attempt time records when, for the sweep) and says so once.</summary>
    private async Task AbandonAsync(IQueryable<TriggerDelivery> mine, TriggerDelivery row, int attempts, string reason)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await mine.ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Attempts, attempts).SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.Abandoned, true)
                .SetProperty(d => d.LastError, reason).SetProperty(d => d.ClaimToken, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTime?)null),
            CancellationToken.None);
        LogAbandoned(row.TriggerName, row.DestinationArn, attempts, reason, AbandonedRetention);
    }

    /// <summary>
    /// Whether the record's repository (by its ARN) still has a trigger of that name sending to that
    /// destination. An event (<see cref="EventQueue"/>) has no trigger: it is always delivered.
    /// </summary>
    private static async Task<bool> TriggerExistsAsync(GitsteadDbContext context, TriggerDelivery row, CancellationToken ct)
    {
        if (EventQueue.IsEvent(row))
        {
            return true;
        }

        string? name;
        try
        {
            using var payload = System.Text.Json.JsonDocument.Parse(row.Payload);
            var arn = payload.RootElement.GetProperty("Records")[0].GetProperty("eventSourceARN").GetString();
            name = arn?[(arn.LastIndexOf(':') + 1)..];
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return true; // not ours to judge: deliver it as it is
        }

        var set = await (from r in context.Repositories
                         where r.AccountId == row.AccountId && r.Region == row.Region && r.RepositoryName == name
                         join s in context.RepositoryTriggerSets on r.Key equals s.RepositoryKey
                         select s.TriggersJson).FirstOrDefaultAsync(ct);
        return set is not null && TriggerStore.Parse(set).Any(t => t.Name == row.TriggerName && t.DestinationArn == row.DestinationArn);
    }

    private TimeSpan Seconds(string key, double fallback) =>
        TimeSpan.FromSeconds(double.TryParse(configuration[key], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : fallback);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger {Trigger} delivered to {Destination} (attempt {Attempt})")]
    private partial void LogDelivered(string trigger, string destination, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger {Trigger} to {Destination} failed (attempt {Attempt}): {Reason}; abandoned: {Abandoned}")]
    private partial void LogFailed(string trigger, string destination, int attempt, string reason, bool abandoned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger {Trigger} to {Destination} abandoned after {Attempts} attempts: {Reason}; the record is kept for {Retention}")]
    private partial void LogAbandoned(string trigger, string destination, int attempts, string reason, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the trigger queue failed")]
    private partial void LogPollFailed(Exception ex);
}
