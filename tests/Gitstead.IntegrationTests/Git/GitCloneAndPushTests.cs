using System.Security.Cryptography;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// A user with AWSCodeCommitPowerUser and HTTPS Git credentials clones the cloneUrlHttp of a
/// new repository, pushes, and clones again elsewhere, with the real git over HTTPS, in
/// protocol v0 and v2; shallow and partial clones, ref deletion by push, gzip-compressed
/// negotiation and a push larger than git's post buffer; the server's copy passes fsck. The
/// protocol v2 capability advertisement is git's, repeated until the repository's configuration changes.
/// </summary>
public abstract class GitCloneAndPushTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Theory]
    [InlineData("0", "HTTP/2")]
    [InlineData("2", "HTTP/2")]
    [InlineData("0", "HTTP/1.1")]
    [InlineData("2", "HTTP/1.1")]
    public async Task PowerUser_ClonesPushesAndClonesAgain_InProtocol(string version, string http)
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("clone");
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        string[] options = [.. git.LoginWith(credentials, repository.CloneUrl), "-c", $"protocol.version={version}", "-c", $"http.version={http}"];
        var first = git.NewPath("first");
        var second = git.NewPath("second");

        var emptyClone = await git.RunAsync(git.Root, [.. options, "clone", repository.CloneUrl, first]);
        var commit = await git.CommitAsync(first, "README.md", "hello from git\n", "first commit");
        var push = await git.RunAsync(first, [.. options, "push", "origin", "HEAD:main"]);
        var clone = await git.RunAsync(git.Root, [.. options, "clone", repository.CloneUrl, second]);
        var trace = await git.RunAsync(second, new Dictionary<string, string> { ["GIT_TRACE_PACKET"] = "1" }, [.. options, "ls-remote", "origin"]);

        emptyClone.Ok();
        Assert.Contains("You appear to have cloned an empty repository.", emptyClone.Stderr, StringComparison.Ordinal);
        push.Ok();
        clone.Ok();
        Assert.Equal(commit, await git.OkAsync(second, "rev-parse", "HEAD"));
        Assert.Equal("main", await git.OkAsync(second, "symbolic-ref", "--short", "HEAD"));
        Assert.Equal("hello from git\n", await File.ReadAllTextAsync(Path.Combine(second, "README.md")));
        Assert.Equal(version == "2", trace.Stderr.Contains("git< version 2", StringComparison.Ordinal));
        (await git.FsckAsync(server, repository)).Ok();
    }

    [Fact]
    public async Task V2CapabilityAdvertisement_RepeatedAsGitGaveIt_UntilTheRepositoryConfigurationChanges()
    {
        // Arrange
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("capabilities");
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var config = Path.Combine(server.BareRepository(repository.RepositoryId), "config");
        var kept = $":{repository.Name} capabilities (protocol v2) served to arn:aws:iam::{server.AccountId}:user/{user} as git gave them before";
        var fromGit = $":{repository.Name} served to arn:aws:iam::{server.AccountId}:user/{user}\n";

        // Each request logs one line, either way (the log is written asynchronously: the count waits for all of them).
        async Task<int> KeptOnceLoggedAsync(int requests)
        {
            await PackCacheSteps.WaitUntilAsync(() => Occurrences(server.LogText, kept) + Occurrences(server.LogText, fromGit) >= requests, $"{requests} requests logged");
            return Occurrences(server.LogText, kept);
        }

        // Act: asked twice; then with a configuration that makes git name its process (never repeated); then as before.
        var first = await AdvertiseAsync(repository, credentials);
        var second = await AdvertiseAsync(repository, credentials);
        var keptOfTwo = await KeptOnceLoggedAsync(2);
        await git.OkAsync(git.Root, "config", "--file", config, "transfer.advertiseSID", "true");
        var named = await AdvertiseAsync(repository, credentials);
        var namedAgain = await AdvertiseAsync(repository, credentials);
        await git.OkAsync(git.Root, "config", "--file", config, "--unset", "transfer.advertiseSID");
        var restored = await AdvertiseAsync(repository, credentials);
        var restoredAgain = await AdvertiseAsync(repository, credentials);
        var keptOfSix = await KeptOnceLoggedAsync(6);
        var lsRemote = await git.RunAsync(git.Root, [.. git.LoginWith(credentials, repository.CloneUrl), "-c", "protocol.version=2", "ls-remote", repository.CloneUrl]);
        var keptOfEight = await KeptOnceLoggedAsync(8);

        // Assert
        Assert.StartsWith("000eversion 2\n", first, StringComparison.Ordinal);
        Assert.Contains("ls-refs", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(1, keptOfTwo);
        Assert.Contains("session-id=", named, StringComparison.Ordinal);
        Assert.NotEqual(named, namedAgain);
        Assert.Equal(first, restored);
        Assert.Equal(first, restoredAgain);
        Assert.Equal(2, keptOfSix);
        lsRemote.Ok();
        Assert.Equal(3, keptOfEight);
    }

    [Fact]
    public async Task V2RefListing_RepeatedAsGitGaveIt_UntilTheRefsOrTheConfigurationChange()
    {
        // Arrange: a repository with main, pushed by git.
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("listing");
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        string[] login = [.. git.LoginWith(credentials, repository.CloneUrl), "-c", "protocol.version=2"];
        var work = git.NewPath("work");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, work])).Ok();
        var main = await git.CommitAsync(work, "a.txt", "a\n", "a");
        (await git.RunAsync(work, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        var config = Path.Combine(server.BareRepository(repository.RepositoryId), "config");
        var pushed = $"git-receive-pack arn:aws:codecommit:";
        await PackCacheSteps.WaitUntilAsync(() => server.LogText.Contains(pushed, StringComparison.Ordinal), "the push logged");
        var start = server.LogText.Length;
        IEnumerable<string> Lines() => server.LogText[start..].Split('\n')
            .Where(l => l.Contains("git-upload-pack ", StringComparison.Ordinal) && l.Contains($":{repository.Name} ", StringComparison.Ordinal)
                && l.Contains($" served to arn:aws:iam::{server.AccountId}:user/{user}", StringComparison.Ordinal));

        // Each request logs one line, either way (the log is written asynchronously: the count waits for all of them).
        async Task<int> KeptOnceLoggedAsync(int requests)
        {
            await PackCacheSteps.WaitUntilAsync(() => Lines().Count() >= requests, $"{requests} requests logged");
            return Lines().Count(l => l.Contains(" refs (protocol v2 ls-refs) served to ", StringComparison.Ordinal));
        }

        // Act: listed twice; after a push of a new branch; with that branch hidden by the configuration; by git ls-remote.
        var first = await ListRefsAsync(repository, credentials);
        var second = await ListRefsAsync(repository, credentials);
        var keptOfTwo = await KeptOnceLoggedAsync(2);
        (await git.RunAsync(work, [.. login, "push", "-q", "origin", "HEAD:feature"])).Ok();
        var afterPush = await ListRefsAsync(repository, credentials);
        var afterPushAgain = await ListRefsAsync(repository, credentials);
        var keptOfFour = await KeptOnceLoggedAsync(4);
        await git.OkAsync(git.Root, "config", "--file", config, "uploadpack.hideRefs", "refs/heads/feature");
        var hidden = await ListRefsAsync(repository, credentials);
        var hiddenAgain = await ListRefsAsync(repository, credentials);
        var keptOfSix = await KeptOnceLoggedAsync(6);
        var lsRemote = await git.RunAsync(git.Root, [.. login, "ls-remote", repository.CloneUrl]);
        var lsRemoteAgain = await git.RunAsync(git.Root, [.. login, "ls-remote", repository.CloneUrl]);
        var keptOfTen = await KeptOnceLoggedAsync(10); // two info/refs and two ls-refs

        // Assert
        Assert.Contains($"{main} refs/heads/main", first, StringComparison.Ordinal);
        Assert.EndsWith("0000", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(1, keptOfTwo);
        Assert.Contains($"{main} refs/heads/feature", afterPush, StringComparison.Ordinal);
        Assert.Equal(afterPush, afterPushAgain);
        Assert.Equal(2, keptOfFour);
        Assert.Equal(first, hidden);
        Assert.Equal(hidden, hiddenAgain);
        Assert.Equal(3, keptOfSix);
        lsRemote.Ok();
        lsRemoteAgain.Ok();
        Assert.Equal(lsRemote.Stdout, lsRemoteAgain.Stdout);
        Assert.Contains($"{main}\trefs/heads/main", lsRemote.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("refs/heads/feature", lsRemote.Stdout, StringComparison.Ordinal);
        Assert.Equal(4, keptOfTen);
    }

    /// <summary>The body of a protocol v2 <c>ls-refs</c> of the branches, which must be a 200 of git's result type.</summary>
    private Task<string> ListRefsAsync(GitRepository repository, GitCredentials credentials) =>
        PackCacheSteps.PostUploadPackAsync(server, repository, credentials,
            "command=ls-refs\n", "object-format=sha1\n", "|", "peel\n", "symrefs\n", "ref-prefix refs/heads/\n", "-");

    private static int Occurrences(string text, string marker) => text.Split(marker).Length - 1;

    /// <summary>The body of <c>GET info/refs?service=git-upload-pack</c> in protocol v2, which must be a 200 of git's advertisement type.</summary>
    private async Task<string> AdvertiseAsync(GitRepository repository, GitCredentials credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/repos/{repository.Name}/info/refs?service=git-upload-pack");
        request.Headers.Authorization = HostileGitRequestTests<TServer>.Basic(credentials);
        request.Headers.Add("Git-Protocol", "version=2");
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {body}");
        Assert.Equal("application/x-git-upload-pack-advertisement", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    [Fact]
    public async Task FirstPush_SetsTheDefaultBranchAndTouchesTheRepository()
    {
        using var git = new GitClient(server);
        var created = await server.NewRepositoryAsync("first-push");
        var before = await server.GetRepositoryAsync(created.Name);
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var login = git.LoginWith(credentials, created.CloneUrl);
        var clone = git.NewPath("work");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", created.CloneUrl, clone])).Ok();
        await git.CommitAsync(clone, "a.txt", "a\n", "a");

        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:feature", "HEAD:main", "HEAD:release"])).Ok();
        var after = await server.GetRepositoryAsync(created.Name);

        Assert.Null(before["defaultBranch"]);
        Assert.Equal("main", (string)after["defaultBranch"]);
        Assert.True((double)after["lastModifiedDate"] > (double)before["lastModifiedDate"], after.ToJsonString());
    }

    [Fact]
    public async Task ShallowClone_HasOnlyTheLastCommit()
    {
        using var git = new GitClient(server);
        var (repository, login, _) = await git.RepositoryWithHistoryAsync(server, "shallow", commits: 3);
        var shallow = git.NewPath("shallow");

        (await git.RunAsync(git.Root, [.. login, "clone", "-q", "--depth", "1", repository.CloneUrl, shallow])).Ok();
        (await git.RunAsync(shallow, [.. login, "fetch", "-q", "--deepen", "1"])).Ok();

        Assert.Equal("true", await git.OkAsync(shallow, "rev-parse", "--is-shallow-repository"));
        Assert.Equal("2", await git.OkAsync(shallow, "rev-list", "--count", "HEAD"));
    }

    [Fact]
    public async Task PartialClone_LeavesBlobsOnTheServerAndFetchesThemOnCheckout()
    {
        using var git = new GitClient(server);
        var (repository, login, _) = await git.RepositoryWithHistoryAsync(server, "partial", commits: 3);
        var partial = git.NewPath("partial");

        var clone = await git.RunAsync(git.Root, [.. login, "-c", "protocol.version=2", "clone", "--filter=blob:none", "--no-checkout", repository.CloneUrl, partial]);
        var missing = await git.OkAsync(partial, "rev-list", "--objects", "--all", "--missing=print");
        (await git.RunAsync(partial, [.. login, "checkout", "-q", "main"])).Ok();

        Assert.DoesNotContain("filtering not recognized by server", clone.Ok() + clone.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, missing.Split('\n').Count(line => line.StartsWith('?')));
        Assert.Equal("content 3\n", await File.ReadAllTextAsync(Path.Combine(partial, "file-3.txt")));
    }

    [Fact]
    public async Task PushDeletingABranchAndATag_RemovesThemOnly()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "delete", commits: 1);
        await git.OkAsync(clone, "tag", "-a", "v1", "-m", "release 1");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:feature", "v1"])).Ok();
        var before = await git.ServerRefsAsync(server, repository);

        var deleted = await git.RunAsync(clone, [.. login, "push", "origin", "--delete", "feature", "refs/tags/v1"]);
        var after = await git.ServerRefsAsync(server, repository);

        Assert.Contains("[deleted]", deleted.Ok() + deleted.Stderr, StringComparison.Ordinal);
        Assert.Equal(["refs/heads/feature", "refs/heads/main", "refs/tags/v1"], before.Keys.Order());
        Assert.Equal(["refs/heads/main"], after.Keys);
        Assert.Equal(before["refs/heads/main"], after["refs/heads/main"]);
        (await git.FsckAsync(server, repository)).Ok();
    }

    [Fact]
    public async Task FetchWithManyLocalCommits_SendsAGzipNegotiationTheServerReads()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "gzip", commits: 1);
        var other = git.NewPath("other");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, other])).Ok();
        var pushed = await git.CommitAsync(clone, "new.txt", "new\n", "from the first clone");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        for (var i = 0; i < 120; i++)
        {
            await git.OkAsync(other, "commit", "-q", "--allow-empty", "-m", $"local {i}");
        }

        var fetch = await git.RunAsync(other, new Dictionary<string, string> { ["GIT_TRACE_CURL"] = "1", ["GIT_TRACE_CURL_NO_DATA"] = "1" },
            [.. login, "fetch", "origin"]);

        fetch.Ok();
        Assert.Contains("content-encoding: gzip", fetch.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(pushed, await git.OkAsync(other, "rev-parse", "origin/main"));
    }

    [Fact]
    public async Task PushLargerThanThePostBuffer_IsStreamedAndClonesBack()
    {
        using var git = new GitClient(server);
        var (repository, login, work) = await git.RepositoryWithHistoryAsync(server, "large", commits: 1);
        var blob = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        await File.WriteAllBytesAsync(Path.Combine(work, "random.bin"), blob);
        await git.OkAsync(work, "add", "random.bin");
        await git.OkAsync(work, "commit", "-q", "-m", "six megabytes of noise");
        var copy = git.NewPath("copy");

        var push = await git.RunAsync(work, new Dictionary<string, string> { ["GIT_TRACE_CURL"] = "1", ["GIT_TRACE_CURL_NO_DATA"] = "1" },
            [.. login, "push", "origin", "HEAD:main"]);
        var clone = await git.RunAsync(git.Root, [.. login, "clone", "--progress", repository.CloneUrl, copy]);

        // More than http.postBuffer (1 MiB): git first probes with a bare flush-pkt, then streams the body.
        push.Ok();
        Assert.True(push.Stderr.Split('\n').Count(l => l.Contains("Send header: POST /v1/repos/", StringComparison.Ordinal)) >= 2, push.ToString());
        clone.Ok();
        Assert.Contains("remote: Enumerating objects:", clone.Stderr, StringComparison.Ordinal);
        Assert.Equal(blob, await File.ReadAllBytesAsync(Path.Combine(copy, "random.bin")));
        (await git.FsckAsync(server, repository)).Ok();
    }
}

public sealed class GitCloneAndPushOnSqlite(SqliteServer server) : GitCloneAndPushTests<SqliteServer>(server);

public sealed class GitCloneAndPushOnPostgres(PostgresServer server) : GitCloneAndPushTests<PostgresServer>(server);
