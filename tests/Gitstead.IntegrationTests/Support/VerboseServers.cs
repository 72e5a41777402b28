namespace Gitstead.IntegrationTests.Support;

/// <summary>A SQLite server logging at Debug, so a secret-leak scan sees as much log as possible.</summary>
public sealed class VerboseSqliteServer : SqliteServer
{
    protected override string LogLevel => "Debug";
}

/// <summary>A PostgreSQL server logging at Debug, so a secret-leak scan sees as much log as possible.</summary>
public sealed class VerbosePostgresServer : PostgresServer
{
    protected override string LogLevel => "Debug";
}
