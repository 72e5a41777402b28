using System.Diagnostics;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// CI fan-out: many clones of the same commit at once, full and <c>--depth 1</c>. Each kind
/// runs pack-objects once (the server's Debug line for each miss and hit is the witness),
/// and every clone gets the same bytes: the same pack name, fsck-clean.
/// </summary>
public abstract class PackCacheFanOutTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task EightClonesThenEightShallowClonesAtOnce_RunPackObjectsOncePerKind()
    {
        using var git = new GitClient(server);
        var (repository, login, work) = await git.RepositoryWithHistoryAsync(server, "fanout", commits: 5);
        var head = await PackCacheSteps.CommitRandomAsync(git, work, "blob.bin", 2 * 1024 * 1024, seed: 1);
        (await git.RunAsync(work, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();

        var full = Enumerable.Range(0, 8).Select(_ => git.NewPath("full")).ToArray();
        var fullRuns = await Task.WhenAll(full.Select(path => git.RunAsync(git.Root, [.. login, "clone", "-q", "--bare", repository.CloneUrl, path])));
        var shallow = Enumerable.Range(0, 8).Select(_ => git.NewPath("shallow")).ToArray();
        var shallowRuns = await Task.WhenAll(shallow.Select(path => git.RunAsync(git.Root, [.. login, "clone", "-q", "--depth", "1", repository.CloneUrl, path])));

        foreach (var run in fullRuns.Concat(shallowRuns))
        {
            run.Ok();
        }

        await PackCacheSteps.WaitForRequestsAsync(server, repository, 16);
        Assert.Equal(2, PackCacheSteps.Misses(server, repository));
        Assert.Equal(14, PackCacheSteps.Hits(server, repository));
        Assert.Single(full.Select(path => PackCacheSteps.PackNames(path)).Distinct());
        Assert.Single(shallow.Select(path => PackCacheSteps.PackNames(Path.Combine(path, ".git"))).Distinct());
        foreach (var path in full.Concat(shallow))
        {
            await git.OkAsync(path, "fsck", "--strict", "--no-progress");
            Assert.Equal(head, await git.OkAsync(path, "rev-parse", "refs/heads/main"));
        }

        Assert.Equal("1", await git.OkAsync(shallow[0], "rev-list", "--count", "HEAD"));
    }
}

public sealed class PackCacheFanOutOnSqlite(PackCacheSqliteServer server) : PackCacheFanOutTests<PackCacheSqliteServer>(server);

public sealed class PackCacheFanOutOnPostgres(PackCachePostgresServer server) : PackCacheFanOutTests<PackCachePostgresServer>(server);

/// <summary>What a pack must never outlive (a ref change), and a client that dies while others share its pack.</summary>
public sealed class PackCacheTests(PackCacheSqliteServer server) : IClassFixture<PackCacheSqliteServer>
{
    [Fact]
    public async Task RefsChangeBetweenClones_NextCloneRunsPackObjectsAgainAndSeesThePush()
    {
        using var git = new GitClient(server);
        var (repository, login, work) = await git.RepositoryWithHistoryAsync(server, "refs", commits: 3);
        var head = await git.OkAsync(work, "rev-parse", "HEAD");
        string[] Clone(string path) => [.. login, "clone", "-q", "--bare", "--single-branch", "--branch", "main", repository.CloneUrl, path];

        (await git.RunAsync(git.Root, Clone(git.NewPath("a")))).Ok();
        (await git.RunAsync(git.Root, Clone(git.NewPath("b")))).Ok();
        await PackCacheSteps.WaitForRequestsAsync(server, repository, 2);
        Assert.Equal(1, PackCacheSteps.Misses(server, repository));

        // The same request (main's commit) after a branch appeared through the API: the refs changed, so no cached pack.
        (await server.RunAwsAsync(server.Root, "codecommit", "create-branch", "--repository-name", repository.Name,
            "--branch-name", "other", "--commit-id", head)).Ok();
        (await git.RunAsync(git.Root, Clone(git.NewPath("c")))).Ok();
        await PackCacheSteps.WaitForRequestsAsync(server, repository, 3);
        Assert.Equal(2, PackCacheSteps.Misses(server, repository));

        var pushed = await git.CommitAsync(work, "after.txt", "pushed between clones\n", "after the clones");
        (await git.RunAsync(work, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        var after = git.NewPath("d");
        (await git.RunAsync(git.Root, Clone(after))).Ok();
        Assert.Equal(pushed, await git.OkAsync(after, "rev-parse", "refs/heads/main"));
        await PackCacheSteps.WaitForRequestsAsync(server, repository, 4);
        Assert.Equal(3, PackCacheSteps.Misses(server, repository));
    }

    [Fact]
    public async Task SameCloneAgain_IsGitsWholeAnswerFromBefore_AnotherDepthIsNot()
    {
        using var git = new GitClient(server);
        var (repository, login, work) = await git.RepositoryWithHistoryAsync(server, "answers", commits: 3);
        var head = await git.OkAsync(work, "rev-parse", "HEAD");
        string[] Clone(int depth, string path) => [.. login, "-c", "protocol.version=2", "clone", "-q", "--bare", "--depth", $"{depth}", repository.CloneUrl, path];
        var first = git.NewPath("first");
        var second = git.NewPath("second");
        var deeper = git.NewPath("deeper");

        (await git.RunAsync(git.Root, Clone(1, first))).Ok();
        (await git.RunAsync(git.Root, Clone(1, second))).Ok();
        (await git.RunAsync(git.Root, Clone(2, deeper))).Ok();

        // One pack-objects per depth (the hook's misses); the second clone ran no upload-pack at all.
        await PackCacheSteps.WaitForRequestsAsync(server, repository, 3);
        Assert.Equal(2, PackCacheSteps.Misses(server, repository));
        Assert.Equal(1, PackCacheSteps.WholeAnswers(server, repository));
        Assert.Equal(PackCacheSteps.PackNames(first), PackCacheSteps.PackNames(second));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(first, "shallow")), await File.ReadAllTextAsync(Path.Combine(second, "shallow")));
        foreach (var path in new[] { first, second, deeper })
        {
            await git.OkAsync(path, "fsck", "--no-progress");
            Assert.Equal(head, await git.OkAsync(path, "rev-parse", "refs/heads/main"));
        }

        Assert.Equal("1", await git.OkAsync(second, "rev-list", "--count", "HEAD"));
        Assert.Equal("2", await git.OkAsync(deeper, "rev-list", "--count", "HEAD"));
    }

    [Fact]
    public async Task CloneRequestForAnObjectNobodyHas_GetsGitsErrorEachTime_NothingKept()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "unknown-want", commits: 1);
        var (_, credentials) = await server.NewGitUserAsync("unknown-want", GitSteps.PowerUser);
        const string unknown = "1234567890123456789012345678901234567890";

        var first = await PackCacheSteps.PostUploadPackAsync(server, repository, credentials, "command=fetch\n", "object-format=sha1\n", "|", $"want {unknown}\n", "done\n", "-");
        var second = await PackCacheSteps.PostUploadPackAsync(server, repository, credentials, "command=fetch\n", "object-format=sha1\n", "|", $"want {unknown}\n", "done\n", "-");

        // upload-pack's own ERR line, as git sends it without the cache; a failed answer is never given again.
        Assert.Contains($"ERR upload-pack: not our ref {unknown}", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        await PackCacheSteps.WaitUntilAsync(() => PackCacheSteps.AnswersRun(server, repository) == 2, "two upload-packs");
        Assert.Equal(0, PackCacheSteps.WholeAnswers(server, repository));
    }

    [Fact]
    public async Task CloneWhosePackOthersShare_KilledMidClone_TheOthersFinishFromTheSamePack()
    {
        using var git = new GitClient(server);
        var (repository, login, work) = await git.RepositoryWithHistoryAsync(server, "killed", commits: 2);
        var head = await PackCacheSteps.CommitRandomAsync(git, work, "large.bin", 24 * 1024 * 1024, seed: 2);
        (await git.RunAsync(work, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        string[] Clone(string path) => [.. login, "clone", "-q", "--bare", repository.CloneUrl, path];

        // The first clone starts the pack (it is the writer's request), in a process group of its own so it can be stopped and killed whole.
        // It is stopped as soon as its pack appears in the cache directory: the log line of the miss
        // may come after a 24 MB clone on this machine has ended.
        var cachedBefore = PackCacheSteps.CachedPacks(server);
        using var victim = Process.Start(git.StartInfo("setsid", ["git", "-C", git.Root, .. Clone(git.NewPath("victim"))]))!;
        var victimOutput = Task.WhenAll(victim.StandardOutput.ReadToEndAsync(), victim.StandardError.ReadToEndAsync());
        await PackCacheSteps.WaitUntilAsync(
            () => PackCacheSteps.CachedPacks(server).Except(cachedBefore).Any(), "the first clone's pack-objects to start", TimeSpan.FromMilliseconds(1));
        await PackCacheSteps.SignalGroupAsync(victim.Id, "STOP");
        Assert.False(victim.HasExited, "the first clone ended before it could be stopped mid-clone");

        var others = Enumerable.Range(0, 3).Select(_ => git.NewPath("other")).ToArray();
        var runs = others.Select(path => git.RunAsync(git.Root, Clone(path))).ToArray();
        await PackCacheSteps.WaitUntilAsync(() => PackCacheSteps.Hits(server, repository) == 3, "the other clones to join the pack");
        Assert.Equal(1, PackCacheSteps.Misses(server, repository));
        await PackCacheSteps.SignalGroupAsync(victim.Id, "KILL");
        await victim.WaitForExitAsync();
        await victimOutput;
        Assert.NotEqual(0, victim.ExitCode);

        foreach (var run in await Task.WhenAll(runs))
        {
            run.Ok();
        }

        Assert.Single(others.Select(path => PackCacheSteps.PackNames(path)).Distinct());
        foreach (var path in others)
        {
            await git.OkAsync(path, "fsck", "--strict", "--no-progress");
            Assert.Equal(head, await git.OkAsync(path, "rev-parse", "refs/heads/main"));
        }

        var later = git.NewPath("later");
        (await git.RunAsync(git.Root, Clone(later))).Ok();
        await git.OkAsync(later, "fsck", "--strict", "--no-progress");
        await PackCacheSteps.WaitForRequestsAsync(server, repository, 5);
        Assert.Equal(1, PackCacheSteps.Misses(server, repository));
    }
}

/// <summary>A disk budget that holds one of two packs: the older goes when the newer is written.</summary>
public sealed class PackCacheBudgetTests(SmallPackCacheServer server) : IClassFixture<SmallPackCacheServer>
{
    [Fact]
    public async Task SecondPackOverTheBudget_EvictsTheFirst()
    {
        using var git = new GitClient(server);
        var (first, login, firstWork) = await git.RepositoryWithHistoryAsync(server, "first", commits: 1);
        await PackCacheSteps.CommitRandomAsync(git, firstWork, "a.bin", 700 * 1024, seed: 3);
        (await git.RunAsync(firstWork, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        var (second, secondLogin, secondWork) = await git.RepositoryWithHistoryAsync(server, "second", commits: 1);
        await PackCacheSteps.CommitRandomAsync(git, secondWork, "b.bin", 700 * 1024, seed: 4);
        (await git.RunAsync(secondWork, [.. secondLogin, "push", "-q", "origin", "HEAD:main"])).Ok();

        (await git.RunAsync(git.Root, [.. login, "clone", "-q", "--bare", first.CloneUrl, git.NewPath("a1")])).Ok();
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", "--bare", first.CloneUrl, git.NewPath("a2")])).Ok();
        await PackCacheSteps.WaitForRequestsAsync(server, first, 2);
        Assert.Equal(1, PackCacheSteps.Hits(server, first));
        (await git.RunAsync(git.Root, [.. secondLogin, "clone", "-q", "--bare", second.CloneUrl, git.NewPath("b1")])).Ok();
        var again = git.NewPath("a3");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", "--bare", first.CloneUrl, again])).Ok();

        await PackCacheSteps.WaitForRequestsAsync(server, first, 3);
        Assert.Equal(2, PackCacheSteps.Misses(server, first));
        Assert.Contains("evicted", server.LogText, StringComparison.Ordinal);
        await git.OkAsync(again, "fsck", "--strict", "--no-progress");
        var cached = Assert.Single(PackCacheSteps.CachedPacks(server));
        Assert.InRange(new FileInfo(cached).Length, 700L * 1024, 1024L * 1024);
    }
}

/// <summary>A SQLite server that logs the pack cache's hits and misses.</summary>
public class PackCacheSqliteServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => PackCacheSteps.DebugLog;
}

/// <summary>A PostgreSQL server that logs the pack cache's hits and misses.</summary>
public sealed class PackCachePostgresServer : PostgresServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => PackCacheSteps.DebugLog;
}

/// <summary>A server whose pack cache holds one megabyte.</summary>
public sealed class SmallPackCacheServer : PackCacheSqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
        [.. base.ExtraEnvironment(), KeyValuePair.Create("Gitstead__PackCache__MaxBytes", "1048576")];
}

internal static class PackCacheSteps
{
    public static readonly KeyValuePair<string, string>[] DebugLog = [KeyValuePair.Create("Logging__LogLevel__Gitstead.CodeCommit.PackCache", "Debug")];

    public static int Misses(GitsteadServer server, GitRepository repository) => Count(server, $"pack cache miss: repository {repository.RepositoryId},");

    public static int Hits(GitsteadServer server, GitRepository repository) => Count(server, $"pack cache hit: repository {repository.RepositoryId},");

    /// <summary>Fetches answered with upload-pack's whole answer from before (a kind of hit).</summary>
    public static int WholeAnswers(GitsteadServer server, GitRepository repository) =>
        server.LogText.Split('\n').Count(l => l.Contains($"pack cache hit: repository {repository.RepositoryId},", StringComparison.Ordinal)
            && l.Contains("(upload-pack's whole answer)", StringComparison.Ordinal));

    /// <summary>Clone requests that ran an upload-pack whose answer is kept.</summary>
    public static int AnswersRun(GitsteadServer server, GitRepository repository) =>
        Count(server, $"pack cache: repository {repository.RepositoryId}, answer ");

    /// <summary>
    /// A protocol v2 request to <c>git-upload-pack</c> of these lines ("|" the delimiter packet, "-" the
    /// flush packet); the body of its answer, which must be a 200 of git's result type.
    /// </summary>
    public static async Task<string> PostUploadPackAsync(GitsteadServer server, GitRepository repository, GitCredentials credentials, params string[] lines)
    {
        var body = string.Concat(lines.Select(line => line switch
        {
            "|" => "0001",
            "-" => "0000",
            _ => $"{line.Length + 4:x4}{line}",
        }));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/repos/{repository.Name}/git-upload-pack")
        {
            Content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-git-upload-pack-request");
        request.Headers.Authorization = HostileGitRequestTests<SqliteServer>.Basic(credentials);
        request.Headers.Add("Git-Protocol", "version=2");
        using var response = await server.Http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {answer}");
        Assert.Equal("application/x-git-upload-pack-result", response.Content.Headers.ContentType?.MediaType);
        return answer;
    }

    /// <summary>Waits until the server has logged a miss or a hit for each of <paramref name="requests"/> fetches of the repository.</summary>
    public static Task WaitForRequestsAsync(GitsteadServer server, GitRepository repository, int requests) =>
        WaitUntilAsync(() => Misses(server, repository) + Hits(server, repository) >= requests, $"{requests} pack cache lines for {repository.Name}\n{server.Log.Tail()}");

    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>The pack files a clone holds (git names a pack after its checksum), sorted and joined.</summary>
    public static string PackNames(string gitDirectory) =>
        string.Join(",", Directory.GetFiles(Path.Combine(gitDirectory, "objects", "pack"), "*.pack").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    /// <summary>The packs in the server's cache directory now.</summary>
    public static string[] CachedPacks(GitsteadServer server) =>
        Directory.GetFiles(Path.Combine(server.DataDir, "pack-cache"), "*.pack", SearchOption.AllDirectories);

    /// <summary>Commits a file of incompressible bytes (the same for a seed) and returns the commit.</summary>
    public static async Task<string> CommitRandomAsync(GitClient git, string clone, string file, int bytes, int seed)
    {
        var content = new byte[bytes];
        new Random(seed).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(clone, file), content);
        await git.OkAsync(clone, "add", file);
        await git.OkAsync(clone, "commit", "-q", "-m", $"add {file}");
        return await git.OkAsync(clone, "rev-parse", "HEAD");
    }

    /// <summary>Sends a signal to every process of a process group (a clone and the helpers it started).</summary>
    public static async Task SignalGroupAsync(int groupLeader, string signal) =>
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", [$"-{signal}", "--", $"-{groupLeader}"], new Dictionary<string, string>())).ExitCode);

    private static int Count(GitsteadServer server, string marker)
    {
        var text = server.LogText;
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
