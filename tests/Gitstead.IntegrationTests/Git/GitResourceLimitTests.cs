using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// What one client can hold on the server: git processes (one per caller here, so a second
/// request waits a second and is throttled with a message git prints), failed sign-ins
/// (blocked after three here), and a push's quarantine directory when the client goes away
/// mid-push or a server was killed.
/// </summary>
public sealed class GitResourceLimitTests(LimitedGitServer server) : IClassFixture<LimitedGitServer>
{
    [Fact]
    public async Task SecondGitRequestOfACaller_WhileOneHoldsItsProcess_IsThrottledWithAMessage()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("held");
        var (_, credentials) = await server.NewGitUserAsync("holder", GitSteps.PowerUser);
        var release = new TaskCompletionSource();
        var held = HeldUploadPackAsync(repository, credentials, release.Task);
        await WaitUntilThrottledAsync(repository, credentials);

        var throttled = await git.RunAsync(git.Root, [.. git.LoginWith(credentials, repository.CloneUrl), "ls-remote", repository.CloneUrl]);
        release.SetResult();
        await held;
        var after = await git.RunAsync(git.Root, [.. git.LoginWith(credentials, repository.CloneUrl), "ls-remote", repository.CloneUrl]);

        Assert.Contains("remote: SlowDown: too many Git requests", throttled.Failed(), StringComparison.Ordinal);
        Assert.Contains("429", throttled.Stderr, StringComparison.Ordinal);
        after.Ok();
    }

    [Fact]
    public async Task RepeatedWrongPasswords_AreThrottled_AndLoggedWithoutThePassword()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("guess");
        var (_, credentials) = await server.NewGitUserAsync("guessed", GitSteps.PowerUser);
        var wrong = credentials.ServicePassword + "x";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LimitedGitServer.FreeFailures + 1; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/repos/{repository.Name}/info/refs?service=git-upload-pack");
            request.Headers.Authorization = HostileGitRequestTests<SqliteServer>.Basic(credentials.ServiceUserName, wrong);
            using var response = await server.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        var right = await git.RunAsync(git.Root, [.. git.LoginWith(credentials, repository.CloneUrl), "ls-remote", repository.CloneUrl]);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, LimitedGitServer.FreeFailures), statuses.Take(LimitedGitServer.FreeFailures));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Contains($"remote: Too many failed sign-ins for {credentials.ServiceUserName}", right.Failed(), StringComparison.Ordinal);
        Assert.Contains($"Git sign-in failed for user name {credentials.ServiceUserName} from 127.0.0.1", server.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.ServicePassword, server.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushWhoseClientGoesAway_LeavesNoQuarantineDirectory()
    {
        var repository = await server.NewRepositoryAsync("abandoned");
        var (_, credentials) = await server.NewGitUserAsync("pusher", GitSteps.PowerUser);
        var objects = Path.Combine(server.BareRepository(repository.RepositoryId), "objects");
        using var cancel = new CancellationTokenSource();
        var push = HeldPushAsync(repository, credentials, cancel.Token);

        await WaitForAsync(() => Quarantines(objects).Length > 0, "receive-pack made its quarantine directory");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push);

        await WaitForAsync(() => Quarantines(objects).Length == 0, "the quarantine directory is removed once the client is gone");
    }

    [Fact]
    public async Task QuarantineLeftByAKilledServer_IsRemovedAtStart_AndAFreshOneIsKept()
    {
        var repository = await server.NewRepositoryAsync("killed");
        var objects = Path.Combine(server.BareRepository(repository.RepositoryId), "objects");
        var stale = Directory.CreateDirectory(Path.Combine(objects, "tmp_objdir-incoming-stale1")).FullName;
        var fresh = Directory.CreateDirectory(Path.Combine(objects, "tmp_objdir-incoming-fresh1")).FullName;
        var old = DateTime.UtcNow.AddHours(-3);
        await File.WriteAllTextAsync(Path.Combine(stale, "tmp_pack_x"), "left behind");
        await File.WriteAllTextAsync(Path.Combine(fresh, "tmp_pack_y"), "being written");
        File.SetLastWriteTimeUtc(Path.Combine(stale, "tmp_pack_x"), old);
        Directory.SetLastWriteTimeUtc(stale, old);

        await server.RestartAsync();

        await WaitForAsync(() => !Directory.Exists(stale), "the stale quarantine is swept at start");
        Assert.True(Directory.Exists(fresh), "a quarantine written to recently may belong to a live push");
    }

    private static string[] Quarantines(string objects) => Directory.GetDirectories(objects, "tmp_objdir-incoming-*");

    /// <summary>An upload-pack request whose body stays open until <paramref name="release"/> completes, holding its git process.</summary>
    private async Task HeldUploadPackAsync(GitRepository repository, GitCredentials credentials, Task release)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/repos/{repository.Name}/git-upload-pack")
        {
            Content = new HeldContent(Encoding.ASCII.GetBytes("0008abc"), release, CancellationToken.None),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-upload-pack-request");
        request.Headers.Authorization = HostileGitRequestTests<SqliteServer>.Basic(credentials);
        using var response = await server.Http.SendAsync(request);
    }

    /// <summary>A push that sends its commands and the head of a pack, then waits until cancelled.</summary>
    private async Task HeldPushAsync(GitRepository repository, GitCredentials credentials, CancellationToken cancel)
    {
        var commands = HostileGitRequestTests<SqliteServer>.CommandList(1);
        byte[] packHead = [(byte)'P', (byte)'A', (byte)'C', (byte)'K', 0, 0, 0, 2, 0, 0, 0x03, 0xE8];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/repos/{repository.Name}/git-receive-pack")
        {
            Content = new HeldContent([.. commands, .. packHead], Task.Delay(Timeout.Infinite, cancel), cancel),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-receive-pack-request");
        request.Headers.Authorization = HostileGitRequestTests<SqliteServer>.Basic(credentials);
        using var response = await server.Http.SendAsync(request, cancel);
    }

    /// <summary>Asks until the caller's next Git request is throttled, i.e. the held request has its process.</summary>
    private async Task WaitUntilThrottledAsync(GitRepository repository, GitCredentials credentials) =>
        await WaitForAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/repos/{repository.Name}/info/refs?service=git-upload-pack");
            request.Headers.Authorization = HostileGitRequestTests<SqliteServer>.Basic(credentials);
            using var response = await server.Http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.TooManyRequests;
        }, "the held request took the caller's only git process");

    private Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

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

    /// <summary>A request body that sends its first bytes and then waits, as a slow or vanished client does.</summary>
    private sealed class HeldContent(byte[] first, Task release, CancellationToken cancel) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext context)
        {
            await stream.WriteAsync(first, cancel);
            await stream.FlushAsync(cancel);
            await release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>A SQLite server with one git process per caller, a one-second queue, and a Git sign-in block after three failures.</summary>
public sealed class LimitedGitServer : SqliteServer
{
    public const int FreeFailures = 3;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
    [
        new("Gitstead__GitProcesses__MaxPerCaller", "1"),
        new("Gitstead__GitProcesses__QueueTimeout", "00:00:01"),
        new("Gitstead__GitSignIn__FreeFailures", FreeFailures.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Gitstead__GitSignIn__FirstBlock", "00:10:00"),
        new("Gitstead__GitSignIn__MaxBlock", "00:10:00"),

        // The held requests send nothing for a while; only the process limit may end them.
        new("Kestrel__Limits__MinRequestBodyDataRate__GracePeriod", "00:10:00"),
    ];
}
