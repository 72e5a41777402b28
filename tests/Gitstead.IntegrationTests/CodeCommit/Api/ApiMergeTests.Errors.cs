using System.Collections.Concurrent;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>The modelled errors of the merge operations, raised where the CodeCommit API reference raises them, and main never moved.</summary>
public abstract partial class ApiMergeTests<TServer>
{
    private static readonly ConcurrentDictionary<GitsteadServer, Lazy<Task<(Scenario Scenario, GitClient Git)>>> s_errorScenarios = new();

    [Theory]
    [InlineData("GetMergeOptions", "missing-repository", "RepositoryDoesNotExistException")]
    [InlineData("GetMergeOptions", "missing-commit", "CommitDoesNotExistException")]
    [InlineData("GetMergeOptions", "bad-commit", "InvalidCommitException")]
    [InlineData("GetMergeOptions", "bad-level", "InvalidConflictDetailLevelException")]
    [InlineData("GetMergeOptions", "bad-strategy", "InvalidConflictResolutionStrategyException")]
    [InlineData("GetMergeCommit", "missing-commit", "CommitDoesNotExistException")]
    [InlineData("GetMergeConflicts", "bad-option", "InvalidMergeOptionException")]
    [InlineData("GetMergeConflicts", "bad-token", "InvalidContinuationTokenException")]
    [InlineData("GetMergeConflicts", "zero-files", "InvalidMaxConflictFilesException")]
    [InlineData("DescribeMergeConflicts", "not-conflicted", "FileDoesNotExistException")]
    [InlineData("DescribeMergeConflicts", "zero-hunks", "InvalidMaxMergeHunksException")]
    [InlineData("BatchDescribeMergeConflicts", "bad-level", "InvalidConflictDetailLevelException")]
    [InlineData("CreateUnreferencedMergeCommit", "bad-option", "InvalidMergeOptionException")]
    [InlineData("MergeBranchesByFastForward", "divergent", "ManualMergeRequiredException")]
    [InlineData("MergeBranchesByThreeWay", "conflict", "ManualMergeRequiredException")]
    [InlineData("MergeBranchesByThreeWay", "commit-destination", "InvalidTargetBranchException")]
    [InlineData("MergeBranchesByThreeWay", "missing-target", "BranchDoesNotExistException")]
    [InlineData("MergeBranchesByThreeWay", "tag-target", "BranchNameIsTagNameException")]
    [InlineData("MergeBranchesBySquash", "twice", "MultipleConflictResolutionEntriesException")]
    [InlineData("MergeBranchesBySquash", "no-content", "ReplacementContentRequiredException")]
    [InlineData("MergeBranchesBySquash", "bad-type", "InvalidReplacementTypeException")]
    [InlineData("MergeBranchesBySquash", "too-many", "MaximumConflictResolutionEntriesExceededException")]
    [InlineData("MergeBranchesBySquash", "too-large", "FileContentSizeLimitExceededException")]
    [InlineData("MergeBranchesBySquash", "not-a-conflict", "InvalidConflictResolutionException")]
    public async Task Merge_RefusedRequest_ModelledErrorAndMainStays(string operation, string condition, string code)
    {
        // Arrange
        var (s, git) = await s_errorScenarios.GetOrAdd(server, _ => new Lazy<Task<(Scenario, GitClient)>>(async () =>
        {
            var client = new GitClient(server); // lives as long as the class fixture's server
            return (await ScenarioAsync(client, "merge-errors", lineConflict: true), client);
        })).Value;
        var parameters = ErrorRequest(s, operation, condition);

        // Act
        var error = (await Call(server.Root, operation, parameters)).Failed();

        // Assert
        Assert.Equal((code, 400), (error.Code, error.Status));
        Assert.Equal(s.Main, (await git.ServerRefsAsync(server, s.Repository))["refs/heads/main"]);
    }

    private static Dictionary<string, object> ErrorRequest(Scenario s, string operation, string condition)
    {
        var request = new Dictionary<string, object>
        {
            ["repositoryName"] = s.Name,
            ["sourceCommitSpecifier"] = "feature",
            ["destinationCommitSpecifier"] = "main",
        };
        if (operation is "GetMergeConflicts" or "DescribeMergeConflicts" or "BatchDescribeMergeConflicts" or "CreateUnreferencedMergeCommit")
        {
            request["mergeOption"] = condition == "bad-option" ? "REBASE_MERGE" : "THREE_WAY_MERGE";
        }

        if (operation == "DescribeMergeConflicts")
        {
            request["filePath"] = condition == "not-conflicted" ? "d.txt" : "c.txt";
        }

        var resolve = (object entry) => request["conflictResolution"] = new { replaceContents = new[] { entry } };
        _ = condition switch
        {
            "missing-repository" => request["repositoryName"] = "no-such-repository",
            "missing-commit" => request["sourceCommitSpecifier"] = "no-such-branch",
            "bad-commit" => request["sourceCommitSpecifier"] = "feature~1",
            "bad-level" => request["conflictDetailLevel"] = "WORD_LEVEL",
            "bad-strategy" => request["conflictResolutionStrategy"] = "ACCEPT_BOTH",
            "bad-token" => request["nextToken"] = "not-a-token",
            "zero-files" => request["maxConflictFiles"] = 0,
            "zero-hunks" => request["maxMergeHunks"] = 0,
            "divergent" or "bad-option" or "not-conflicted" => request,
            "conflict" => request["conflictDetailLevel"] = "LINE_LEVEL",
            "commit-destination" => request["destinationCommitSpecifier"] = s.Main,
            "missing-target" => request["targetBranch"] = "no-such-branch",
            "tag-target" => request["targetBranch"] = "v1",
            "twice" => request["conflictResolution"] = new
            {
                replaceContents = new[] { new { filePath = "c.txt", replacementType = "KEEP_SOURCE" } },
                deleteFiles = new[] { new { filePath = "c.txt" } },
            },
            "no-content" => resolve(new { filePath = "c.txt", replacementType = "USE_NEW_CONTENT" }),
            "bad-type" => resolve(new { filePath = "c.txt", replacementType = "KEEP_BOTH" }),
            "too-many" => request["conflictResolution"] = new { deleteFiles = Enumerable.Range(0, 101).Select(i => new { filePath = $"f{i}.txt" }).ToArray() },
            "too-large" => resolve(new
            {
                filePath = "c.txt",
                replacementType = "USE_NEW_CONTENT",
                content = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(new byte[(6 * 1024 * 1024) + 1]) },
            }),
            "not-a-conflict" => resolve(new { filePath = "d.txt", replacementType = "KEEP_SOURCE" }),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
        };
        return request;
    }
}
