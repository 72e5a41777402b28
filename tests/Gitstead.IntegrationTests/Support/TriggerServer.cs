using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

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

    public int LivePort { get; } = FreePorts.Next();

    public int LatePort { get; } = FreePorts.Next();

    public int RestartPort { get; } = FreePorts.Next();

    public int DeadPort { get; } = FreePorts.Next();

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
            _environment[$"Gitstead__TriggerEndpoints__arn__aws__sns__{GitsteadServer.Region}__{server.AccountId}__{name}"] = $"https://127.0.0.1:{port}/{name}/";
        }

        // The receivers' CA is the only one the server trusts for outbound HTTPS.
        _environment["SSL_CERT_FILE"] = TriggerReceiverCa.PemPath;
        _environment["Gitstead__TriggerPollSeconds"] = "0.3";
        _environment["Gitstead__TriggerRetryBaseSeconds"] = "0.3";

        // A receiver that comes up late is tried again within a second, however busy the machine
        // was while it stayed down (the default backoff doubles up to ten minutes).
        _environment["Gitstead__TriggerMaxBackoffSeconds"] = "1";
        await server.RestartAsync();
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

/// <summary>
/// An HTTPS endpoint on 127.0.0.1 (Kestrel) that keeps every body posted to its path. Its
/// certificate is issued by <see cref="TriggerReceiverCa"/>, which the server trusts through
/// <c>SSL_CERT_FILE</c>, so the server's ordinary certificate validation is what is exercised.
/// </summary>
public sealed class TriggerReceiver : IDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<string> _bodies = Channel.CreateUnbounded<string>();

    public TriggerReceiver(int port, string path)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(TriggerReceiverCa.ServerCertificate)));
        _app = builder.Build();
        _app.MapPost($"/{path}/", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _bodies.Writer.TryWrite(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    /// <summary>
    /// The next body posted, waiting up to <paramref name="timeout"/> without holding a thread (the
    /// test runner has few).
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

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
        _bodies.Writer.TryComplete();
    }
}

/// <summary>
/// A CA made once per test run for the trigger receivers: its PEM file is the server's
/// <c>SSL_CERT_FILE</c>, and it issues the receivers' certificate for 127.0.0.1.
/// </summary>
public static class TriggerReceiverCa
{
    private static readonly Lazy<(string Path, X509Certificate2 Server)> s_made = new(Make);

    public static string PemPath => s_made.Value.Path;

    public static X509Certificate2 ServerCertificate => s_made.Value.Server;

    private static (string, X509Certificate2) Make()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Gitstead trigger receiver test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(12));
        var server = issued.CopyWithPrivateKey(key);

        var path = Path.Combine(Path.GetTempPath(), $"gitstead-trigger-ca-{Environment.ProcessId}.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return (path, server);
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
