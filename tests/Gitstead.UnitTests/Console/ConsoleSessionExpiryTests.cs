using System.Net;
using Gitstead.Console;
using Gitstead.Console.Sessions;
using Gitstead.Iam;
using Gitstead.Iam.Accounts;
using Gitstead.Kms;
using Gitstead.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gitstead.UnitTests.Console;

/// <summary>
/// Console sessions as ASP.NET Core's cookie authentication runs them with the console's
/// settings, on a clock the test moves: the cookie's attributes, the idle timeout that each
/// request slides, and the absolute timeout that no activity extends.
/// </summary>
public sealed class ConsoleSessionExpiryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("gitstead-sessions-").FullName;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _cookie = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer(o => o.BaseAddress = new Uri("https://localhost/"));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = _dir });
        builder.Services.AddSingleton<TimeProvider>(_time)
            .AddGitsteadStorage()
            .AddKms()
            .AddIam()
            .AddGitsteadConsole();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        await _app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(default);
        var account = await _app.Services.GetRequiredService<AccountService>().CreateAccountAsync(null, default);
        _app.MapPost("/console/test-sign-in", (HttpContext http, ConsoleSessions sessions) =>
            sessions.SignInAsync(http, new ConsoleIdentity(account.AccountId, null, null, null, false)));
        _app.MapGet("/console/probe", () => "signed in").RequireAuthorization(ConsoleServiceCollectionExtensions.Policy);
        await _app.StartAsync();
        _http = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SignIn_SessionCookie_HttpOnlySecureStrictUnderConsoleAndNotPersisted()
    {
        // Act
        using var response = await _http.PostAsync("/console/test-sign-in", null);

        // Assert
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ConsoleSessions.CookieName + "=", StringComparison.Ordinal));
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/console", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal) || a.StartsWith("max-age=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdleTimeout_EachRequestSlidesIt_AnHourWithoutOneEndsTheSession()
    {
        // Arrange
        await SignInAsync();
        _time.Advance(TimeSpan.FromMinutes(59));
        var before = await ProbeAsync();
        _time.Advance(TimeSpan.FromMinutes(59));
        var slid = await ProbeAsync();

        // Act
        _time.Advance(TimeSpan.FromMinutes(61));
        var idle = await ProbeAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.OK, slid);
        Assert.Equal(HttpStatusCode.Redirect, idle);
    }

    [Fact]
    public async Task AbsoluteTimeout_BusySession_EndsTwelveHoursAfterSignIn()
    {
        // Arrange: a request every 40 minutes keeps the session from going idle.
        await SignInAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 17; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(40));
            statuses.Add(await ProbeAsync());
        }

        _time.Advance(TimeSpan.FromMinutes(39));
        statuses.Add(await ProbeAsync());

        // Act: 12 hours and 2 minutes after signing in.
        _time.Advance(TimeSpan.FromMinutes(3));
        var late = await ProbeAsync();

        // Assert
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.Redirect, late);
    }

    private async Task SignInAsync()
    {
        using var response = await _http.PostAsync("/console/test-sign-in", null);
        response.EnsureSuccessStatusCode();
        Remember(response);
    }

    /// <summary>Requests a page that needs a session, as a browser would: with the cookie, keeping a renewed one.</summary>
    private async Task<HttpStatusCode> ProbeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/probe");
        request.Headers.Add("Cookie", _cookie);
        using var response = await _http.SendAsync(request);
        Remember(response);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("https://localhost/console/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        return response.StatusCode;
    }

    private void Remember(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.FirstOrDefault(c => c.StartsWith(ConsoleSessions.CookieName + "=", StringComparison.Ordinal)) is { } cookie)
        {
            _cookie = cookie.Split(';')[0];
        }
    }
}
