using Gitstead.Storage;
using Gitstead.UnitTests.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
