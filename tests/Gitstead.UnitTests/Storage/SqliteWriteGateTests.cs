using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.Auth;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Storage;

/// <summary>
/// SQLite's writers of one process wait for each other at <see cref="SqliteWriteGate"/>, without a
/// thread, instead of in Microsoft.Data.Sqlite's busy retry (which sleeps on the calling thread,
/// so a second writer's call would not even return a task while the first holds the lock).
/// </summary>
public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task SaveChanges_WhileAnotherTransactionIsOpen_WaitsWithoutBlocking_ThenCommits()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var gate = database.Get<SqliteWriteGate>();
        await using var first = database.Get<IGitsteadDb>().Create();
        await using var second = database.Get<IGitsteadDb>().Create();

        // Arrange: the first writer holds SQLite's write lock in an open transaction.
        var transaction = await first.Database.BeginTransactionAsync();
        first.Users.Add(User("first"));
        await first.SaveChangesAsync();

        // Act: the second writer's call returns a pending task; it is not asleep in SQLite.
        second.Users.Add(User("second"));
        var pending = second.SaveChangesAsync();
        var pendingWhileHeld = !pending.IsCompleted;
        await transaction.CommitAsync();
        await pending;

        // Assert
        Assert.True(pendingWhileHeld);
        Assert.Equal(["first", "second"], await UserNamesAsync(database));
        Assert.False(gate.IsHeld);
        Assert.Equal(0, gate.TimedOut);
    }

    [Fact]
    public async Task ExecuteUpdate_OutsideATransaction_WaitsForTheOpenOne()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var user = await database.AddUserAsync("alice");
        await using var first = database.Get<IGitsteadDb>().Create();
        await using var second = database.Get<IGitsteadDb>().Create();
        var transaction = await first.Database.BeginTransactionAsync();
        first.Users.Add(User("bob"));
        await first.SaveChangesAsync();

        var pending = second.Users.Where(u => u.Key == user.Key).ExecuteUpdateAsync(s => s.SetProperty(u => u.Path, "/changed/"));
        var pendingWhileHeld = !pending.IsCompleted;
        await transaction.CommitAsync();
        var updated = await pending;

        Assert.True(pendingWhileHeld);
        Assert.Equal(1, updated);
        await using var check = database.Get<IGitsteadDb>().Create();
        Assert.Equal("/changed/", await check.Users.Where(u => u.Key == user.Key).Select(u => u.Path).SingleAsync());
        Assert.False(database.Get<SqliteWriteGate>().IsHeld);
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommit_LetsGo_AndWritesNothing()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var gate = database.Get<SqliteWriteGate>();

        await using (var context = database.Get<IGitsteadDb>().Create())
        {
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Users.Add(User("abandoned"));
            await context.SaveChangesAsync();
            Assert.True(gate.IsHeld);
        }

        var heldAfterDispose = gate.IsHeld;
        await database.AddUserAsync("next");

        Assert.False(heldAfterDispose);
        Assert.Equal(["next"], await UserNamesAsync(database));
        Assert.Equal(0, gate.TimedOut);
    }

    [Fact]
    public async Task WritesInsideATransaction_PassTheGateItHolds()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var gate = database.Get<SqliteWriteGate>();
        var user = await database.AddUserAsync("alice");

        await using (var context = database.Get<IGitsteadDb>().Create())
        {
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Users.Add(User("bob"));
            await context.SaveChangesAsync();
            await context.Users.Where(u => u.Key == user.Key).ExecuteUpdateAsync(s => s.SetProperty(u => u.Path, "/inside/"));
            await context.Database.ExecuteSqlRawAsync("""UPDATE "Users" SET "Path" = '/raw/' WHERE "UserName" = 'bob'""");
            context.Users.Add(User("carol"));
            await context.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal(["alice", "bob", "carol"], await UserNamesAsync(database));
        Assert.Equal(0, gate.TimedOut);
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public async Task ARolledBackTransaction_LetsGo_AndWritesNothing()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var gate = database.Get<SqliteWriteGate>();

        await using (var context = database.Get<IGitsteadDb>().Create())
        {
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Users.Add(User("undone"));
            await context.SaveChangesAsync();
            await transaction.RollbackAsync();
            Assert.False(gate.IsHeld);
        }

        Assert.Empty(await UserNamesAsync(database));
    }

    [Fact]
    public async Task ABurstOfWritersOfEveryKind_AllCommit_InTurn()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var gate = database.Get<SqliteWriteGate>();

        // 48 writers at once: a SaveChanges of one row, an explicit transaction of two, and an
        // ExecuteUpdate of a row written before, a third each.
        var before = new List<IamUser>();
        for (var i = 0; i < 16; i++)
        {
            before.Add(await database.AddUserAsync($"before{i:D2}"));
        }

        await Task.WhenAll(Enumerable.Range(0, 48).Select(i => Task.Run(async () =>
        {
            await using var context = database.Get<IGitsteadDb>().Create();
            switch (i % 3)
            {
                case 0:
                    context.Users.Add(User($"saved{i:D2}"));
                    await context.SaveChangesAsync();
                    break;
                case 1:
                    await using (var transaction = await context.Database.BeginTransactionAsync())
                    {
                        context.Users.Add(User($"tx{i:D2}a"));
                        await context.SaveChangesAsync();
                        context.Users.Add(User($"tx{i:D2}b"));
                        await context.SaveChangesAsync();
                        await transaction.CommitAsync();
                    }

                    break;
                default:
                    var key = before[i / 3].Key;
                    await context.Users.Where(u => u.Key == key).ExecuteUpdateAsync(s => s.SetProperty(u => u.Path, "/updated/"));
                    break;
            }
        })));

        await using var check = database.Get<IGitsteadDb>().Create();
        Assert.Equal(16 + 16 + 32, await check.Users.CountAsync());
        Assert.Equal(16, await check.Users.CountAsync(u => u.Path == "/updated/"));
        Assert.False(gate.IsHeld);
        Assert.Equal(0, gate.TimedOut);
    }

    private static IamUser User(string name) =>
        new() { AccountId = AuthDatabase.AccountId, UserId = "AIDA" + name.ToUpperInvariant().PadRight(17, 'X'), UserName = name, NameKey = name.ToLowerInvariant(), Path = "/" };

    private static async Task<List<string>> UserNamesAsync(AuthDatabase database)
    {
        await using var context = database.Get<IGitsteadDb>().Create();
        return await context.Users.OrderBy(u => u.UserName).Select(u => u.UserName).ToListAsync();
    }
}
