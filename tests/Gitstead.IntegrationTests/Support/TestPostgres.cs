using Npgsql;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// The PostgreSQL server named by GITSTEAD_TEST_POSTGRES (test.sh starts a throwaway one).
/// Each fixture gets its own database, dropped when the fixture ends.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "GITSTEAD_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: PostgreSQL tests need a server, e.g. " +
                $"{Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres\" (./test.sh starts one).");

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    public static async Task CreateDatabaseAsync(string database)
    {
        await using var connection = await OpenAsync("postgres");
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string database)
    {
        await using var connection = await OpenAsync("postgres");
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
