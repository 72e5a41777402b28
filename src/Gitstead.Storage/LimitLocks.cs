using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gitstead.Storage;

/// <summary>
/// Transactions in which a count-then-insert limit is exact (IAM's quotas, CodeCommit's limits):
/// concurrent callers of one scope cannot both pass the count.
/// </summary>
public static class LimitLocks
{
    /// <summary>
    /// Begins a transaction that holds <paramref name="scope"/>'s lock until it ends. On
    /// PostgreSQL that is a transaction-scoped advisory lock (callers of the same scope wait for
    /// the holder's commit or rollback; other scopes are not held up). SQLite's transactions
    /// begin IMMEDIATE, so writers are already one at a time. Count, insert and commit inside it.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginLimitLockAsync(this GitsteadDbContext context, string scope, CancellationToken ct)
    {
        var transaction = await context.Database.BeginTransactionAsync(ct);
        if (context.Database.IsNpgsql())
        {
            var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("gitstead:" + scope)), 0);
            await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
        }

        return transaction;
    }
}
