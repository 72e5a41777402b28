using System.Net;
using System.Text;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// The server-wide limit on git processes (one in all here, waiting a second): while one
/// caller's request holds the only process, another caller's clone is told to slow down in
/// git's output, and clones again once the process is free.
/// </summary>
public sealed class GitTotalProcessLimitTests(OneGitProcessServer server) : IClassFixture<OneGitProcessServer>
{
    [Fact]
    public async Task AnotherCallersClone_WhileTheOnlyGitProcessIsHeld_IsToldToSlowDown()
    {
        // Arrange: the first caller's fetch holds the server's only git process.
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("shared");
        var (_, holder) = await server.NewGitUserAsync("holder", GitSteps.PowerUser);
        var (_, other) = await server.NewGitUserAsync("other", GitSteps.PowerUser);
        var held = await RawConnection.OpenAsync(server);
        var login = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{holder.ServiceUserName}:{holder.ServicePassword}"));
        await held.SendAsync($"POST /v1/repos/{repository.Name}/git-upload-pack HTTP/1.1\r\nHost: localhost:{server.Endpoint.Port}\r\n"
            + $"Authorization: Basic {login}\r\nContent-Type: application/x-git-upload-pack-request\r\nContent-Length: 1000\r\n\r\n0008abc");
        await WaitUntilThrottledAsync(repository, other);

        // Act
        var throttled = await git.RunAsync(git.Root, [.. git.LoginWith(other, repository.CloneUrl), "clone", repository.CloneUrl, git.NewPath("throttled")]);
        await held.DisposeAsync();
        var after = await git.RunAsync(git.Root, [.. git.LoginWith(other, repository.CloneUrl), "clone", repository.CloneUrl, git.NewPath("after")]);

        // Assert
        Assert.Contains("remote: SlowDown: too many Git requests", throttled.Failed(), StringComparison.Ordinal);
        after.Ok();
    }

    /// <summary>Asks as <paramref name="credentials"/> until a Git request is throttled: the held request has the process.</summary>
    private async Task WaitUntilThrottledAsync(GitRepository repository, GitCredentials credentials)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/repos/{repository.Name}/info/refs?service=git-upload-pack");
            request.Headers.Authorization = HostileGitRequestTests<SqliteServer>.Basic(credentials);
            using var response = await server.Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until the held request took the only git process\n{server.Log.Tail()}");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>A SQLite server with one git process in all (eight per caller), and a one-second queue.</summary>
public sealed class OneGitProcessServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
    [
        new("Gitstead__GitProcesses__MaxTotal", "1"),
        new("Gitstead__GitProcesses__MaxPerCaller", "8"),
        new("Gitstead__GitProcesses__QueueTimeout", "00:00:01"),

        // The held request sends nothing for a while; only the process limit may end it.
        new("Kestrel__Limits__MinRequestBodyDataRate__GracePeriod", "00:10:00"),
    ];
}
