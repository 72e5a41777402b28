using Gitstead.IntegrationTests.Faults;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// A push over HTTPS is read from the client as fast as the client sends it, whatever pace
/// git keeps on the server: with the server's <c>index-pack</c> stopped (SIGSTOP) the client
/// still sends its whole pack (its <c>pack-objects</c> finishes), and once <c>index-pack</c>
/// goes on the push lands whole and nothing of it is left in the spool directory. A client
/// held back at the end of its upload can hang for ever (git's remote-curl asks its child for
/// more after the end when libcurl could not send the last bytes at once).
/// </summary>
public sealed class GitPushSpoolTests(SqliteServer server) : IClassFixture<SqliteServer>
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
        await SignalAsync("STOP", indexPack);
        bool clientDone;
        bool stillStopped;
        try
        {
            clientDone = await FaultSteps.WaitUntilAsync(() => ClientPackers(clone).Count == 0, s_wait);
            stillStopped = indexPack.All(IsStopped);
        }
        finally
        {
            await SignalAsync("CONT", indexPack);
        }

        var result = await push.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(clientDone, "the client was still packing while git on the server was stopped: its upload was held back");
        Assert.True(stillStopped, "index-pack was not stopped while the client finished");
        result.Ok();
        Assert.Equal(pushed, (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
        (await git.FsckAsync(server, repository)).Ok();
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(server.DataDir, "push-spool")));
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
            await ProcessRunner.RunAsync("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string>());
        }
    }
}
