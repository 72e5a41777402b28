using System.Net;
using System.Text;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>
/// Kestrel's limits as the server sets them from <c>Kestrel:Limits:*</c>: oversized request
/// lines and headers are refused, and a client that trickles its headers, idles on a kept-alive
/// connection or trickles a push's body is cut off by the server (short timeouts here), the
/// push leaving no quarantine directory and no git process behind.
/// </summary>
public sealed class SlowAndOversizedRequestTests(SlowClientServer server) : IClassFixture<SlowClientServer>
{
    [Fact]
    public async Task HeadersOverTheTotalSize_AreRefusedWith431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Padding", new string('a', 40 * 1024));

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task MoreHeadersThanTheLimit_AreRefusedWith431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        for (var i = 0; i < 150; i++)
        {
            request.Headers.Add($"X-Header-{i}", "v");
        }

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ARequestLineOverTheLimit_IsRefusedWith414()
    {
        using var response = await server.Http.GetAsync("/healthz?padding=" + new string('a', 10 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task HeadersSentOneByteASecond_AreCutOffByTheServer()
    {
        // Arrange: a request line, then a header the client would take minutes to finish.
        await using var connection = await RawConnection.OpenAsync(server);
        await connection.SendAsync($"GET /healthz HTTP/1.1\r\nHost: localhost:{server.Endpoint.Port}\r\nX-Slow: ");
        var header = new string('a', 600);

        // Act: one byte a second, until the server closes the connection.
        var sent = 0;
        for (; sent < header.Length && !connection.ClosedByServer; sent++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            try
            {
                await connection.SendAsync(header[sent..(sent + 1)]);
            }
            catch (IOException)
            {
                break;
            }
        }

        var answer = await connection.Answer;

        // Assert: closed with the headers unfinished, and never served.
        Assert.True(sent < header.Length, "the server let the headers trickle in to the end");
        Assert.DoesNotContain("200 OK", answer, StringComparison.Ordinal);
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
    }

    [Fact]
    public async Task AnIdleKeptAliveConnection_IsClosedByTheServer()
    {
        await using var connection = await RawConnection.OpenAsync(server);

        await connection.SendAsync($"GET /healthz HTTP/1.1\r\nHost: localhost:{server.Endpoint.Port}\r\n\r\n");
        var answer = await connection.Answer;

        // The answer is complete only once the server closed the connection it had kept alive.
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task APushWhoseBodyTrickles_IsCutOff_AndLeavesNoQuarantineNorGitProcess()
    {
        // Arrange: a push that sends its commands and the head of a pack, then nothing more.
        var repository = await server.NewRepositoryAsync("trickle");
        var (_, credentials) = await server.NewGitUserAsync("trickler", GitSteps.PowerUser);
        var bare = server.BareRepository(repository.RepositoryId);
        var objects = Path.Combine(bare, "objects");
        var login = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.ServiceUserName}:{credentials.ServicePassword}"));
        byte[] packHead = [(byte)'P', (byte)'A', (byte)'C', (byte)'K', 0, 0, 0, 2, 0, 0, 0x03, 0xE8];
        await using var connection = await RawConnection.OpenAsync(server);

        // Act
        await connection.SendAsync($"POST /v1/repos/{repository.Name}/git-receive-pack HTTP/1.1\r\nHost: localhost:{server.Endpoint.Port}\r\n"
            + $"Authorization: Basic {login}\r\nContent-Type: application/x-git-receive-pack-request\r\nContent-Length: 1000000\r\n\r\n");
        await connection.SendAsync([.. HostileGitRequestTests<SqliteServer>.CommandList(1), .. packHead]);
        await WaitForAsync(() => Directory.GetDirectories(objects, "tmp_objdir-incoming-*").Length > 0, "receive-pack made its quarantine directory");
        await WaitForAsync(() => connection.ClosedByServer, "the server cut the slow body off");

        // Assert
        await WaitForAsync(() => Directory.GetDirectories(objects, "tmp_objdir-incoming-*").Length == 0, "the quarantine directory is removed");
        await WaitForAsync(() => GitProcessesIn(bare).Count == 0, "no git process is left in the repository");
    }

    /// <summary>Git processes whose working directory or arguments name <paramref name="repository"/>.</summary>
    private static List<int> GitProcessesIn(string repository)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var cwd = new FileInfo(Path.Combine(dir, "cwd")).LinkTarget ?? "";
                if (commandLine.Contains("git", StringComparison.Ordinal)
                    && (commandLine.Contains(repository, StringComparison.Ordinal) || cwd.TrimEnd('/') == repository.TrimEnd('/')))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }

        return found;
    }

    private async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}\n{server.Log.Tail()}");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>A SQLite server with short header, keep-alive and body-rate timeouts, so slow clients are cut off quickly.</summary>
public sealed class SlowClientServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
    [
        new("Kestrel__Limits__RequestHeadersTimeout", "00:00:02"),
        new("Kestrel__Limits__KeepAliveTimeout", "00:00:02"),
        new("Kestrel__Limits__MinRequestBodyDataRate__GracePeriod", "00:00:04"),
    ];
}
