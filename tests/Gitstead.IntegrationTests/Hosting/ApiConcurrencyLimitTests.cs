using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>
/// API requests in progress at once (one per caller and three in all here, waiting half a
/// second): a request over a limit is throttled in its protocol's format, which boto3 raises
/// as ThrottlingException (JSON) or Throttling (Query) and, in its standard retry mode, retries
/// until it succeeds. The slots are held by requests whose bodies never finish arriving.
/// </summary>
public sealed class ApiConcurrencyLimitTests(LimitedApiServer server) : IClassFixture<LimitedApiServer>
{
    private const string ThrottledLine = "API request throttled";

    [Fact]
    public async Task ACallersSecondCall_WhileItsFirstIsInProgress_IsThrottled_AndOtherCallersAreNot()
    {
        // Arrange
        var key = await ReaderAsync();
        await using var held = await HoldSlotAsync(key.AccessKeyId);

        // Act
        var codecommit = (await server.Boto3Async(key, "codecommit", "ListRepositories")).Failed();
        var iam = (await server.Boto3Async(key, "iam", "ListUsers")).Failed();
        var other = await server.Boto3Async(server.Root, "codecommit", "ListRepositories");

        // Assert
        Assert.Equal(("ThrottlingException", 400), (codecommit.Code, codecommit.Status));
        Assert.Equal("Rate exceeded", codecommit.Message);
        Assert.Equal(("Throttling", 400), (iam.Code, iam.Status));
        Assert.Equal("Sender", (string)iam.Response["Error"]!["Type"]);
        other.Ok();
        await held.DisposeAsync();
        await WaitForAsync(async () => (await server.Boto3Async(key, "codecommit", "ListRepositories")).Succeeded, "the caller's slot is free again");
    }

    [Fact]
    public async Task CallsOverTheTotalLimit_AreThrottled_WhoeverMakesThem()
    {
        // Arrange: every slot held, each by another (made-up) caller.
        var holds = new List<RawConnection>();
        for (var i = 0; i < LimitedApiServer.MaxTotal; i++)
        {
            holds.Add(await HoldSlotAsync($"AKIAHOLDER{i}{Guid.NewGuid():N}"[..20]));
        }

        // Act
        var throttled = (await server.Boto3Async(server.Root, "codecommit", "ListRepositories")).Failed();
        foreach (var hold in holds)
        {
            await hold.DisposeAsync();
        }

        // Assert
        Assert.Equal(("ThrottlingException", 400), (throttled.Code, throttled.Status));
        await WaitForAsync(async () => (await server.Boto3Async(server.Root, "codecommit", "ListRepositories")).Succeeded, "the slots are free again");
    }

    [Fact]
    public async Task ThrottledCalls_WithStandardRetries_AllSucceedOnceTheCallersSlotFrees()
    {
        // Arrange
        var key = await ReaderAsync();
        var held = await HoldSlotAsync(key.AccessKeyId);
        var throttledBefore = ThrottledCount();
        var retries = new JsonObject { ["mode"] = "standard", ["max_attempts"] = 10 };

        // Act: four calls at once, each refused at least once while the slot is held.
        var calls = server.Boto3ParallelAsync(key, "codecommit", "ListRepositories", Enumerable.Repeat(new object(), 4), retries);
        await WaitForAsync(() => Task.FromResult(ThrottledCount() >= throttledBefore + 4), "the calls were throttled");
        await held.DisposeAsync();
        var results = await calls;

        // Assert
        Assert.All(results, r => r.Ok());
    }

    private int ThrottledCount()
    {
        var log = server.LogText;
        var count = 0;
        for (var at = log.IndexOf(ThrottledLine, StringComparison.Ordinal); at >= 0; at = log.IndexOf(ThrottledLine, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>A user allowed to read CodeCommit, with an access key.</summary>
    private async Task<Credentials> ReaderAsync()
    {
        var name = GitsteadServer.UniqueName("reader");
        await server.CreateUserAsync(name);
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", name,
            "--policy-arn", "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly")).Ok();
        return await server.CreateAccessKeyAsync(name);
    }

    /// <summary>
    /// A request naming <paramref name="accessKeyId"/> whose body stops after one byte, so it
    /// holds its slot until disposed; returned once a request of the same caller is throttled.
    /// </summary>
    private async Task<RawConnection> HoldSlotAsync(string accessKeyId)
    {
        var connection = await RawConnection.OpenAsync(server);
        await connection.SendAsync($"POST / HTTP/1.1\r\nHost: localhost:{server.Endpoint.Port}\r\n"
            + "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: CodeCommit_20150413.ListRepositories\r\n"
            + $"Authorization: {Authorization(accessKeyId)}\r\nContent-Length: 2\r\n\r\n{{");
        await WaitForAsync(async () =>
        {
            var probe = await server.SendRawAsync("{}", signing: null, new Dictionary<string, string>
            {
                ["Content-Type"] = "application/x-amz-json-1.1",
                ["X-Amz-Target"] = "CodeCommit_20150413.ListRepositories",
                ["Authorization"] = Authorization(accessKeyId),
            });
            return probe.Body.Contains("ThrottlingException", StringComparison.Ordinal) || connection.ClosedByServer;
        }, "the held request took its slot");
        if (connection.ClosedByServer)
        {
            Assert.Fail($"the server closed the held request: {await connection.Answer}\n{server.Log.Tail()}");
        }

        return connection;
    }

    private static string Authorization(string accessKeyId) =>
        $"AWS4-HMAC-SHA256 Credential={accessKeyId}/20260101/us-east-1/codecommit/aws4_request, SignedHeaders=host, Signature=00";

    private async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}\n{server.Log.Tail()}");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>A SQLite server allowing one API request per caller and three in all, with a half-second wait.</summary>
public sealed class LimitedApiServer : SqliteServer
{
    public const int MaxTotal = 3;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
    [
        new("Gitstead__ApiLimits__MaxPerCaller", "1"),
        new("Gitstead__ApiLimits__MaxTotal", MaxTotal.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Gitstead__ApiLimits__QueueTimeout", "00:00:00.5"),

        // The held requests send nothing for a while; only the API limits may end them.
        new("Kestrel__Limits__MinRequestBodyDataRate__GracePeriod", "00:10:00"),
    ];
}
