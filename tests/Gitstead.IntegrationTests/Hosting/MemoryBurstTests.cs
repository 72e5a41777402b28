using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gitstead.IntegrationTests.Faults;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>
/// A burst of 200 requests at once against a server on its default memory settings (one GC
/// heap, its start-up cap lifted): 32 clones of a repository of 6 MB of incompressible files, 96 API
/// calls from three callers through boto3, 72 console pages of a signed-in session. Every one
/// is answered as it would be alone, nothing fails for memory, and the server serves on. And a
/// burst whose live objects pass the 128 MB the heap starts capped at (24 PutFile calls of 6 MiB
/// at once): the server grows instead of failing (with the cap kept, DOTNET_GCHeapHardLimit=0x8000000,
/// 22 of those 24 calls failed with OutOfMemoryException answered as InternalFailure).
/// </summary>
public sealed class MemoryBurstTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private const int Cloners = 4;
    private const int ClonesEach = 8; // Gitstead:GitLimits' default per caller: none waits for a slot
    private const int ApiCallsEach = 32;
    private const int ConsolePages = 72;

    private static readonly string[] s_pages =
        ["/console/iam/users", "/console/iam/policies", "/console/codecommit/repositories", "/console/iam/security-credentials"];

    [Fact]
    public async Task TwoHundredMixedRequestsAtOnce_AllAnswered_NothingFailsForMemory()
    {
        // Arrange
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("burst");
        var (owner, ownerLogin) = await server.NewGitUserAsync("burst-owner", GitSteps.PowerUser);
        var work = git.NewPath("work");
        var login = git.LoginWith(ownerLogin, repository.CloneUrl);
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, work])).Ok();
        await git.OkAsync(work, "checkout", "-q", "-b", "main");
        var main = await git.CommitRandomFilesAsync(work, "data", files: 12, bytesPerFile: 512 * 1024);
        (await git.RunAsync(work, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        var cloners = new List<string[]>();
        for (var i = 0; i < Cloners; i++)
        {
            var (_, credentials) = await server.NewGitUserAsync("burst-reader", GitSteps.ReadOnly);
            cloners.Add(git.LoginWith(credentials, repository.CloneUrl));
        }

        var callers = new List<Credentials> { server.Root };
        foreach (var policy in new[] { "arn:aws:iam::aws:policy/IAMReadOnlyAccess", GitSteps.ReadOnly })
        {
            var name = GitsteadServer.UniqueName("burst-api");
            await server.CreateUserAsync(name);
            (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = name, PolicyArn = policy })).Ok();
            callers.Add(await server.CreateAccessKeyAsync(name));
        }

        var calls = new List<(Credentials, string, string, object)>();
        for (var i = 0; i < ApiCallsEach; i++)
        {
            calls.Add((callers[0], "iam", "ListUsers", new { }));
            calls.Add((callers[1], "iam", "GetUser", new { UserName = owner }));
            calls.Add((callers[2], "codecommit", "GetRepository", new { repositoryName = repository.Name }));
        }

        var browser = new ConsoleBrowser(server);
        await browser.SignInAsRootAsync();

        // Act
        var targets = Enumerable.Range(0, Cloners * ClonesEach).Select(_ => git.NewPath("clone")).ToList();
        var clones = targets.Select((target, i) =>
            git.StartAsync(git.Root, [.. cloners[i % Cloners], "clone", "-q", "--bare", repository.CloneUrl, target])).ToList();
        var api = server.Boto3ParallelAsync(calls);
        var pages = Enumerable.Range(0, ConsolePages).Select(i => Task.Run(() => browser.StatusOfAsync(s_pages[i % s_pages.Length]))).ToList();
        var cloned = await Task.WhenAll(clones);
        var answered = await api;
        var shown = await Task.WhenAll(pages);

        // Assert
        Assert.All(cloned, run => run.Ok());
        Assert.All(answered, result => result.Ok());
        Assert.All(shown, status => Assert.Equal(HttpStatusCode.OK, status));
        foreach (var target in targets)
        {
            Assert.Equal(main, await git.OkAsync(target, "rev-parse", "refs/heads/main"));
        }

        Assert.DoesNotContain("OutOfMemory", server.Log.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await browser.StatusOfAsync(s_pages[0]));
        (await server.Boto3Async(server.Root, "sts", "GetCallerIdentity")).Ok();
    }

    [Fact]
    public async Task LargeWritesAtOnce_PastTheStartUpHeapCap_AllCommitted()
    {
        // Arrange: 24 repositories, 24 blobs of the largest content PutFile takes.
        const int Writes = 24;
        var repositories = new List<string>();
        for (var i = 0; i < Writes; i++)
        {
            repositories.Add((await server.NewRepositoryAsync("large-write")).Name);
        }

        var contents = Enumerable.Range(0, Writes).Select(_ => RandomNumberGenerator.GetBytes((6 * 1024 * 1024) - 1)).ToList();

        // Act
        var answered = await server.Boto3ParallelAsync(server.Root, "codecommit", "PutFile", repositories.Select((name, i) => (object)new
        {
            repositoryName = name,
            branchName = "main",
            filePath = "large.bin",
            fileContent = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(contents[i]) },
        }));

        // Assert: each blob is git's hash of what was sent, and the server answers on.
        for (var i = 0; i < Writes; i++)
        {
            Assert.Equal(GitBlobId(contents[i]), (string)answered[i].Ok()["blobId"]);
        }

        Assert.DoesNotContain("OutOfMemory", server.Log.Text, StringComparison.Ordinal);
        (await server.Boto3Async(server.Root, "sts", "GetCallerIdentity")).Ok();
    }

    private static string GitBlobId(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }
}
