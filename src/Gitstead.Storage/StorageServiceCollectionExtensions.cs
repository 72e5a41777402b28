using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gitstead.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the data directory and the database of the configured provider.</summary>
    public static IServiceCollection AddGitsteadStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DataDirectory>();
        services.TryAddSingleton<SqliteWriteGate>();
        services.AddPooledDbContextFactory<SqliteGitsteadDbContext>((sp, o) => ConfigureSqlite(sp, o));
        services.AddPooledDbContextFactory<PostgresGitsteadDbContext>((sp, o) => ConfigurePostgres(sp, o));
        services.TryAddSingleton<IGitsteadDb>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database switch
        {
            DatabaseProvider.Postgres => new GitsteadDb<PostgresGitsteadDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresGitsteadDbContext>>()),
            _ => new GitsteadDb<SqliteGitsteadDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteGitsteadDbContext>>()),
        });
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<PreparedReads>();
        return services;
    }

    internal static string SqliteConnectionString(StorageOptions options, DataDirectory dir)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? $"Data Source={dir.DatabaseFile}")
        {
            Pooling = true,
            DefaultTimeout = SqliteDefaultTimeoutSeconds,
        };
        return builder.ToString();
    }

    private static void ConfigureSqlite(IServiceProvider sp, DbContextOptionsBuilder o)
    {
        var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
        o.UseSqlite(SqliteConnectionString(options, sp.GetRequiredService<DataDirectory>()))
            .AddInterceptors(sp.GetRequiredService<SqliteWriteGate>());
    }

    /// <summary>How long a SQLite command retries while the database is locked, and how long a writer waits at <see cref="SqliteWriteGate"/>.</summary>
    internal const int SqliteDefaultTimeoutSeconds = 30;

    private static void ConfigurePostgres(IServiceProvider sp, DbContextOptionsBuilder o)
    {
        var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
        o.UseNpgsql(PostgresConnectionString(options.ConnectionString ?? "Host=localhost;Database=gitstead"));
    }

    /// <summary>
    /// The connection string with a connect timeout of <see cref="DefaultConnectTimeoutSeconds"/>
    /// unless it names one: when PostgreSQL is down or unreachable, a call fails within seconds
    /// (503, which clients retry) instead of holding its request for Npgsql's default 15 s.
    /// </summary>
    internal static string PostgresConnectionString(string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!given.ContainsKey("Timeout") && !given.ContainsKey("Connect Timeout") && !given.ContainsKey("ConnectTimeout"))
        {
            builder.Timeout = DefaultConnectTimeoutSeconds;
        }

        return builder.ConnectionString;
    }

    /// <summary>Seconds to wait for a PostgreSQL connection when the connection string does not say.</summary>
    public const int DefaultConnectTimeoutSeconds = 5;
}
