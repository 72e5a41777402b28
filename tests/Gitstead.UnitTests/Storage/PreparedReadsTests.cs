using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.Auth;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Storage;

/// <summary>
/// Reads kept prepared on SQLite connections of their own: each call sees what was committed
/// before it, none keeps a read transaction open after it returns (a WAL checkpoint can always
/// complete), and concurrent calls each get their own row.
/// </summary>
public sealed class PreparedReadsTests
{
    private static readonly PreparedRead<string> RootEmail = new(
        """SELECT "RootEmail" FROM "Accounts" WHERE "Id" = @p0""", r => r.Read() ? r.GetString(0) : null);

    [Fact]
    public async Task Read_AfterACommit_SeesTheCommittedValue()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var reads = database.Get<PreparedReads>();

        var before = await reads.ReadAsync(RootEmail, CancellationToken.None, AuthDatabase.AccountId);
        await SetRootEmailAsync(database, "changed@example.com");
        var after = await reads.ReadAsync(RootEmail, CancellationToken.None, AuthDatabase.AccountId);

        Assert.Equal("root@example.com", before);
        Assert.Equal("changed@example.com", after);
        Assert.Null(await reads.ReadAsync(RootEmail, CancellationToken.None, "000000000000"));
    }

    [Fact]
    public async Task Reads_AfterTheyReturn_HoldNoReadTransaction()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var reads = database.Get<PreparedReads>();
        var failing = new PreparedRead<string>(RootEmail.Sql, r => r.Read() ? throw new InvalidOperationException("mapping failed") : null);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => reads.ReadAsync(RootEmail, CancellationToken.None, AuthDatabase.AccountId))));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reads.ReadAsync(failing, CancellationToken.None, AuthDatabase.AccountId));
        await SetRootEmailAsync(database, "after@example.com");

        // A checkpoint that must copy every frame back and truncate the log: any reader still on an
        // older snapshot makes it report busy.
        await using var context = database.Get<IGitsteadDb>().Create();
        var connection = (SqliteConnection)context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var result = await checkpoint.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync());
        Assert.Equal(0, result.GetInt32(0));
    }

    [Fact]
    public async Task ConcurrentReads_EachGetTheirOwnRow()
    {
        await using var database = await AuthDatabase.CreateAsync();
        var ids = Enumerable.Range(1, 40).Select(i => $"{i:D12}").ToList();
        foreach (var id in ids)
        {
            await database.AddAsync(new Account { Id = id, RootEmail = $"root-{id}@example.com", RootPasswordHash = "x" });
        }

        var reads = database.Get<PreparedReads>();
        var found = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var id = ids[i % ids.Count];
            return (id, email: await reads.ReadAsync(RootEmail, CancellationToken.None, id));
        })));

        Assert.All(found, f => Assert.Equal($"root-{f.id}@example.com", f.email));
    }

    private static async Task SetRootEmailAsync(AuthDatabase database, string email)
    {
        await using var context = database.Get<IGitsteadDb>().Create();
        await context.Accounts.Where(a => a.Id == AuthDatabase.AccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.RootEmail, email));
    }
}
