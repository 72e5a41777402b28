using System.Text.Json;
using Xunit;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// A real <c>gitstead serve</c> process on a loopback port with a fresh data directory,
/// driven by the real aws CLI, boto3 and HTTP. Use as a class fixture: one server per test class.
/// </summary>
public abstract partial class GitsteadServer : IAsyncLifetime
{
    public const string Region = "us-east-1";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Between tries of a start that is not there yet: a server is ready well under a second
    /// after "Now listening on:", so a long pause would be most of a fixture's start.
    /// </summary>
    private static readonly TimeSpan s_startPoll = TimeSpan.FromMilliseconds(20);

    private static readonly PythonDriverPool s_boto = new("boto_call.py");
    private static readonly PythonDriverPool s_awsCli = new("aws_cli.py");
    private ServerProcess _process;
    private HttpClient _http;

    protected GitsteadServer()
        : this(Directory.CreateTempSubdirectory("gitstead-it-").FullName)
    {
    }

    /// <summary>A server on an existing data directory, e.g. another node sharing it.</summary>
    protected GitsteadServer(string dataDir)
    {
        DataDir = dataDir;
    }

    /// <summary>"sqlite" or "postgres", as passed to <c>--database</c>.</summary>
    public abstract string DatabaseKind { get; }

    public string DataDir { get; }

    /// <summary>Everything the server wrote to stdout/stderr, across restarts.</summary>
    public ServerLog Log { get; } = new();

    public string LogText => Log.Text;

    /// <summary>https://localhost:PORT (the TLS certificate names localhost).</summary>
    public Uri Endpoint { get; private set; }

    public string CaBundlePath => Path.Combine(DataDir, "tls", "ca.pem");

    public string InitialCredentialsPath => Path.Combine(DataDir, "initial-credentials.json");

    /// <summary>The first start's initial-credentials.json.</summary>
    public InitialCredentials Initial { get; private set; }

    public Credentials Root => Initial.RootKey;

    public string AccountId => Initial.AccountId;

    /// <summary>An HTTP client for <see cref="Endpoint"/> that trusts only the server's CA.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("the server is not running");

    /// <summary>False for a node that shares another server's data directory.</summary>
    protected virtual bool OwnsDataDir => true;

    /// <summary>The Default log level the server runs with (Logging:LogLevel:Default).</summary>
    protected virtual string LogLevel => "Information";

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        await StartAsync();
        Initial = await ReadInitialCredentialsAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        await DropDatabaseAsync();
        if (Environment.GetEnvironmentVariable("GITSTEAD_TEST_LOG_DIR") is { Length: > 0 } logDir)
        {
            Directory.CreateDirectory(logDir);
            await File.WriteAllTextAsync(Path.Combine(logDir, $"{GetType().Name}-{Path.GetFileName(DataDir)}.log"), Log.Text);
        }

        if (OwnsDataDir && Environment.GetEnvironmentVariable("GITSTEAD_TEST_KEEP_DATA") != "1")
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    /// <summary>Text of every value in every table of the server's database.</summary>
    public abstract Task<string> ReadDatabaseDumpAsync();

    /// <summary>Extra <c>serve</c> arguments choosing the database.</summary>
    protected abstract IEnumerable<string> DatabaseArguments();

    protected virtual Task CreateDatabaseAsync() => Task.CompletedTask;

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    /// <summary>Starts the server on the same data directory (and database) as before.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("the server is already running");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Log.Append("fixture", $"{DateTime.UtcNow:HH:mm:ss.fff} starting {GetType().Name}");
        _process = ServerProcess.Start(ServeArguments(), ServerEnvironment(), Log);
        try
        {
            var port = await _process.WaitForPortAsync(s_startTimeout);
            Endpoint = new Uri($"https://localhost:{port}");
            await WaitForHealthAsync();
            Log.Append("fixture", $"{DateTime.UtcNow:HH:mm:ss.fff} healthy after {clock.ElapsedMilliseconds} ms");
        }
        catch (Exception ex)
        {
            await StopAsync();
            throw new InvalidOperationException($"{ex.Message}\n--- server log ---\n{Log.Tail()}", ex);
        }
    }

    public async Task StopAsync()
    {
        _http?.Dispose();
        _http = null;
        if (_process is not null)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await _process.DisposeAsync();
            _process = null;
            Log.Append("fixture", $"{DateTime.UtcNow:HH:mm:ss.fff} stopped after {clock.ElapsedMilliseconds} ms");
        }
    }

    /// <summary>Kills the server with SIGKILL, so it cleans up nothing; <see cref="StartAsync"/> starts it again.</summary>
    public async Task KillAsync()
    {
        _process?.Kill();
        await StopAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    private IEnumerable<string> ServeArguments() =>
    [
        RepositoryLayout.ServerDll, "serve",
        "--data-dir", DataDir,
        "--urls", "https://127.0.0.1:0",
        "--default-region", Region,
        .. DatabaseArguments(),
        .. SshArguments(),
    ];

    /// <summary>
    /// <c>--ssh-port</c>: 0 (no sshd) unless a fixture serves Git over SSH; the default port 2222
    /// would be contended by every server the tests start at once.
    /// </summary>
    protected virtual IEnumerable<string> SshArguments() => ["--ssh-port", "0"];

    /// <summary>More environment for the server process (configuration such as <c>Gitstead__Key</c>), read at each start.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => [];

    private Dictionary<string, string> ServerEnvironment()
    {
        var environment = BaseEnvironment();
        foreach (var (key, value) in ExtraEnvironment())
        {
            environment[key] = value;
        }

        return environment;
    }

    private Dictionary<string, string> BaseEnvironment() => new()
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["Logging__LogLevel__Default"] = LogLevel,
        // Two cores run several servers at once: workstation GC keeps each one small.
        ["DOTNET_gcServer"] = "0",
        // A server lives for seconds: profile-guided re-JIT costs more than it saves, and so does
        // re-JIT at the default 30 calls (a test class's server spent a third of its CPU on it).
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_TC_CallCountThreshold"] = "1000",
    };

    private async Task WaitForHealthAsync()
    {
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (!File.Exists(CaBundlePath))
        {
            await PauseOrFailAsync(deadline, $"{CaBundlePath} was not written");
        }

        _http = TrustedHttp.Create(CaBundlePath, Endpoint);
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // not accepting yet
            }

            await PauseOrFailAsync(deadline, "GET /healthz did not answer 200");
        }
    }

    private async Task PauseOrFailAsync(DateTime deadline, string failure)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the server exited during start ({failure})");
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException(failure);
        }

        await Task.Delay(s_startPoll);
    }

    private async Task<InitialCredentials> ReadInitialCredentialsAsync()
    {
        if (!File.Exists(InitialCredentialsPath))
        {
            throw new InvalidOperationException($"the first start did not write {InitialCredentialsPath}\n{Log.Tail()}");
        }

        await using var stream = File.OpenRead(InitialCredentialsPath);
        return await JsonSerializer.DeserializeAsync<InitialCredentials>(stream)
            ?? throw new InvalidOperationException($"{InitialCredentialsPath} is empty");
    }
}
