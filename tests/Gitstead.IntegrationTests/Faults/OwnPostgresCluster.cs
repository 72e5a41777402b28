using Gitstead.IntegrationTests.Support;
using Npgsql;

namespace Gitstead.IntegrationTests.Faults;

/// <summary>
/// A PostgreSQL cluster of its own (initdb into a temporary directory, on a free loopback
/// port, as test.sh starts the shared one), for a test that stops and starts PostgreSQL: the
/// cluster other tests share must never be stopped.
/// </summary>
internal sealed class OwnPostgresCluster
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gitstead-it-pg-").FullName;
    private readonly string _bin = FindBin();

    public int Port { get; } = FreePorts.Next();

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    public async Task CreateAsync()
    {
        await RunAsync("chown", "postgres:", _directory);
        await AsPostgresAsync(Path.Combine(_bin, "initdb"), "-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await StartAsync();
    }

    public Task StartAsync() => AsPostgresAsync(
        Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start",
        "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");

    /// <summary><c>pg_ctl stop -m fast</c>: sessions are ended, the server goes down.</summary>
    public Task StopAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "stop");

    public async Task CreateDatabaseAsync(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DestroyAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(_directory, recursive: true);
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    private static Task AsPostgresAsync(params string[] command) => RunAsync("runuser", ["-u", "postgres", "--", .. command]);

    private static async Task RunAsync(string file, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(file, args, new Dictionary<string, string>(), timeout: TimeSpan.FromSeconds(90));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {result.ExitCode}: {result.Stdout}{result.Stderr}");
        }
    }

    private static string FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : new Version(0, 0))
                .LastOrDefault() ?? throw new InvalidOperationException("no initdb under /usr/lib/postgresql")
            : throw new InvalidOperationException("PostgreSQL's server binaries are not installed (/usr/lib/postgresql)");
}

/// <summary>A server on its own PostgreSQL cluster (<see cref="OwnPostgresCluster"/>), which a test may stop and start.</summary>
public sealed class OwnClusterPostgresServer : GitsteadServer, ISshServer
{
    private readonly OwnPostgresCluster _cluster = new();
    private const string Database = "gitstead";

    /// <summary>Git over SSH too, whose clients must also be told of an outage.</summary>
    public int SshPort { get; } = SshPorts.Free();

    public override string DatabaseKind => "postgres";

    public Task StopDatabaseAsync() => _cluster.StopAsync();

    public Task StartDatabaseAsync() => _cluster.StartAsync();

    public override Task<string> ReadDatabaseDumpAsync() => throw new NotSupportedException();

    protected override IEnumerable<string> SshArguments() => ["--ssh-port", SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    protected override IEnumerable<string> DatabaseArguments() =>
        ["--database", "postgres", "--connection-string", _cluster.ConnectionString(Database)];

    protected override async Task CreateDatabaseAsync()
    {
        await _cluster.CreateAsync();
        await _cluster.CreateDatabaseAsync(Database);
    }

    protected override Task DropDatabaseAsync() => _cluster.DestroyAsync();
}
