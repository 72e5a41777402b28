using System.Security.Cryptography.X509Certificates;
using Gitstead.Audit;
using Gitstead.Auth;
using Gitstead.Aws;
using Gitstead.CodeCommit;
using Gitstead.Console;
using Gitstead.Iam;
using Gitstead.Kms;
using Gitstead.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Gitstead.Hosting;

/// <summary>Builds the web application: configuration, services of every area, Kestrel, endpoints.</summary>
internal static class GitsteadHost
{
    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static readonly Dictionary<string, string> Switches = new()
    {
        ["--data-dir"] = "Storage:DataDir",
        ["--database"] = "Storage:Database",
        ["--connection-string"] = "Storage:ConnectionString",
        ["--urls"] = "urls",
        ["--default-region"] = "Gitstead:DefaultRegion",
        ["--enabled-regions"] = "Gitstead:EnabledRegionsList",
        ["--clone-url-template"] = "Gitstead:CloneUrlTemplate",
        ["--tls-cert"] = "Tls:CertificateFile",
        ["--tls-key"] = "Tls:KeyFile",
        ["--ssh-port"] = "Ssh:Port",
        ["--email"] = "Cli:Email",
        ["--grace-seconds"] = "Cli:GraceSeconds",
    };

    /// <summary>The application with its endpoints mapped.</summary>
    public static WebApplication Build(string[] args) => MapEndpoints(CreateApp(args));

    /// <summary>
    /// The application with its services built and no endpoints yet: what the database work of a
    /// start needs, which <c>serve</c> runs while <see cref="MapEndpoints"/> does.
    /// </summary>
    public static WebApplication CreateApp(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, Switches);
        if (builder.Configuration["Gitstead:EnabledRegionsList"] is { Length: > 0 } list)
        {
            var regions = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            builder.Configuration.AddInMemoryCollection(regions.Select((r, i) => KeyValuePair.Create($"Gitstead:EnabledRegions:{i}", (string?)r)));
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("https://localhost:8443");
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        // "Request starting …" lines carry the query string, and a presigned request's query
        // holds its signature and session token: off, whatever the configuration. The category
        // logs nothing else of a request, and while it is on at any level ASP.NET Core starts an
        // Activity and a logging scope for every request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", _ => false);
        AddServices(builder.Services);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = kestrel.ApplicationServices.GetRequiredService<ServerCertificate>().Certificate);

            ApplyLimits(kestrel.Limits, context.Configuration.GetSection("Kestrel:Limits"));
        });

        StartupTrace.Mark("services registered");
        var app = builder.Build();
        StartupTrace.Mark("service provider built");
        return app;
    }

    /// <summary>
    /// The middleware and endpoints. Mapping the console's Razor Pages builds their action
    /// descriptors by reflection, the largest single cost of a start (bench/RESULTS.md, Start-up).
    /// </summary>
    public static WebApplication MapEndpoints(WebApplication app)
    {
        app.UseDatabaseUnavailablePages();
        app.UseGitsteadConsoleHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz");
        app.MapAwsApi();
        app.MapGitTransport();
        app.MapGitsteadConsole();
        return app;
    }

    /// <summary>
    /// Kestrel's limits, set explicitly from <c>Kestrel:Limits:*</c> (defaults are Kestrel's own):
    /// oversized request lines and headers are refused (414, 431), and a client that trickles
    /// its headers or body, or idles on a kept-alive connection, is cut off.
    /// </summary>
    private static void ApplyLimits(KestrelServerLimits limits, IConfiguration config)
    {
        limits.MaxRequestLineSize = config.GetValue("MaxRequestLineSize", 8 * 1024);
        limits.MaxRequestHeadersTotalSize = config.GetValue("MaxRequestHeadersTotalSize", 32 * 1024);
        limits.MaxRequestHeaderCount = config.GetValue("MaxRequestHeaderCount", 100);
        limits.RequestHeadersTimeout = config.GetValue("RequestHeadersTimeout", TimeSpan.FromSeconds(30));
        limits.KeepAliveTimeout = config.GetValue("KeepAliveTimeout", TimeSpan.FromSeconds(130));

        // A client that sends its body slower than this is cut off, so slow bodies cannot
        // hold git processes and memory for ever.
        var rate = config.GetSection("MinRequestBodyDataRate");
        limits.MinRequestBodyDataRate = new MinDataRate(
            rate.GetValue("BytesPerSecond", 240.0), rate.GetValue("GracePeriod", TimeSpan.FromSeconds(5)));
    }

    private static void AddServices(IServiceCollection services)
    {
        if (StartupTrace.Enabled)
        {
            services.AddHostedService<StartupTraceService>();
        }

        services.AddOptions<TlsOptions>().BindConfiguration("Tls");
        services.AddSingleton(TimeProvider.System);
        services.AddGitsteadStorage();
        services.AddKms();
        services.AddAwsWireLayer();
        services.AddAudit();
        services.AddGitsteadAuth();
        services.AddIam();
        services.AddCodeCommit();
        services.AddGitsteadConsole();
        services.AddSingleton<ServerCertificate>();
        AfterListeningHostedService.Apply(services);
    }
}

/// <summary>The certificate Kestrel serves: the configured one, or one issued by the local CA.</summary>
internal sealed class ServerCertificate(IOptions<TlsOptions> tls, IOptions<RegionOptions> regions, DataDirectory dataDir)
{
    private readonly Lazy<X509Certificate2> _certificate = new(() => Load(tls.Value, regions.Value, dataDir));

    public X509Certificate2 Certificate => _certificate.Value;

    private static X509Certificate2 Load(TlsOptions tls, RegionOptions regions, DataDirectory dataDir)
    {
        if (!string.IsNullOrEmpty(tls.CertificateFile))
        {
            return X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile);
        }

        return LocalCertificateAuthority.LoadOrCreate(dataDir).IssueServerCertificate(regions.AllRegions());
    }
}
