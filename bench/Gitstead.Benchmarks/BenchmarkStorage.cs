using Gitstead.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Benchmarks;

/// <summary>
/// A throwaway data directory with its SQLite database migrated as a start migrates it, and the
/// storage services with whatever a benchmark adds to them; disposing removes the directory.
/// </summary>
internal sealed class BenchmarkStorage : IDisposable
{
    private readonly string _dataDir;
    private readonly ServiceProvider _services;

    private BenchmarkStorage(string dataDir, ServiceProvider services)
    {
        _dataDir = dataDir;
        _services = services;
    }

    public static async Task<BenchmarkStorage> CreateAsync(Func<IServiceCollection, IServiceCollection>? add = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "gitstead-bench-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = dataDir })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddGitsteadStorage();
        var storage = new BenchmarkStorage(dataDir, (add?.Invoke(services) ?? services).BuildServiceProvider());
        await storage.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return storage;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }
}
