using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// The merge operations called with boto3 and the aws CLI on branches pushed with the real git,
/// cross-checked with <c>git merge</c> in a clone: a fast-forward moves the branch to the source
/// tip, a squash makes one commit with <c>git merge --squash</c>'s tree, a three-way merge a
/// two-parent commit with <c>git merge --no-ff</c>'s tree (with <c>-X theirs</c>/<c>-X ours</c> for
/// ACCEPT_SOURCE/ACCEPT_DESTINATION), and the server's repository passes <c>git fsck --strict</c>.
/// </summary>
public abstract partial class ApiMergeTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task FastForwardableBranch_EveryOptionOffered_AndTheCliFastForwardMovesMainToTheSourceTip()
    {
        // Arrange
        using var git = new GitClient(server);
        var s = await ScenarioAsync(git, "ff", lineConflict: false);

        // Act
        var options = (await Call(server.Root, "GetMergeOptions", new { repositoryName = s.Name, sourceCommitSpecifier = "ff", destinationCommitSpecifier = "main" })).Ok();
        var merged = (await server.RunAwsAsync(server.Root, "codecommit", "merge-branches-by-fast-forward", "--repository-name", s.Name,
            "--source-commit-specifier", "ff", "--destination-commit-specifier", "main")).Ok();

        // Assert
        Assert.Equal(["FAST_FORWARD_MERGE", "SQUASH_MERGE", "THREE_WAY_MERGE"], options["mergeOptions"]!.AsArray().Select(o => (string)o!));
        Assert.Equal((s.Ff, s.Main, s.Main), ((string)options["sourceCommitId"], (string)options["destinationCommitId"], (string)options["baseCommitId"]));
        Assert.Equal((s.Ff, await git.OkAsync(s.Work, "rev-parse", "ff^{tree}")), ((string)merged["commitId"], (string)merged["treeId"]));
        Assert.Equal(s.Ff, (await git.ServerRefsAsync(server, s.Repository))["refs/heads/main"]);
    }

    [Fact]
    public async Task DivergentBranchesWithoutLineConflict_SquashAndThreeWayTreesAreGitMerges()
    {
        // Arrange: both sides changed a.txt (other lines), so only FILE_LEVEL calls it a conflict.
        using var git = new GitClient(server);
        var s = await ScenarioAsync(git, "clean", lineConflict: false);
        (await Call(server.Root, "CreateBranch", new { repositoryName = s.Name, branchName = "squashed", commitId = s.Main })).Ok();

        // Act
        var fileLevel = (await Call(server.Root, "GetMergeOptions", new { repositoryName = s.Name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "main" })).Ok();
        var lineLevel = (await Call(server.Root, "GetMergeOptions", new
        {
            repositoryName = s.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            conflictDetailLevel = "LINE_LEVEL",
        })).Ok();
        var refused = await Call(server.Root, "MergeBranchesByThreeWay", new { repositoryName = s.Name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "main" });
        var squash = (await Call(server.Root, "MergeBranchesBySquash", new
        {
            repositoryName = s.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "squashed",
            conflictDetailLevel = "LINE_LEVEL",
            authorName = "Ada",
            email = "ada@example.com",
            commitMessage = "Squashed feature",
        })).Ok();
        var threeWay = (await Call(server.Root, "MergeBranchesByThreeWay", new
        {
            repositoryName = s.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            conflictResolutionStrategy = "AUTOMERGE",
        })).Ok();
        var mergeCommit = (await Call(server.Root, "GetMergeCommit", new { repositoryName = s.Name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "main" })).Ok();

        // Assert
        Assert.Equal([], fileLevel["mergeOptions"]!.AsArray().Select(o => (string)o!));
        Assert.Equal(["SQUASH_MERGE", "THREE_WAY_MERGE"], lineLevel["mergeOptions"]!.AsArray().Select(o => (string)o!));
        Assert.Equal("ManualMergeRequiredException", refused.Failed().Code);
        await FetchAsync(git, s);
        Assert.Equal(await GitMergeTreeAsync(git, s, "--squash"), (string)squash["treeId"]);
        Assert.Equal($"{s.Main}|Ada|ada@example.com|Squashed feature", await git.OkAsync(s.Work, "log", "-1", "--format=%P|%an|%ae|%B", "origin/squashed"));
        Assert.Equal(await GitMergeTreeAsync(git, s, "--no-ff"), (string)threeWay["treeId"]);
        Assert.Equal($"{s.Main} {s.Feature}", await git.OkAsync(s.Work, "log", "-1", "--format=%P", (string)threeWay["commitId"]));
        Assert.Equal((string)threeWay["commitId"], (await git.ServerRefsAsync(server, s.Repository))["refs/heads/main"]);
        Assert.Equal(((string)threeWay["commitId"], s.Feature), ((string)mergeCommit["mergedCommitId"], (string)mergeCommit["baseCommitId"]));
        (await git.FsckAsync(server, s.Repository)).Ok();
    }

    [Fact]
    public async Task LineConflict_ReportedFileByFileAndHunkByHunk_AndAMergeNeedsAResolution()
    {
        // Arrange
        using var git = new GitClient(server);
        var s = await ScenarioAsync(git, "conflict", lineConflict: true);
        var request = new { repositoryName = s.Name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "main", mergeOption = "THREE_WAY_MERGE" };

        // Act
        var fileLevel = (await Call(server.Root, "GetMergeConflicts", request)).Ok();
        var lineLevel = (await Call(server.Root, "GetMergeConflicts", new
        {
            request.repositoryName,
            request.sourceCommitSpecifier,
            request.destinationCommitSpecifier,
            request.mergeOption,
            conflictDetailLevel = "LINE_LEVEL",
        })).Ok();
        var firstPage = (await Call(server.Root, "GetMergeConflicts", new
        {
            request.repositoryName,
            request.sourceCommitSpecifier,
            request.destinationCommitSpecifier,
            request.mergeOption,
            maxConflictFiles = 1,
        })).Ok();
        var secondPage = (await Call(server.Root, "GetMergeConflicts", new
        {
            request.repositoryName,
            request.sourceCommitSpecifier,
            request.destinationCommitSpecifier,
            request.mergeOption,
            maxConflictFiles = 1,
            nextToken = (string)firstPage["nextToken"],
        })).Ok();
        var described = (await Call(server.Root, "DescribeMergeConflicts", new
        {
            request.repositoryName,
            request.sourceCommitSpecifier,
            request.destinationCommitSpecifier,
            request.mergeOption,
            filePath = "c.txt",
        })).Ok();
        var batch = (await Call(server.Root, "BatchDescribeMergeConflicts", new
        {
            request.repositoryName,
            request.sourceCommitSpecifier,
            request.destinationCommitSpecifier,
            request.mergeOption,
            conflictDetailLevel = "LINE_LEVEL",
            filePaths = new[] { "c.txt", "d.txt" },
        })).Ok();
        var automerge = await Call(server.Root, "MergeBranchesByThreeWay", new
        {
            request.repositoryName,
            request.sourceCommitSpecifier,
            request.destinationCommitSpecifier,
            conflictResolutionStrategy = "AUTOMERGE",
        });

        // Assert
        Assert.False((bool)fileLevel["mergeable"]!);
        Assert.Equal(["a.txt", "c.txt"], Paths(fileLevel["conflictMetadataList"]));
        Assert.Equal(["c.txt"], Paths(lineLevel["conflictMetadataList"]));
        Assert.Equal(["a.txt", "c.txt"], [.. Paths(firstPage["conflictMetadataList"]), .. Paths(secondPage["conflictMetadataList"])]);
        Assert.Null(secondPage["nextToken"]);
        var metadata = described["conflictMetadata"]!;
        Assert.Equal((1, true, false, false), ((int)metadata["numberOfConflicts"]!, (bool)metadata["contentConflict"]!, (bool)metadata["fileModeConflict"]!, (bool)metadata["objectTypeConflict"]!));
        Assert.Equal("""{"source":9,"destination":7,"base":2}""", metadata["fileSizes"]!.ToJsonString());
        Assert.Equal("""{"source":"M","destination":"M"}""", metadata["mergeOperations"]!.ToJsonString());
        Assert.Equal("""{"source":"FILE","destination":"FILE","base":"FILE"}""", metadata["objectTypes"]!.ToJsonString());
        var hunk = Assert.Single(described["mergeHunks"]!.AsArray())!;
        Assert.True((bool)hunk["isConflict"]!);
        Assert.Equal((1, 1, "c-source\n"), ((int)hunk["source"]!["startLine"]!, (int)hunk["source"]!["endLine"]!, Content(hunk["source"]!)));
        Assert.Equal((1, 1, "c-dest\n"), ((int)hunk["destination"]!["startLine"]!, (int)hunk["destination"]!["endLine"]!, Content(hunk["destination"]!)));
        Assert.Equal((1, 1, "c\n"), ((int)hunk["base"]!["startLine"]!, (int)hunk["base"]!["endLine"]!, Content(hunk["base"]!)));
        Assert.Equal(["c.txt"], batch["conflicts"]!.AsArray().Select(c => (string)c!["conflictMetadata"]!["filePath"]));
        Assert.Equal("d.txt FileDoesNotExistException", string.Join(',', batch["errors"]!.AsArray().Select(e => $"{(string)e!["filePath"]} {(string)e["exceptionName"]}")));
        Assert.Equal("ManualMergeRequiredException", automerge.Failed().Code);
        Assert.Equal(s.Main, (await git.ServerRefsAsync(server, s.Repository))["refs/heads/main"]);
    }

    [Fact]
    public async Task LineConflict_AcceptSourceAndAcceptDestination_AreGitMergeWithTheirsAndOurs()
    {
        // Arrange
        using var git = new GitClient(server);
        var s = await ScenarioAsync(git, "accept", lineConflict: true);
        (await Call(server.Root, "CreateBranch", new { repositoryName = s.Name, branchName = "ours", commitId = s.Main })).Ok();

        // Act
        var theirs = (await Call(server.Root, "MergeBranchesByThreeWay", new
        {
            repositoryName = s.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            conflictResolutionStrategy = "ACCEPT_SOURCE",
        })).Ok();
        var ours = (await Call(server.Root, "MergeBranchesBySquash", new
        {
            repositoryName = s.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "ours",
            conflictResolutionStrategy = "ACCEPT_DESTINATION",
        })).Ok();

        // Assert: the same trees as git's, and file by file what each side should have won.
        await FetchAsync(git, s);
        Assert.Equal(await GitMergeTreeAsync(git, s, "--no-ff", "-X", "theirs"), (string)theirs["treeId"]);
        Assert.Equal(await GitMergeTreeAsync(git, s, "--squash", "-X", "ours"), (string)ours["treeId"]);
        string[] nine = ["1", "two-source", "3", "4", "5", "6", "7", "eight-dest", "9"];
        foreach (var (commit, c) in new[] { ((string)theirs["commitId"], "c-source"), ((string)ours["commitId"], "c-dest") })
        {
            Assert.Equal(c, await git.OkAsync(s.Work, "show", $"{commit}:c.txt"));
            Assert.Equal(string.Join('\n', nine), await git.OkAsync(s.Work, "show", $"{commit}:a.txt"));
            Assert.Equal(["a.txt", "c.txt", "d.txt", "file-1.txt", "s.txt"], (await git.OkAsync(s.Work, "ls-tree", "--name-only", commit)).Split('\n'));
        }

        (await git.FsckAsync(server, s.Repository)).Ok();
    }

    [Fact]
    public async Task LineConflict_ExplicitResolution_CommitsTheGivenContentModeAndDeletion()
    {
        // Arrange
        using var git = new GitClient(server);
        var s = await ScenarioAsync(git, "resolve", lineConflict: true);
        await git.OkAsync(s.Work, "checkout", "-q", "feature");
        var feature = await git.CommitAsync(s.Work, "docs/n.txt", "source\n", "add docs/n.txt");
        await git.OkAsync(s.Work, "checkout", "-q", "main");
        var main = await git.CommitAsync(s.Work, "docs/n.txt", "destination\n", "add docs/n.txt too");
        (await git.RunAsync(s.Work, [.. s.Login, "push", "-q", "origin", "main", "feature"])).Ok();

        // Act: FILE_LEVEL puts a.txt in conflict too; it keeps the source's version. Deleting the
        // add/add conflict docs/n.txt empties docs/, which keepEmptyFolders keeps.
        var unreferenced = (await Call(server.Root, "CreateUnreferencedMergeCommit", new
        {
            repositoryName = s.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            mergeOption = "THREE_WAY_MERGE",
            conflictResolution = new
            {
                replaceContents = new object[]
                {
                    new { filePath = "c.txt", replacementType = "USE_NEW_CONTENT", content = Blob("resolved\n"), fileMode = "EXECUTABLE" },
                    new { filePath = "a.txt", replacementType = "KEEP_SOURCE" },
                    new { filePath = "docs/n.txt", replacementType = "KEEP_DESTINATION" },
                },
            },
        })).Ok();
        var merged = (await Call(server.Root, "MergeBranchesByThreeWay", new
        {
            repositoryName = s.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            conflictDetailLevel = "LINE_LEVEL",
            keepEmptyFolders = true,
            conflictResolution = new { deleteFiles = new[] { new { filePath = "c.txt" }, new { filePath = "docs/n.txt" } } },
        })).Ok();

        // Assert
        await FetchAsync(git, s);
        var commit = (string)unreferenced["commitId"];
        var bare = server.BareRepository(s.Repository.RepositoryId); // no branch leads a clone to the unreferenced commit
        Assert.Equal("resolved", await git.OkAsync(bare, "show", $"{commit}:c.txt"));
        Assert.Equal("100755", (await git.OkAsync(bare, "ls-tree", commit, "c.txt")).Split(' ')[0]);
        Assert.Equal(await git.OkAsync(bare, "rev-parse", "feature:a.txt"), await git.OkAsync(bare, "rev-parse", $"{commit}:a.txt"));
        Assert.Equal("destination", await git.OkAsync(bare, "show", $"{commit}:docs/n.txt"));
        Assert.Equal($"{main} {feature}", await git.OkAsync(bare, "log", "-1", "--format=%P", commit));
        Assert.Equal(["a.txt", "d.txt", "docs/.gitkeep", "file-1.txt", "s.txt"], (await git.OkAsync(s.Work, "ls-tree", "-r", "--name-only", "origin/main")).Split('\n'));
        Assert.Equal((string)merged["commitId"], await git.OkAsync(s.Work, "rev-parse", "origin/main"));
        (await git.FsckAsync(server, s.Repository)).Ok();
    }

    [Fact]
    public async Task CodeCommitReferencesDenyOnMain_BlocksMergesIntoMainButNotIntoAnotherBranch()
    {
        // Arrange: AWS's "deny pushes and merges to main" policy.
        using var git = new GitClient(server);
        var s = await ScenarioAsync(git, "guarded", lineConflict: false);
        (await Call(server.Root, "CreateBranch", new { repositoryName = s.Name, branchName = "other", commitId = s.Main })).Ok();
        var (user, _) = await server.NewGitUserAsync("merger", GitSteps.PowerUser);
        (await server.RunAwsAsync(server.Root, "iam", "put-user-policy", "--user-name", user, "--policy-name", "DenyMergesToMain",
            "--policy-document", DenyMain(s.Name))).Ok();
        var developer = await server.CreateAccessKeyAsync(user);
        var into = (string branch) => new { repositoryName = s.Name, sourceCommitSpecifier = "ff", destinationCommitSpecifier = branch };

        // Act
        var refused = new[]
        {
            (await Call(developer, "MergeBranchesByFastForward", into("main")), "MergeBranchesByFastForward"),
            (await Call(developer, "MergeBranchesBySquash", into("main")), "MergeBranchesBySquash"),
            (await Call(developer, "MergeBranchesByThreeWay", into("main")), "MergeBranchesByThreeWay"),
        };
        var allowed = await Call(developer, "MergeBranchesByFastForward", into("other"));

        // Assert
        foreach (var (result, action) in refused)
        {
            var error = result.Failed();
            Assert.Equal("AccessDeniedException", error.Code);
            Assert.Contains($"codecommit:{action}", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(s.Ff, (string)allowed.Ok()["commitId"]);
        Assert.Equal(s.Main, (await git.ServerRefsAsync(server, s.Repository))["refs/heads/main"]);
    }

    [Fact]
    public async Task ThreeWayMergeRacingAGitPush_NeitherIsLost_AndALosingMergeIsToldWhy()
    {
        // Arrange
        using var git = new GitClient(server);
        var s = await ScenarioAsync(git, "merge-race", lineConflict: false);
        int[] apiDelays = [0, 60, 250];

        foreach (var (delay, round) in apiDelays.Select((d, i) => (d, i)))
        {
            await git.OkAsync(s.Work, "checkout", "-q", "feature");
            await git.CommitAsync(s.Work, $"feature-{round}.txt", $"feature {round}\n", $"feature {round}");
            (await git.RunAsync(s.Work, [.. s.Login, "push", "-q", "origin", "feature"])).Ok();
            await git.OkAsync(s.Work, "checkout", "-q", "-B", "main", "origin/main");
            var pushed = await git.CommitAsync(s.Work, $"main-{round}.txt", $"main {round}\n", $"main {round}");

            // Act: both start from the same tip at the same time.
            var push = git.RunAsync(s.Work, [.. s.Login, "push", "origin", "HEAD:main"]);
            var merge = MergeAfterAsync(delay, s.Name);
            await Task.WhenAll(push, merge);

            // Assert: whatever won, nothing that succeeded is lost, and a refused merge says why.
            var serverMain = (await git.ServerRefsAsync(server, s.Repository))["refs/heads/main"];
            (await git.RunAsync(s.Work, [.. s.Login, "fetch", "-q", "origin"])).Ok();
            if ((await push).Succeeded)
            {
                Assert.True((await git.RunAsync(s.Work, "merge-base", "--is-ancestor", pushed, serverMain)).Succeeded);
            }

            var result = await merge;
            if (result.Succeeded)
            {
                Assert.Equal((string)result.Ok()["commitId"], serverMain);
            }
            else
            {
                Assert.Equal("ConcurrentReferenceUpdateException", result.Failed().Code);
                Assert.Equal(pushed, serverMain);
            }
        }

        (await git.FsckAsync(server, s.Repository)).Ok();
    }

    private async Task<BotoResult> MergeAfterAsync(int delay, string repositoryName)
    {
        await Task.Delay(delay);
        return await Call(server.Root, "MergeBranchesByThreeWay", new
        {
            repositoryName,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            conflictDetailLevel = "LINE_LEVEL",
        });
    }

    private Task<BotoResult> Call(Credentials caller, string operation, object parameters) =>
        server.Boto3Async(caller, "codecommit", operation, parameters);

    private static Dictionary<string, string> Blob(string text) => new() { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) };

    private static List<string> Paths(JsonNode? list) => [.. list!.AsArray().Select(c => (string)c!["filePath"]!)];

    private static Task FetchAsync(GitClient git, Scenario s) => git.RunAsync(s.Work, [.. s.Login, "fetch", "-q", "origin"]);

    /// <summary>The tree <c>git merge ARGS feature</c> makes on main in the clone (squash: the index's tree).</summary>
    private static async Task<string> GitMergeTreeAsync(GitClient git, Scenario s, params string[] args)
    {
        await git.OkAsync(s.Work, "checkout", "-q", "-B", "check", s.Main);
        await git.OkAsync(s.Work, ["merge", "-q", "-m", "check", .. args, s.Feature]);
        var tree = args.Contains("--squash") ? await git.OkAsync(s.Work, "write-tree") : await git.OkAsync(s.Work, "rev-parse", "HEAD^{tree}");
        await git.OkAsync(s.Work, "reset", "-q", "--hard");
        return tree;
    }

    /// <summary>
    /// main and feature diverge from a base: each changes another line of a.txt and adds a file
    /// (d.txt on main, s.txt on feature); with <paramref name="lineConflict"/> both change c.txt's
    /// one line. ff is main plus one commit, and tag v1 marks the base.
    /// </summary>
    private async Task<Scenario> ScenarioAsync(GitClient git, string prefix, bool lineConflict)
    {
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, prefix, commits: 1);
        string[] nine = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
        await git.OkAsync(clone, "checkout", "-q", "-B", "main");
        await File.WriteAllTextAsync(Path.Combine(clone, "a.txt"), string.Join('\n', nine) + "\n");
        await git.OkAsync(clone, "add", "a.txt");
        await git.CommitAsync(clone, "c.txt", "c\n", "base");
        await git.OkAsync(clone, "tag", "v1");
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        await File.WriteAllTextAsync(Path.Combine(clone, "a.txt"), string.Join('\n', nine.Select(l => l == "2" ? "two-source" : l)) + "\n");
        await git.OkAsync(clone, "add", "a.txt");
        if (lineConflict)
        {
            await File.WriteAllTextAsync(Path.Combine(clone, "c.txt"), "c-source\n");
            await git.OkAsync(clone, "add", "c.txt");
        }

        var feature = await git.CommitAsync(clone, "s.txt", "source\n", "feature");
        await git.OkAsync(clone, "checkout", "-q", "main");
        await File.WriteAllTextAsync(Path.Combine(clone, "a.txt"), string.Join('\n', nine.Select(l => l == "8" ? "eight-dest" : l)) + "\n");
        await git.OkAsync(clone, "add", "a.txt");
        if (lineConflict)
        {
            await File.WriteAllTextAsync(Path.Combine(clone, "c.txt"), "c-dest\n");
            await git.OkAsync(clone, "add", "c.txt");
        }

        var main = await git.CommitAsync(clone, "d.txt", "destination\n", "main");
        await git.OkAsync(clone, "checkout", "-q", "-b", "ff");
        var ff = await git.CommitAsync(clone, "f.txt", "fast\n", "ff");
        await git.OkAsync(clone, "checkout", "-q", "main");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "main", "feature", "ff", "v1"])).Ok();
        return new Scenario(repository, login, clone, main, feature, ff);
    }

    /// <summary>The user guide's policy that denies pushes and merges to main.</summary>
    private string DenyMain(string repositoryName) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Deny",
            ["Action"] = new JsonArray("codecommit:GitPush", "codecommit:MergeBranchesByFastForward", "codecommit:MergeBranchesBySquash", "codecommit:MergeBranchesByThreeWay"),
            ["Resource"] = $"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repositoryName}",
            ["Condition"] = new JsonObject
            {
                ["StringEqualsIfExists"] = new JsonObject { ["codecommit:References"] = new JsonArray("refs/heads/main") },
                ["Null"] = new JsonObject { ["codecommit:References"] = "false" },
            },
        }),
    }.ToJsonString();

    private sealed record Scenario(GitRepository Repository, string[] Login, string Work, string Main, string Feature, string Ff)
    {
        public string Name => Repository.Name;
    }
}

// On the embedded store only: the merges are git's work on the repository's files, and the store's part (finding the repository,
// authorizing the caller) runs on PostgreSQL in ApiRepositoryLifecycle, ApiAuthorization and the other API classes.
public sealed class ApiMergeOnSqlite(SqliteServer server) : ApiMergeTests<SqliteServer>(server);
