using Xunit;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// Two server processes on one PostgreSQL database and one data directory: two nodes of one
/// installation, as behind a load balancer. <see cref="First"/> creates the database and the
/// account; <see cref="Second"/> starts on what the first wrote.
/// </summary>
public sealed class TwoPostgresNodes : IAsyncLifetime
{
    public PostgresServer First { get; } = new();

    public PostgresNode Second { get; private set; }

    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        Second = new PostgresNode(First);
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Second is not null)
        {
            await Second.DisposeAsync();
        }

        await First.DisposeAsync();
    }
}

/// <summary>Another node of <paramref name="first"/>'s installation: its database and data directory.</summary>
public sealed class PostgresNode(PostgresServer first) : GitsteadServer(first.DataDir)
{
    public override string DatabaseKind => "postgres";

    protected override bool OwnsDataDir => false;

    public override Task<string> ReadDatabaseDumpAsync() => first.ReadDatabaseDumpAsync();

    protected override IEnumerable<string> DatabaseArguments() =>
        ["--database", "postgres", "--connection-string", TestPostgres.ConnectionString(first.DatabaseName)];
}
