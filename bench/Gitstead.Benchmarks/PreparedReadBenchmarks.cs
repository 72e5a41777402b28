using BenchmarkDotNet.Attributes;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Benchmarks;

/// <summary>
/// One indexed row read from SQLite, the shape of the credential lookup every request makes: as
/// a compiled EF Core query (a context from the pool, a new command each time) and as a
/// <see cref="PreparedRead{T}"/> (a statement prepared once on a connection of its own).
/// </summary>
[MemoryDiagnoser]
public class PreparedReadBenchmarks
{
    private const string Account = "123456789012";

    private static readonly Func<GitsteadDbContext, string, CancellationToken, Task<AccountRow?>> Compiled =
        EF.CompileAsyncQuery((GitsteadDbContext db, string id, CancellationToken ct) =>
            db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => new AccountRow(a.RootEmail, a.PolicyGeneration)).FirstOrDefault());

    private static readonly PreparedRead<AccountRow> Prepared = new(
        """SELECT "RootEmail", "PolicyGeneration" FROM "Accounts" WHERE "Id" = @p0 LIMIT 1""",
        r => r.Read() ? new AccountRow(r.GetString(0), r.GetInt64(1)) : null);

    private BenchmarkStorage _storage = null!;
    private IGitsteadDb _db = null!;
    private PreparedReads _reads = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _storage = await BenchmarkStorage.CreateAsync();
        _db = _storage.Get<IGitsteadDb>();
        await using (var context = _db.Create())
        {
            context.Accounts.Add(new Account { Id = Account, RootEmail = "root@example.com", RootPasswordHash = "-" });
            await context.SaveChangesAsync();
        }

        _reads = _storage.Get<PreparedReads>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
    }

    [Benchmark(Baseline = true, Description = "compiled EF Core query")]
    public async Task<AccountRow?> CompiledQuery()
    {
        await using var context = _db.Create();
        return await Compiled(context, Account, CancellationToken.None);
    }

    [Benchmark(Description = "PreparedReads")]
    public Task<AccountRow?> PreparedRead() => _reads.ReadAsync(Prepared, CancellationToken.None, Account);

    public sealed record AccountRow(string RootEmail, long PolicyGeneration);
}
