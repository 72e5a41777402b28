using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.PackCache;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Ssh;
using Gitstead.Iam.ConsoleSignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.CodeCommit.Transport;

/// <summary>The services and routes of the Git transports: smart HTTP, and SSH through a supervised sshd.</summary>
internal static class GitTransportRegistration
{
    public static IServiceCollection AddGitTransport(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CatFilePool>();
        services.TryAddSingleton<RepositoryStore>();
        services.TryAddSingleton<GitRegions>();
        services.TryAddSingleton<IGitAuthenticator, GitAuthenticator>();
        services.AddConsoleSignIn();
        services.TryAddSingleton<GitAudit>();
        services.TryAddSingleton<GitSessions>();
        services.TryAddSingleton<PushPolicy>();
        services.TryAddSingleton<RepositoryMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<RepositoryMaintenance>());
        services.AddOptions<GitProcessOptions>().BindConfiguration("Gitstead:GitProcesses")
            .Validate(o => o.MaxTotal > 0 && o.MaxPerCaller > 0 && o.QueueTimeout >= TimeSpan.Zero,
                "Gitstead:GitProcesses:MaxTotal and MaxPerCaller must be positive, QueueTimeout not negative.")
            .ValidateOnStart();
        services.TryAddSingleton<GitProcessGate>();
        services.TryAddSingleton<CapabilityAdvertisements>();
        services.TryAddSingleton<RefListings>();
        services.AddPackCache();
        services.TryAddSingleton<SmartHttp>();
        services.AddOptions<SshOptions>().BindConfiguration("Ssh")
            .Validate(o => o.Port is >= 0 and <= 65535, "Ssh:Port (--ssh-port) must be a port number, or 0 to turn SSH off.")
            .ValidateOnStart();
        services.TryAddSingleton<SshGitHandler>();
        services.TryAddSingleton<SshGateway>();
        services.TryAddSingleton<SshDaemon>();
        services.AddHostedService(sp => sp.GetRequiredService<SshDaemon>());
        services.AddHealthChecks().AddCheck<SshHealthCheck>("ssh");
        return services;
    }

    /// <summary>The pack cache identical fetches share (DESIGN.md decision 12), section <c>Gitstead:PackCache</c>.</summary>
    private static void AddPackCache(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<PackCacheOptions>().BindConfiguration("Gitstead:PackCache")
            .Validate(o => o.MaxAge > TimeSpan.Zero && o.MaxBytes > 0, "Gitstead:PackCache:MaxAge and MaxBytes must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<PackCacheMetrics>();
        services.TryAddSingleton<CachedPacks>();
        services.TryAddSingleton<PackObjectsProducer>();
        services.TryAddSingleton<PackObjectsRelay>();
        services.TryAddSingleton<PackObjectsHook>();
        services.TryAddSingleton<FetchResponses>();
        services.AddHostedService(sp => sp.GetRequiredService<PackObjectsHook>());
    }

    /// <summary>
    /// The three smart-HTTP endpoints (gitprotocol-http) under <c>/v1/repos/{name}</c> and
    /// <c>/v1/repos/{name}.git</c>; every other request under <c>/v1/repos</c> is refused.
    /// </summary>
    public static void MapSmartHttp(IEndpointRouteBuilder endpoints)
    {
        var repos = endpoints.MapGroup("/v1/repos");
        repos.MapGet("/{repo}/info/refs", http => Git(http).InfoRefsAsync(http, Segment(http)));
        repos.MapPost("/{repo}/git-upload-pack", http => Git(http).UploadPackAsync(http, Segment(http)));
        repos.MapPost("/{repo}/git-receive-pack", http => Git(http).ReceivePackAsync(http, Segment(http)));
        repos.Map("/{**rest}", SmartHttp.RefuseDumbAsync);
    }

    private static SmartHttp Git(HttpContext http) => http.RequestServices.GetRequiredService<SmartHttp>();

    private static string Segment(HttpContext http) => (string)http.Request.RouteValues["repo"]!;
}
