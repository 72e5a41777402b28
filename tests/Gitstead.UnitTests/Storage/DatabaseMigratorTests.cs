using Gitstead.Storage;
using Gitstead.UnitTests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gitstead.UnitTests.Storage;

/// <summary>
/// A start on a database that is already current runs one query and changes nothing; a database
/// whose triggers are not this build's (no stamp, or another one) gets them installed again. A new
/// SQLite database is created by EF Core's own script of the migrations, to the same schema.
/// </summary>
public sealed class DatabaseMigratorTests
{
    [Fact]
    public async Task MigrateAsync_FreshDatabase_StampsTheTriggers()
    {
        // Arrange / Act
        await using var db = await AuthDatabase.CreateAsync();

        // Assert
        Assert.NotEqual("0", await ScalarAsync(db, "SELECT user_version FROM pragma_user_version"));
        Assert.Equal("18", await ScalarAsync(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'PolicyGeneration%'"));
    }

    [Fact]
    public async Task MigrateAsync_CurrentDatabase_InstallsNothing()
    {
        // Arrange: a trigger gone behind the stamp's back shows whether the triggers were reinstalled.
        await using var db = await AuthDatabase.CreateAsync();
        await ExecuteAsync(db, "DROP TRIGGER \"PolicyGeneration_Users_delete\"");

        // Act
        await db.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        // Assert
        Assert.Equal("17", await ScalarAsync(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'PolicyGeneration%'"));
    }

    [Fact]
    public async Task MigrateAsync_StampOfOtherTriggers_InstallsThemAgain()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var stamp = await ScalarAsync(db, "SELECT user_version FROM pragma_user_version");
        await ExecuteAsync(db, "DROP TRIGGER \"PolicyGeneration_Users_delete\"");
        await ExecuteAsync(db, "PRAGMA user_version = 7");

        // Act
        await db.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        // Assert
        Assert.Equal("18", await ScalarAsync(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'PolicyGeneration%'"));
        Assert.Equal(stamp, await ScalarAsync(db, "SELECT user_version FROM pragma_user_version"));
    }

    [Fact]
    public void SchemaScript_IsWhatEfCoreWritesForEveryMigration()
    {
        // Arrange
        using var context = new SqliteGitsteadDbContext(new DbContextOptionsBuilder<SqliteGitsteadDbContext>().UseSqlite("Data Source=:memory:").Options);

        // Act
        var generated = context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().GenerateScript();

        // Assert
        Assert.True(
            Normalized(generated) == Normalized(DatabaseMigrator.SchemaScript()),
            "src/Gitstead.Storage/Migrations/Sqlite/schema.sql is not EF Core's script of the migrations: run src/Gitstead.Storage/migrations.sh --compiled-models-only");
    }

    [Fact]
    public async Task MigrateAsync_NewDatabaseFromTheScript_SameSchemaAndHistoryAsEfCoreMigrate()
    {
        // Arrange: one database made by the migrator (a new file: the script), one by EF Core's Migrate (both without the triggers the migrator adds).
        await using var scripted = await AuthDatabase.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"gitstead-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteGitsteadDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
            await using (var context = new SqliteGitsteadDbContext(options))
            {
                // Act
                await context.Database.MigrateAsync();
            }

            // Assert
            const string Schema = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type <> 'trigger' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrationsLock%' ORDER BY type, name";
            const string History = "SELECT \"MigrationId\" || ' ' || \"ProductVersion\" FROM \"__EFMigrationsHistory\" ORDER BY 1";
            await using var migrated = new SqliteGitsteadDbContext(options);
            Assert.Equal(await RowsAsync(migrated, Schema), await RowsAsync(scripted, Schema));
            Assert.Equal(await RowsAsync(migrated, History), await RowsAsync(scripted, History));
            Assert.Equal(migrated.Database.GetMigrations().Count(), (await RowsAsync(scripted, History)).Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MigrateAsync_AnotherStartWritingTheSchemaMeanwhile_WaitsAndMigratesNothing()
    {
        // Arrange: another process has begun writing the schema into the new file, not committed yet.
        var directory = Path.Combine(Path.GetTempPath(), "gitstead-migrate-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = directory })
            .Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddGitsteadStorage()
            .BuildServiceProvider();
        services.GetRequiredService<DataDirectory>().EnsureCreated();
        var file = services.GetRequiredService<DataDirectory>().DatabaseFile;
        try
        {
            await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await other.OpenAsync();
                await using (var wal = other.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode=WAL;";
                    await wal.ExecuteNonQueryAsync();
                }

                await using var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await other.BeginTransactionAsync();
                await using var schema = other.CreateCommand();
                schema.Transaction = transaction;
                schema.CommandText = DatabaseMigrator.SchemaScriptInOneTransaction();
                await schema.ExecuteNonQueryAsync();

                // Act: this start finds no schema of its own to trust yet, and waits for the write lock the other holds.
                var migrating = Task.Run(() => services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None));
                await Task.Delay(500);
                var finishedBeforeTheCommit = migrating.IsCompleted;
                await transaction.CommitAsync();
                await migrating;

                // Assert
                Assert.False(finishedBeforeTheCommit);
            }

            await using var context = services.GetRequiredService<IGitsteadDb>().Create();
            Assert.Equal(context.Database.GetMigrations(), await RowsAsync(context, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1"));
            Assert.Equal(["18"], await RowsAsync(context, "SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'PolicyGeneration%'"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Normalized(string script) => script.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim();

    private static async Task<List<string>> RowsAsync(AuthDatabase db, string sql)
    {
        await using var context = db.Get<IGitsteadDb>().Create();
        return await RowsAsync(context, sql);
    }

    private static async Task<List<string>> RowsAsync(DbContext context, string sql)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task ExecuteAsync(AuthDatabase db, string sql)
    {
        await using var context = db.Get<IGitsteadDb>().Create();
        await context.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<string?> ScalarAsync(AuthDatabase db, string sql)
    {
        await using var context = db.Get<IGitsteadDb>().Create();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
