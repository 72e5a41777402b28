using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gitstead.Storage;

/// <summary>Applies pending migrations at start-up.</summary>
public sealed partial class DatabaseMigrator(IGitsteadDb db, DataDirectory dataDir, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        dataDir.EnsureCreated();
        await using var context = db.Create();
        if (context.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await context.Database.MigrateAsync(cancellationToken);
        await PolicyGenerationTriggers.InstallAsync(context, cancellationToken);
        LogMigrated(context.Database.ProviderName ?? "?", pending.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}); {Count} migration(s) applied")]
    private partial void LogMigrated(string provider, int count);
}
