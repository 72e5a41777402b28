using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// A server whose trigger destinations map to HTTP receivers in the test process: a live one,
/// ports that come up later (retry, restart) and one that never does.
/// </summary>
public interface ITriggerServer
{
    TriggerMapping Triggers { get; }
}

/// <summary>
/// The destination mapping and ports of an <see cref="ITriggerServer"/>. The mapping names the
/// account, known after the first start, so <see cref="ConfigureAsync"/> restarts once with it.
/// </summary>
public sealed class TriggerMapping(GitsteadServer server)
{
    private readonly Dictionary<string, string> _environment = [];

    public int LivePort { get; } = FreePort();

    public int LatePort { get; } = FreePort();

    public int RestartPort { get; } = FreePort();

    public int DeadPort { get; } = FreePort();

    public IEnumerable<KeyValuePair<string, string>> Environment => _environment;

    public string Topic(string name) => $"arn:aws:sns:{GitsteadServer.Region}:{server.AccountId}:{name}";

    public async Task ConfigureAsync()
    {
        if (_environment.Count > 0)
        {
            return;
        }

        foreach (var (name, port) in new[] { ("live", LivePort), ("late", LatePort), ("restart", RestartPort), ("dead", DeadPort) })
        {
            _environment[$"Gitstead__TriggerEndpoints__arn__aws__sns__{GitsteadServer.Region}__{server.AccountId}__{name}"] = $"http://127.0.0.1:{port}/{name}/";
        }

        _environment["Gitstead__TriggerPollSeconds"] = "0.3";
        _environment["Gitstead__TriggerRetryBaseSeconds"] = "0.3";

        // A receiver that comes up late is tried again within a second, however busy the machine
        // was while it stayed down (the default backoff doubles up to ten minutes).
        _environment["Gitstead__TriggerMaxBackoffSeconds"] = "1";
        await server.RestartAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class TriggerSqliteServer : SqliteServer, ITriggerServer
{
    public TriggerSqliteServer() => Triggers = new TriggerMapping(this);

    public TriggerMapping Triggers { get; }

    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => Triggers.Environment;
}

public sealed class TriggerPostgresServer : PostgresServer, ITriggerServer
{
    public TriggerPostgresServer() => Triggers = new TriggerMapping(this);

    public TriggerMapping Triggers { get; }

    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => Triggers.Environment;
}

/// <summary>An HTTP endpoint on 127.0.0.1 that keeps every body posted to it.</summary>
public sealed class TriggerReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<string> _bodies = Channel.CreateUnbounded<string>();

    public TriggerReceiver(int port, string path)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/{path}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    /// <summary>
    /// The next body posted, waiting up to <paramref name="timeout"/> without holding a thread (the
    /// test runner has few, and the receiver's own loop needs the pool).
    /// </summary>
    public async Task<string> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _bodies.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no trigger record arrived within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>The next body, blocking the calling thread; prefer <see cref="NextAsync"/>.</summary>
    public string Next(TimeSpan timeout) => NextAsync(timeout).GetAwaiter().GetResult();

    public void Dispose()
    {
        _listener.Close();
        _bodies.Writer.TryComplete();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            try
            {
                var context = await _listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                _bodies.Writer.TryWrite(await reader.ReadToEndAsync());
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
        }
    }
}

/// <summary>Two nodes of one installation on PostgreSQL, both delivering triggers to the same mapped receivers.</summary>
public sealed class TwoTriggerNodes : Xunit.IAsyncLifetime
{
    public TriggerPostgresServer First { get; } = new();

    public TriggerPostgresNode Second { get; private set; }

    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        await First.Triggers.ConfigureAsync();
        Second = new TriggerPostgresNode(First);
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

/// <summary>Another node of <paramref name="first"/>'s installation, with its trigger mapping.</summary>
public sealed class TriggerPostgresNode(TriggerPostgresServer first) : GitsteadServer(first.DataDir)
{
    public override string DatabaseKind => "postgres";

    protected override bool OwnsDataDir => false;

    public override Task<string> ReadDatabaseDumpAsync() => first.ReadDatabaseDumpAsync();

    protected override IEnumerable<string> DatabaseArguments() =>
        ["--database", "postgres", "--connection-string", TestPostgres.ConnectionString(first.DatabaseName)];

    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => first.Triggers.Environment;
}
