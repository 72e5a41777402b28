using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Faults;

/// <summary>
/// Sixteen pushes racing for one branch and sixteen to branches of their own, while clones
/// run: every push git reports as accepted is in the repository afterwards, every push that
/// lost was told why, and the repository passes <c>git fsck --strict</c>.
/// </summary>
public abstract class ConcurrentPushesTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const int Pushers = 16;

    [Fact]
    public async Task SixteenPushesToOneBranch_TheAcceptedOnesAreThere_TheOthersToldRejected()
    {
        using var git = new GitClient(server);
        var (repository, login, first) = await git.RepositoryWithHistoryAsync(server, "one-branch", commits: 1);
        var clones = await ClonesWithACommitEachAsync(git, repository, login, first, "same");
        using var stop = new CancellationTokenSource();
        var readers = ClonesAsync(git, repository, login, stop.Token);

        var pushes = await Task.WhenAll(clones.Select(c => git.RunAsync(c.Clone, [.. login, "push", "origin", "HEAD:main"])));
        await stop.CancelAsync();
        var reads = await readers;

        var winners = clones.Zip(pushes).Where(p => p.Second.Succeeded).Select(p => p.First.Commit).ToList();
        var main = (await git.ServerRefsAsync(server, repository))["refs/heads/main"];
        var history = (await git.OkAsync(server.BareRepository(repository.RepositoryId), "rev-list", "main")).Split('\n');
        // Every clone pushed a child of the same commit: one push can win, each other one is not a fast-forward of it.
        var winner = Assert.Single(winners);
        Assert.Equal(winner, main);
        Assert.All(clones.Select(c => c.Commit).Where(c => c != winner), c => Assert.DoesNotContain(c, history));
        Assert.All(pushes.Where(p => !p.Succeeded), p => Assert.Matches("rejected|fetch first|failed to lock|non-fast-forward|cannot lock ref", p.Stderr));
        Assert.All(reads, r => Assert.True(r.Succeeded, r.ToString()));
        (await git.FsckAsync(server, repository)).Ok();
    }

    [Fact]
    public async Task SixteenPushesToTheirOwnBranches_AllAccepted_AllThere()
    {
        using var git = new GitClient(server);
        var (repository, login, first) = await git.RepositoryWithHistoryAsync(server, "many-branches", commits: 1);
        var clones = await ClonesWithACommitEachAsync(git, repository, login, first, "own");
        using var stop = new CancellationTokenSource();
        var readers = ClonesAsync(git, repository, login, stop.Token);

        var pushes = await Task.WhenAll(clones.Select((c, i) => git.RunAsync(c.Clone, [.. login, "push", "origin", $"HEAD:refs/heads/branch-{i}"])));
        await stop.CancelAsync();
        var reads = await readers;

        Assert.All(pushes, p => Assert.True(p.Succeeded, p.ToString()));
        var refs = await git.ServerRefsAsync(server, repository);
        for (var i = 0; i < Pushers; i++)
        {
            Assert.Equal(clones[i].Commit, refs[$"refs/heads/branch-{i}"]);
        }

        Assert.All(reads, r => Assert.True(r.Succeeded, r.ToString()));
        (await git.FsckAsync(server, repository)).Ok();
    }

    /// <summary>Sixteen clones of the repository, each with a commit of its own on top of main.</summary>
    private static async Task<List<(string Clone, string Commit)>> ClonesWithACommitEachAsync(
        GitClient git, GitRepository repository, string[] login, string first, string name)
    {
        var clones = new List<(string, string)>();
        for (var i = 0; i < Pushers; i++)
        {
            var clone = git.NewPath($"{name}-{i}");
            (await git.RunAsync(git.Root, ["clone", "-q", "--shared", first, clone])).Ok();
            await File.WriteAllBytesAsync(Path.Combine(clone, $"{name}-{i}.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(64 * 1024));
            await git.OkAsync(clone, "add", $"{name}-{i}.bin");
            await git.OkAsync(clone, "commit", "-q", "-m", $"{name} {i}");
            await git.OkAsync(clone, "remote", "set-url", "origin", repository.CloneUrl);
            clones.Add((clone, await git.OkAsync(clone, "rev-parse", "HEAD")));
        }

        return clones;
    }

    /// <summary>Clones of the repository, one after another until <paramref name="stop"/>, at least one.</summary>
    private static async Task<List<GitRun>> ClonesAsync(GitClient git, GitRepository repository, string[] login, CancellationToken stop)
    {
        await Task.Yield();
        var runs = new List<GitRun>();
        do
        {
            var target = git.NewPath("reader");
            runs.Add(await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, target]));
            try
            {
                Directory.Delete(target, recursive: true);
            }
            catch (IOException)
            {
                // a failed clone removes its own directory, maybe while this runs; what is left goes with the client's root
            }
        }
        while (!stop.IsCancellationRequested);
        return runs;
    }
}

public sealed class ConcurrentPushesOnSqlite(SqliteServer server) : ConcurrentPushesTests<SqliteServer>(server);

public sealed class ConcurrentPushesOnPostgres(PostgresServer server) : ConcurrentPushesTests<PostgresServer>(server);
