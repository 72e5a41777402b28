using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Faults;

/// <summary>
/// The server killed with SIGKILL in the middle of a large push, and in the middle of the
/// background maintenance that follows pushes, then started again on the same data directory:
/// every repository passes <c>git fsck --strict</c>, every ref a client was told had moved is
/// where it was, no lock is left behind, and the next push and the next maintenance work.
/// </summary>
public abstract class KilledServerTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private static readonly string[] s_maintenanceCommands = ["repack", "pack-objects", "multi-pack-index", "commit-graph"];

    [Fact]
    public async Task KilledDuringALargePush_KeepsEveryAcknowledgedRef_AndTakesTheNextPush()
    {
        using var git = new GitClient(server);
        var (repository, credentials, clone, acknowledged) = await PushedRepositoryAsync(git, "killed-push");
        var bare = server.BareRepository(repository.RepositoryId);
        await git.OkAsync(clone, "checkout", "-q", "-b", "big");
        // Large enough that the push is still streaming when the kill comes: receive-pack keeps
        // the pack as sent (receive.unpackLimit=1), so the server's side ends soon after the client's.
        var big = await git.CommitRandomFilesAsync(clone, "big", files: 64, bytesPerFile: 1024 * 1024);
        var (url, login) = await server.CurrentUrlAsync(git, repository, credentials);

        var push = git.StartAsync(clone, [.. login, "push", "-q", url, "HEAD:refs/heads/big"]);
        var receiving = await FaultSteps.WaitUntilAsync(() => FaultSteps.IsReceiving(bare) || push.IsCompleted, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(5));
        await server.KillAsync();
        var interrupted = await push;
        if (interrupted.Succeeded)
        {
            acknowledged["refs/heads/big"] = big;
        }

        // What a git killed with its machine while moving main would leave, found by a start an hour later.
        var staleLock = Path.Combine(bare, "refs", "heads", "main.lock");
        await File.WriteAllTextAsync(staleLock, "");
        File.SetLastWriteTimeUtc(staleLock, DateTime.UtcNow.AddHours(-1));
        await server.StartAsync();
        var lockRemoved = await FaultSteps.WaitUntilAsync(() => !File.Exists(staleLock), TimeSpan.FromSeconds(20));

        Assert.True(receiving, "the push never reached the server: " + interrupted);
        Assert.False(interrupted.Succeeded, "the push finished before the kill, so the test killed nothing in flight");
        Assert.True(lockRemoved, "the stale lock on main was not removed at start");
        await AssertIntactAsync(git, repository, acknowledged);
        (url, login) = await server.CurrentUrlAsync(git, repository, credentials);
        (await git.RunAsync(clone, [.. login, "push", "-q", url, "HEAD:refs/heads/big"])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "main");
        var after = await git.CommitAsync(clone, "after.txt", "after the restart\n", "after the restart");
        (await git.RunAsync(clone, [.. login, "push", "-q", url, "HEAD:main"])).Ok();
        var refs = await git.ServerRefsAsync(server, repository);
        Assert.Equal(big, refs["refs/heads/big"]);
        Assert.Equal(after, refs["refs/heads/main"]);
        (await git.FsckAsync(server, repository)).Ok();
    }

    [Fact]
    public async Task KilledDuringMaintenance_KeepsEveryAcknowledgedRef_AndMaintainsAgainAfterTheNextPush()
    {
        using var git = new GitClient(server);
        var (repository, credentials, clone, acknowledged) = await PushedRepositoryAsync(git, "killed-gc");
        var bare = server.BareRepository(repository.RepositoryId);
        var caught = new List<int>();
        for (var round = 0; round < 6 && caught.Count == 0; round++)
        {
            // Packs of similar size: the geometric repack after each push rewrites them into one, which takes a while.
            var commit = await git.CommitRandomFilesAsync(clone, $"round-{round}", files: 6, bytesPerFile: 1024 * 1024);
            var (url, login) = await server.CurrentUrlAsync(git, repository, credentials);
            (await git.RunAsync(clone, [.. login, "push", "-q", url, "HEAD:main"])).Ok();
            acknowledged["refs/heads/main"] = commit;
            await FaultSteps.WaitUntilAsync(
                () => (caught = FaultSteps.GitProcessesIn(bare, s_maintenanceCommands)).Count > 0, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(2));
        }

        // A power cut: git's maintenance processes and the server stop at the same instant.
        FaultSteps.KillProcesses(caught);
        await server.KillAsync();
        FaultSteps.KillProcesses(FaultSteps.GitProcessesIn(bare, "git"));
        // What the kill leaves when it lands inside the multi-pack index write, made certain: a
        // young lock (no age rule would call it stale) that would stop every repack that follows.
        var midxLock = Path.Combine(bare, "objects", "pack", "multi-pack-index.lock");
        if (!File.Exists(midxLock))
        {
            await File.WriteAllTextAsync(midxLock, "");
        }

        var restarted = DateTime.UtcNow;
        await server.StartAsync();

        Assert.NotEmpty(caught);
        await AssertIntactAsync(git, repository, acknowledged);
        var (nextUrl, nextLogin) = await server.CurrentUrlAsync(git, repository, credentials);
        var next = await git.CommitAsync(clone, "after.txt", "after the restart\n", "after the restart");
        (await git.RunAsync(clone, [.. nextLogin, "push", "-q", nextUrl, "HEAD:main"])).Ok();
        var midx = Path.Combine(bare, "objects", "pack", "multi-pack-index");
        var maintained = await FaultSteps.WaitUntilAsync(
            () => File.Exists(midx) && File.GetLastWriteTimeUtc(midx) >= restarted.AddSeconds(-1)
                && FaultSteps.GitProcessesIn(bare, s_maintenanceCommands).Count == 0 && FaultSteps.LockFiles(bare).Count == 0,
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        Assert.True(maintained, "no maintenance after the restart; locks: " + string.Join(", ", FaultSteps.LockFiles(bare)) + "\n" + server.Log.Tail());
        Assert.Equal(next, (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
        (await git.FsckAsync(server, repository)).Ok();
    }

    /// <summary>
    /// A repository with main and a feature branch pushed by a power user; returns the refs
    /// git reported as pushed, which must survive any crash.
    /// </summary>
    private async Task<(GitRepository Repository, GitCredentials Credentials, string Clone, Dictionary<string, string> Acknowledged)> PushedRepositoryAsync(
        GitClient git, string prefix)
    {
        var repository = await server.NewRepositoryAsync(prefix);
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("work");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-b", "main");
        var main = await git.CommitAsync(clone, "readme.txt", "hello\n", "first");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        var feature = await git.CommitAsync(clone, "feature.txt", "feature\n", "feature");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/feature"])).Ok();
        await git.OkAsync(clone, "reset", "-q", "--hard", main);
        return (repository, credentials, clone, new Dictionary<string, string> { ["refs/heads/main"] = main, ["refs/heads/feature"] = feature });
    }

    private async Task AssertIntactAsync(GitClient git, GitRepository repository, Dictionary<string, string> acknowledged)
    {
        (await git.FsckAsync(server, repository)).Ok();
        var refs = await git.ServerRefsAsync(server, repository);
        foreach (var (name, commit) in acknowledged)
        {
            Assert.True(refs.TryGetValue(name, out var now), $"{name} is gone after the restart");
            Assert.Equal(commit, now);
        }

        // The sweep at start runs beside the first requests; a lock a killed maintenance left
        // (the multi-pack index it was writing) goes with it, whatever its age.
        var bare = server.BareRepository(repository.RepositoryId);
        await FaultSteps.WaitUntilAsync(() => FaultSteps.LockFiles(bare).Count == 0, TimeSpan.FromSeconds(20));
        Assert.Empty(FaultSteps.LockFiles(bare));
    }
}

public sealed class KilledServerOnSqlite(SqliteServer server) : KilledServerTests<SqliteServer>(server);

public sealed class KilledServerOnPostgres(PostgresServer server) : KilledServerTests<PostgresServer>(server);
