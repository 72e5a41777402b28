using System.Diagnostics;
using System.Globalization;
using Gitstead.Console.Hosting;
using Gitstead.Console.Sessions;
using Gitstead.Iam.ConsoleSignIn;
using Gitstead.Kms.Envelope;
using Gitstead.Kms.RootKeys;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.Console;

public static class ConsoleServiceCollectionExtensions
{
    public const string Policy = "GitsteadConsole";

    /// <summary>
    /// Registers the console: Razor Pages under <c>/console</c>, session cookies (Data Protection
    /// keys in the data directory, shared by every node), anti-forgery on every form.
    /// </summary>
    public static IServiceCollection AddGitsteadConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddConsoleSignIn();
        services.TryAddSingleton<ConsoleSessions>();
        services.AddDataProtection().SetApplicationName("gitstead");
        services.AddOptions<KeyManagementOptions>().Configure<Storage.DataDirectory, EnvelopeEncryption, ILoggerFactory>((options, dataDir, envelope, logs) =>
        {
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(dataDir.KeysDirectory, "console")), logs);
            options.XmlEncryptor = new EnvelopeXmlEncryptor(envelope);
        });
        services.AddSingleton<ISealedSecretSource, DataProtectionKeyFiles>();
        services.AddAuthentication()
            .AddCookie(ConsoleIdentity.Scheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(ConsoleIdentity.Scheme)
            .Configure<IOptions<ConsoleOptions>, ConsoleSessions>((cookie, console, sessions) => sessions.Configure(cookie, console.Value));
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(ConsoleIdentity.Scheme).RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "gitstead-console-csrf";
            o.Cookie.Path = "/console";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = null;
        });
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/", Policy);
                o.Conventions.AllowAnonymousToPage("/SignIn");
            })
            .AddMvcOptions(o => o.Filters.Add<AntiforgeryFailurePage>())
            .AddApplicationPart(typeof(ConsoleServiceCollectionExtensions).Assembly)
            .AddCookieTempDataProvider(o =>
            {
                o.Cookie.Name = "gitstead-console-msg";
                o.Cookie.Path = "/console";
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        return services;
    }

    /// <summary>Maps the console's pages and assets under <c>/console</c> (a bare <c>GET /</c> is redirected there by the API endpoint, which owns <c>/</c>).</summary>
    public static IEndpointRouteBuilder MapGitsteadConsole(this IEndpointRouteBuilder endpoints)
    {
        ConsoleAssets.Map(endpoints);
        endpoints.MapRazorPages();
        return endpoints;
    }

    /// <summary>
    /// Security headers on every console response (pages, redirects and assets), and a
    /// <c>Server-Timing: app;dur=MS</c> header with the server's time until the response
    /// started (a page is rendered whole before it starts), which the page benchmark reads.
    /// </summary>
    public static IApplicationBuilder UseGitsteadConsoleHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/console"))
            {
                var isAsset = http.Request.Path.StartsWithSegments("/console/assets");
                var started = Stopwatch.GetTimestamp();
                http.Response.OnStarting(() =>
                {
                    SecurityHeaders.Apply(http.Response, isAsset);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    http.Response.Headers["Server-Timing"] = "app;dur=" + elapsed.ToString("0.0", CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
            }

            return next(http);
        });
}
