using Gitstead.Aws;
using Gitstead.Aws.Hosting;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Gives every repository made before repositories had KMS keys its key at start-up: the
/// account's AWS managed key <c>alias/aws/codecommit</c> of the repository's region and a data
/// key from it, asked for as the account's root, so that every repository's metadata shows a
/// <c>kmsKeyId</c>. Each is stored with compare and swap, so nodes starting together (or a
/// request that assigned one meanwhile) never overwrite each other.
/// </summary>
internal sealed partial class RepositoryKeyBackfill(IGitsteadDb db, RepositoryKeys keys, TimeProvider time, ILogger<RepositoryKeyBackfill> logger) : BackgroundService, IStartsAfterListening
{
    private const int PageSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var assigned = await BackfillAsync(stoppingToken);
            if (assigned > 0)
            {
                LogAssigned(assigned);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A repository left without a key gets one on its first use instead.
            LogFailed(ex);
        }
    }

    /// <summary>Assigns keys to every repository without one; returns how many it stored.</summary>
    internal async Task<int> BackfillAsync(CancellationToken ct)
    {
        var assigned = 0;
        var after = 0L;
        while (true)
        {
            List<Row> page;
            await using (var context = db.Create())
            {
                page = await context.Repositories.AsNoTracking()
                    .Where(r => r.DataKeyCiphertext == null && r.Key > after)
                    .OrderBy(r => r.Key)
                    .Select(r => new Row(r.Key, r.AccountId, r.Region, r.RepositoryId))
                    .Take(PageSize)
                    .ToListAsync(ct);
            }

            foreach (var row in page)
            {
                var call = new CallContext(Caller.Root(row.AccountId), new RequestOrigin(row.Region, null, true, time.GetUtcNow()));
                var key = await keys.NewAsync(call, null, row.RepositoryId, ct);
                if (await keys.ReplaceAsync(row.Key, null, key, ct))
                {
                    assigned++;
                }
            }

            if (page.Count < PageSize)
            {
                return assigned;
            }

            after = page[^1].Key;
        }
    }

    private sealed record Row(long Key, string AccountId, string Region, string RepositoryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave {Count} repositories made before KMS their AWS managed key")]
    private partial void LogAssigned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving repositories made before KMS their key failed; each gets one on first use")]
    private partial void LogFailed(Exception exception);
}
