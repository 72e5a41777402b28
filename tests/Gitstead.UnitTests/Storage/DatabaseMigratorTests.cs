using Gitstead.Storage;
using Gitstead.UnitTests.Auth;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Storage;

/// <summary>
/// A start on a database that is already current runs one query and changes nothing; a database
/// whose triggers are not this build's (no stamp, or another one) gets them installed again.
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
