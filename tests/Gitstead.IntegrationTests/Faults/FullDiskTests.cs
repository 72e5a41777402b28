using System.Text.RegularExpressions;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Faults;

/// <summary>
/// The file system that holds the repositories fills up: a push larger than the free space is
/// refused with a message git prints, the repository keeps its refs and passes fsck, no
/// quarantine is left taking the space, the server keeps serving clones and API reads, and a
/// push that fits works afterwards.
/// </summary>
public sealed partial class FullDiskTests(SmallDiskServer server) : IClassFixture<SmallDiskServer>
{
    [Fact]
    public async Task PushLargerThanTheFreeSpace_IsRefusedCleanly_AndTheServerGoesOn()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "full", commits: 2);
        var bare = server.BareRepository(repository.RepositoryId);
        var before = await git.ServerRefsAsync(server, repository);
        var main = await git.OkAsync(clone, "rev-parse", "HEAD");
        await git.OkAsync(clone, "checkout", "-q", "-b", "huge");
        await git.CommitRandomFilesAsync(clone, "huge", files: SmallDiskServer.SizeMegabytes + 8, bytesPerFile: 1024 * 1024);

        var refused = await git.RunAsync(clone, [.. login, "push", "origin", "HEAD:refs/heads/huge"]);
        var quarantineGone = await FaultSteps.WaitUntilAsync(() => !FaultSteps.IsReceiving(bare), TimeSpan.FromSeconds(20));

        Assert.Matches(DiskFullMessage(), refused.Failed());
        Assert.True(quarantineGone, "the refused push's quarantine was left on the full disk");
        Assert.Equal(before, await git.ServerRefsAsync(server, repository));
        (await git.FsckAsync(server, repository)).Ok();
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("read")])).Ok();
        Assert.Equal(repository.Name, (string)(await server.GetRepositoryAsync(repository.Name))["repositoryName"]);
        await git.OkAsync(clone, "checkout", "-q", "main");
        var fits = await git.CommitRandomFilesAsync(clone, "fits", files: 4, bytesPerFile: 1024 * 1024);
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        Assert.NotEqual(main, fits);
        Assert.Equal(fits, (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
        (await git.FsckAsync(server, repository)).Ok();
    }

    [GeneratedRegex("No space left on device|unpack failed|remote rejected")]
    private static partial Regex DiskFullMessage();
}

/// <summary>
/// A server whose repositories directory is a small tmpfs of its own (mounting needs root, as
/// the test machine runs the suite); the database and the rest of the data directory are on
/// the ordinary disk.
/// </summary>
public sealed class SmallDiskServer : SqliteServer
{
    public const int SizeMegabytes = 24;

    private bool _mounted;

    private string Repositories => Path.Combine(DataDir, "repositories");

    protected override async Task CreateDatabaseAsync()
    {
        Directory.CreateDirectory(Repositories);
        var mount = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={SizeMegabytes}m,mode=0700", "tmpfs", Repositories], new Dictionary<string, string>());
        if (mount.ExitCode != 0)
        {
            throw new InvalidOperationException($"mounting a tmpfs for the repositories failed (the test needs root): {mount.Stderr}");
        }

        _mounted = true;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_mounted)
        {
            await ProcessRunner.RunAsync("umount", ["-l", Repositories], new Dictionary<string, string>());
        }
    }
}
