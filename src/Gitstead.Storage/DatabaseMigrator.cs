using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gitstead.Storage;

/// <summary>
/// Applies pending migrations and (re)installs the policy-generation triggers at start-up, unless
/// one query shows the database is already there: its latest applied migration is the latest
/// this build knows and it carries the stamp of this build's triggers
/// (<see cref="PolicyGenerationTriggers.Stamp"/>). EF Core's own path costs about half a second of
/// CPU even with nothing to apply (migration lock, model diff against the snapshot, history
/// query), and the triggers are 36 statements. A new SQLite database (no table yet) is created by
/// <see cref="SchemaScript"/>, the SQL EF Core writes for every migration (its history rows
/// included), in one transaction, without building each migration's target model: about a
/// third of a fresh start's CPU.
/// </summary>
public sealed partial class DatabaseMigrator(IGitsteadDb db, DataDirectory dataDir, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        dataDir.EnsureCreated();
        await using var context = db.Create();
        var sqlite = context.Database.IsSqlite();
        var latest = context.Database.GetMigrations().LastOrDefault();
        if (latest is not null && await IsCurrentAsync(context, sqlite, latest, cancellationToken))
        {
            LogCurrent(context.Database.ProviderName ?? "?", latest);
            return;
        }

        if (sqlite)
        {
            // WAL lets readers run beside the single writer (a setting kept in the file).
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        int applied;
        if (sqlite && await CreateFromScriptAsync(context, cancellationToken))
        {
            applied = context.Database.GetMigrations().Count();
        }
        else
        {
            applied = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            await context.Database.MigrateAsync(cancellationToken);
        }

        await PolicyGenerationTriggers.InstallAsync(context, cancellationToken);
        LogMigrated(context.Database.ProviderName ?? "?", applied);
    }

    /// <summary>
    /// Every SQLite migration as one script, as <c>dotnet ef migrations script</c> writes it
    /// (<c>migrations.sh</c>); a test keeps it equal to what EF Core generates from the migrations.
    /// </summary>
    public static string SchemaScript()
    {
        using var stream = typeof(DatabaseMigrator).Assembly.GetManifestResourceStream("Gitstead.Storage.Migrations.Sqlite.schema.sql")
            ?? throw new InvalidOperationException("the SQLite schema script is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// <see cref="SchemaScript"/> without its per-migration <c>BEGIN TRANSACTION;</c> and
    /// <c>COMMIT;</c> lines, to run inside one transaction of the caller's.
    /// </summary>
    public static string SchemaScriptInOneTransaction() =>
        string.Join('\n', SchemaScript().Split('\n').Where(line => line.TrimEnd() is not ("BEGIN TRANSACTION;" or "COMMIT;")));

    /// <summary>
    /// On a SQLite database with no table, runs <see cref="SchemaScriptInOneTransaction"/> in one
    /// write transaction that looks for tables once it holds the write lock: a process starting on
    /// the same new file at the same moment waits, finds the schema there and goes on to
    /// <c>Migrate</c>, which has nothing to do. All of it or none of it is written. False when the
    /// database was not empty.
    /// </summary>
    private static async Task<bool> CreateFromScriptAsync(GitsteadDbContext context, CancellationToken ct)
    {
        await context.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = context.Database.GetDbConnection();

            // Microsoft.Data.Sqlite begins it IMMEDIATE: the write lock is taken before the look.
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                return false;
            }

            command.CommandText = SchemaScriptInOneTransaction();
            await command.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The one query of the fast path; any failure (no history table yet, say) means "not current".</summary>
    private static async Task<bool> IsCurrentAsync(GitsteadDbContext context, bool sqlite, string latest, CancellationToken ct)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sqlite
                ? """SELECT (SELECT MAX("MigrationId") FROM "__EFMigrationsHistory"), (SELECT user_version FROM pragma_user_version), (SELECT journal_mode FROM pragma_journal_mode)"""
                : """SELECT (SELECT MAX("MigrationId") FROM "__EFMigrationsHistory"), obj_description('"Accounts"'::regclass, 'pg_class'), 'wal'""";
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct) || reader.IsDBNull(0) || reader.IsDBNull(1))
            {
                return false;
            }

            return reader.GetString(0) == latest
                && Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) == PolicyGenerationTriggers.Stamp(sqlite)
                && string.Equals(reader.GetString(2), "wal", StringComparison.OrdinalIgnoreCase);
        }
        catch (DbException)
        {
            return false;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}); {Count} migration(s) applied")]
    private partial void LogMigrated(string provider, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}); already at {Migration}")]
    private partial void LogCurrent(string provider, string migration);
}
