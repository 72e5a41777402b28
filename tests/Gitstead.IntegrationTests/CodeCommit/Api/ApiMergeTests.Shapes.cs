using System.Text;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Merges of histories that are not the usual shape: a file against a folder (git's merge-tree
/// moves the file aside to <c>PATH~COMMIT</c>), unrelated histories (git merge refuses them), and
/// tips too far apart (TipsDivergenceExceededException).
/// </summary>
public abstract partial class ApiMergeTests<TServer>
{
    [Fact]
    public async Task FileAgainstFolder_ReportedAtItsOwnPath_AndNoResolutionLeavesGitsSideCopy()
    {
        // Arrange: main adds a folder x/ where feature adds a file x.
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "file-folder", commits: 1);
        await git.OkAsync(clone, "checkout", "-q", "-B", "main");
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        var feature = await git.CommitAsync(clone, "x", "a file\n", "x is a file");
        await git.OkAsync(clone, "checkout", "-q", "main");
        await git.CommitAsync(clone, "x/in.txt", "in a folder\n", "x is a folder");
        foreach (var branch in new[] { "theirs", "ours", "kept" })
        {
            await git.OkAsync(clone, "branch", branch);
        }

        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "main", "feature", "theirs", "ours", "kept"])).Ok();
        var into = (string branch, string strategy) => new
        {
            repositoryName = repository.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = branch,
            conflictDetailLevel = "LINE_LEVEL",
            conflictResolutionStrategy = strategy,
        };

        // Act
        var conflicts = (await Call(server.Root, "GetMergeConflicts", new
        {
            repositoryName = repository.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            mergeOption = "THREE_WAY_MERGE",
            conflictDetailLevel = "LINE_LEVEL",
        })).Ok();
        var automerge = await Call(server.Root, "MergeBranchesByThreeWay", into("main", "AUTOMERGE"));
        var theirs = (await Call(server.Root, "MergeBranchesByThreeWay", into("theirs", "ACCEPT_SOURCE"))).Ok();
        var ours = (await Call(server.Root, "MergeBranchesBySquash", into("ours", "ACCEPT_DESTINATION"))).Ok();
        var kept = (await Call(server.Root, "MergeBranchesByThreeWay", new
        {
            repositoryName = repository.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "kept",
            conflictResolution = new { replaceContents = new[] { new { filePath = "x", replacementType = "KEEP_SOURCE" } } },
        })).Ok();

        // Assert
        var metadata = Assert.Single(conflicts["conflictMetadataList"]!.AsArray())!;
        Assert.Equal("x", (string)metadata["filePath"]!);
        Assert.True((bool)metadata["objectTypeConflict"]!);
        Assert.Equal("""{"source":"FILE","destination":"DIRECTORY"}""", metadata["objectTypes"]!.ToJsonString());
        Assert.Equal("ManualMergeRequiredException", automerge.Failed().Code);
        var bare = server.BareRepository(repository.RepositoryId);
        Assert.Equal(["file-1.txt", "x"], (await git.OkAsync(bare, "ls-tree", "-r", "--name-only", (string)theirs["commitId"])).Split('\n'));
        Assert.Equal(["file-1.txt", "x/in.txt"], (await git.OkAsync(bare, "ls-tree", "-r", "--name-only", (string)ours["commitId"])).Split('\n'));
        Assert.Equal(["file-1.txt", "x"], (await git.OkAsync(bare, "ls-tree", "-r", "--name-only", (string)kept["commitId"])).Split('\n'));
        Assert.Equal(await git.OkAsync(bare, "rev-parse", $"{feature}:x"), await git.OkAsync(bare, "rev-parse", $"{(string)kept["commitId"]}:x"));
        Assert.Equal("a file", await git.OkAsync(bare, "show", $"{(string)theirs["commitId"]}:x"));
        (await git.FsckAsync(server, repository)).Ok();
    }

    [Fact]
    public async Task UnrelatedHistories_NoMergeOption_AndEveryMergeSaysWhy_AsGitMergeRefusesThem()
    {
        // Arrange: an orphan branch shares no commit with main.
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "unrelated", commits: 1);
        await git.OkAsync(clone, "checkout", "-q", "-B", "main");
        await git.OkAsync(clone, "checkout", "-q", "--orphan", "other");
        await git.OkAsync(clone, "rm", "-q", "-rf", ".");
        await git.CommitAsync(clone, "other.txt", "other\n", "another history");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "other"])).Ok();
        var request = new { repositoryName = repository.Name, sourceCommitSpecifier = "other", destinationCommitSpecifier = "main" };

        // Act
        var options = (await Call(server.Root, "GetMergeOptions", request)).Ok();
        var conflicts = (await Call(server.Root, "GetMergeConflicts", new { request.repositoryName, request.sourceCommitSpecifier, request.destinationCommitSpecifier, mergeOption = "SQUASH_MERGE" })).Ok();
        var refusals = new[]
        {
            await Call(server.Root, "MergeBranchesByFastForward", request),
            await Call(server.Root, "MergeBranchesBySquash", request),
            await Call(server.Root, "MergeBranchesByThreeWay", new { request.repositoryName, request.sourceCommitSpecifier, request.destinationCommitSpecifier, conflictResolutionStrategy = "ACCEPT_SOURCE" }),
            await Call(server.Root, "CreateUnreferencedMergeCommit", new { request.repositoryName, request.sourceCommitSpecifier, request.destinationCommitSpecifier, mergeOption = "THREE_WAY_MERGE" }),
        };
        await git.OkAsync(clone, "checkout", "-q", "main");
        var gitMerge = await git.RunAsync(clone, "merge", "-q", "other");

        // Assert
        Assert.Empty(options["mergeOptions"]!.AsArray());
        Assert.Null(options["baseCommitId"]);
        Assert.False((bool)conflicts["mergeable"]!);
        Assert.Empty(conflicts["conflictMetadataList"]!.AsArray());
        foreach (var refused in refusals)
        {
            var error = refused.Failed();
            Assert.Equal("ManualMergeRequiredException", error.Code);
            Assert.Contains("no common ancestor (unrelated histories)", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("refusing to merge unrelated histories", gitMerge.Failed(), StringComparison.Ordinal);
        Assert.Equal(await git.OkAsync(clone, "rev-parse", "main"), (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
    }

    [Fact]
    public async Task TipsMoreThanTenThousandCommitsFromTheirBase_TipsDivergenceExceeded_ButAFastForwardStillWorks()
    {
        // Arrange: feature is 10,001 commits past the base (fast-import), main one.
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "divergent", commits: 1);
        await git.OkAsync(clone, "checkout", "-q", "-B", "main");
        var baseCommit = await git.OkAsync(clone, "rev-parse", "HEAD");
        var stream = new StringBuilder();
        for (var i = 0; i <= 10_000; i++)
        {
            stream.Append("commit refs/heads/feature\ncommitter Ada <ada@example.com> ").Append(1_700_000_000 + i).Append(" +0000\ndata 2\nc\n");
            if (i == 0)
            {
                stream.Append("from ").Append(baseCommit).Append('\n');
            }

            stream.Append(i == 10_000 ? "M 644 inline far.txt\ndata 4\nfar\n" : "").Append('\n');
        }

        var imported = await ProcessRunner.RunAsync("git", ["-C", clone, "fast-import", "--quiet"], new Dictionary<string, string>(), stream.ToString());
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        await git.CommitAsync(clone, "main.txt", "main\n", "main moves on");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "main", "feature"])).Ok();
        var request = new { repositoryName = repository.Name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "main" };

        // Act
        var refusals = new[]
        {
            await Call(server.Root, "GetMergeOptions", request),
            await Call(server.Root, "GetMergeConflicts", new { request.repositoryName, request.sourceCommitSpecifier, request.destinationCommitSpecifier, mergeOption = "THREE_WAY_MERGE" }),
            await Call(server.Root, "DescribeMergeConflicts", new { request.repositoryName, request.sourceCommitSpecifier, request.destinationCommitSpecifier, mergeOption = "THREE_WAY_MERGE", filePath = "far.txt" }),
            await Call(server.Root, "MergeBranchesByThreeWay", request),
            await Call(server.Root, "MergeBranchesBySquash", request),
        };
        (await Call(server.Root, "CreateBranch", new { repositoryName = repository.Name, branchName = "behind", commitId = baseCommit })).Ok();
        var fastForward = (await Call(server.Root, "MergeBranchesByFastForward", new { repositoryName = repository.Name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "behind" })).Ok();

        // Assert
        foreach (var refused in refusals)
        {
            var error = refused.Failed();
            Assert.Equal(("TipsDivergenceExceededException", 400), (error.Code, error.Status));
            Assert.Contains("more than 10000 commits", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(await git.OkAsync(clone, "rev-parse", "feature"), (string)fastForward["commitId"]);
        Assert.Equal(await git.OkAsync(clone, "rev-parse", "main"), (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
    }
}
