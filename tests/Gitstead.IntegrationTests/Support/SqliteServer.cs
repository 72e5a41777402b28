namespace Gitstead.IntegrationTests.Support;

/// <summary>A server on its default embedded store, DATA_DIR/gitstead.db.</summary>
public class SqliteServer : GitsteadServer
{
    public override string DatabaseKind => "sqlite";

    public string DatabasePath => Path.Combine(DataDir, "gitstead.db");

    public override Task<string> ReadDatabaseDumpAsync() => DatabaseDump.SqliteAsync(DatabasePath);

    protected override IEnumerable<string> DatabaseArguments() => ["--database", "sqlite"];
}
