namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// A server on its own PostgreSQL database, created on the server named by
/// GITSTEAD_TEST_POSTGRES and dropped afterwards. Without that variable the tests fail.
/// </summary>
public class PostgresServer : GitsteadServer
{
    private bool _created;

    public override string DatabaseKind => "postgres";

    public string DatabaseName { get; } = $"gitstead_it_{Guid.NewGuid():N}";

    public override Task<string> ReadDatabaseDumpAsync() => DatabaseDump.PostgresAsync(DatabaseName);

    protected override IEnumerable<string> DatabaseArguments() =>
        ["--database", "postgres", "--connection-string", TestPostgres.ConnectionString(DatabaseName)];

    protected override async Task CreateDatabaseAsync()
    {
        await TestPostgres.CreateDatabaseAsync(DatabaseName);
        _created = true;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_created)
        {
            await TestPostgres.DropDatabaseAsync(DatabaseName);
        }
    }
}
