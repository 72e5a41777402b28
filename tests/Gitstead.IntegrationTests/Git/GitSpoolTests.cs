using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gitstead.IntegrationTests.Faults;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// A push over HTTPS, and a fetch request too long for git to send in one piece, are read from
/// the client as fast as the client sends them, whatever pace git keeps on the server: with the
/// server's git stopped (SIGSTOP) the client still sends everything (for a push, its
/// <c>pack-objects</c> finishes), and once git goes on the request is answered whole and nothing
/// of it is left in the spool directory. A client held back at the end of its upload can hang
/// for ever (git's remote-curl asks its child for more after the end when libcurl could not
/// send the last bytes at once).
/// </summary>
public sealed class GitSpoolTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("HTTP/2")]
    [InlineData("HTTP/1.1")]
    public async Task Push_IsReadWhole_WhileGitOnTheServerIsStopped(string http)
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "spool", commits: 1);
        var bare = server.BareRepository(repository.RepositoryId);
        // Larger than every buffer between the two (HTTP/2 windows, socket buffers, pipes) many times over.
        var pushed = await git.CommitRandomFilesAsync(clone, "big", files: 24, bytesPerFile: 1024 * 1024);

        var push = git.StartAsync(clone, [.. login, "-c", $"http.version={http}", "push", "-q", "origin", "HEAD:main"]);
        var indexPack = new List<int>();
        var found = await FaultSteps.WaitUntilAsync(() => (indexPack = FaultSteps.GitProcessesIn(bare, "index-pack")).Count > 0, s_wait, TimeSpan.FromMilliseconds(5));
        Assert.True(found, "the server never started index-pack for the push");
        var (clientDone, stillStopped) = await WhileStoppedAsync(indexPack, () => FaultSteps.WaitUntilAsync(() => ClientPackers(clone).Count == 0, s_wait));

        var result = await push.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(clientDone, "the client was still packing while git on the server was stopped: its upload was held back");
        Assert.True(stillStopped, "index-pack was not stopped while the client finished");
        result.Ok();
        Assert.Equal(pushed, (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
        (await git.FsckAsync(server, repository)).Ok();
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(server.DataDir, "push-spool")));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task LongFetchRequest_IsReadWhole_WhileGitOnTheServerIsStopped(int httpVersion)
    {
        using var git = new GitClient(server);
        var (repository, _, clone) = await git.RepositoryWithHistoryAsync(server, "spool-fetch", commits: 1);
        var (_, credentials) = await server.NewGitUserAsync("reader", GitSteps.PowerUser);
        var bare = server.BareRepository(repository.RepositoryId);
        var head = await git.OkAsync(clone, "rev-parse", "HEAD");
        // Larger than every buffer between the two many times over: 32 MB of haves the server does not have.
        var body = new NegotiationBody(head, haves: 640_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/repos/{repository.Name}/git-upload-pack")
        {
            Version = new Version(httpVersion, httpVersion == 1 ? 1 : 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.ServiceUserName}:{credentials.ServicePassword}")));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-upload-pack-request");

        var answering = server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var uploadPack = new List<int>();
        var found = await FaultSteps.WaitUntilAsync(() => (uploadPack = FaultSteps.GitProcessesIn(bare, "upload-pack")).Count > 0, s_wait, TimeSpan.FromMilliseconds(5));
        Assert.True(found, "the server never started upload-pack for the request");
        var (clientDone, stillStopped) = await WhileStoppedAsync(uploadPack, () =>
        {
            body.Go();
            return body.Sent.WaitAsync(s_wait).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        });

        using var response = await answering.WaitAsync(TimeSpan.FromMinutes(3));
        var answer = await response.Content.ReadAsByteArrayAsync();

        Assert.True(clientDone, "the client could not send its whole request while git on the server was stopped");
        Assert.True(stillStopped, "upload-pack was not stopped while the client finished");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("0008NAK\n", Encoding.ASCII.GetString(answer, 0, Math.Min(answer.Length, 8)), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(server.DataDir, "push-spool")));
    }

    /// <summary>
    /// Stops <paramref name="pids"/> (SIGSTOP), waits for the client to be done, and lets them go on
    /// whatever happens; returns whether the client was done, and whether they were still stopped then.
    /// </summary>
    private static async Task<(bool ClientDone, bool StillStopped)> WhileStoppedAsync(List<int> pids, Func<Task<bool>> clientDone)
    {
        await SignalAsync("STOP", pids);
        try
        {
            var done = await clientDone();
            return (done, pids.All(IsStopped));
        }
        finally
        {
            await SignalAsync("CONT", pids);
        }
    }

    /// <summary>The client's pack-objects for the push (git runs it in the clone).</summary>
    private static List<int> ClientPackers(string clone) =>
        [.. FaultSteps.GitProcessesIn(clone, "pack-objects"), .. FaultSteps.GitProcessesIn(Path.Combine(clone, ".git"), "pack-objects")];

    private static bool IsStopped(int pid)
    {
        try
        {
            // /proc/PID/stat: "PID (comm) STATE ..."; T is stopped by a signal.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task SignalAsync(string signal, IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            await ProcessRunner.RunAsync("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>());
        }
    }

    /// <summary>
    /// A protocol v0 upload-pack request of unknown length (sent chunked, as git sends a request
    /// larger than its post buffer): one want, then <c>haves</c> haves, then done. Its first 64 KiB
    /// go at once, the rest after <see cref="Go"/>; <see cref="Sent"/> ends when all of it was taken.
    /// </summary>
    private sealed class NegotiationBody(string want, int haves) : HttpContent
    {
        private readonly TaskCompletionSource _go = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Sent => _sent.Task;

        public void Go() => _go.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var wantLine = $"want {want} multi_ack_detailed side-band-64k ofs-delta\n";
            var chunk = new StringBuilder(PktLine(wantLine)).Append("0000");
            var first = true;
            for (var i = 0; i < haves; i++)
            {
                chunk.Append(PktLine($"have {i.ToString("x40", CultureInfo.InvariantCulture)}\n"));
                if (chunk.Length >= 64 * 1024)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(chunk.ToString()));
                    chunk.Clear();
                    if (first)
                    {
                        first = false;
                        await stream.FlushAsync();
                        await _go.Task;
                    }
                }
            }

            chunk.Append(PktLine("done\n"));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(chunk.ToString()));
            await stream.FlushAsync();
            _sent.TrySetResult();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        private static string PktLine(string payload) => (payload.Length + 4).ToString("x4", CultureInfo.InvariantCulture) + payload;
    }
}
