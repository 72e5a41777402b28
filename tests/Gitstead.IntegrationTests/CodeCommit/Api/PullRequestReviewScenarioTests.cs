using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// A pull request review from start to end with the real clients: an approval rule template
/// (two approvals from reviewer-* on main) associated with a repository, an author who pushes
/// with the real git over HTTPS and opens the pull request with the aws CLI, reviewers and an
/// outsider who approve with boto3, a push that starts a new revision, the merge refused until
/// two pool members approve it, and then the merge by each strategy, whose result in a fresh
/// clone is what git's own merge of the same commits gives.
/// </summary>
public abstract class PullRequestReviewScenarioTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Theory]
    [InlineData("MergePullRequestByFastForward", "FAST_FORWARD_MERGE")]
    [InlineData("MergePullRequestBySquash", "SQUASH_MERGE")]
    [InlineData("MergePullRequestByThreeWay", "THREE_WAY_MERGE")]
    public async Task APullRequest_NeedsTwoPoolApprovalsOfItsLatestRevision_ThenMergesAsGitWould(string operation, string mergeOption)
    {
        // Arrange: the root's repository and template; the author, two reviewers and an outsider.
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("review");
        var template = GitsteadServer.UniqueName("two-reviewers");
        (await server.RunAwsAsync(server.Root, "codecommit", "create-approval-rule-template", "--approval-rule-template-name", template,
            "--approval-rule-template-content", TemplateContent())).Ok();
        (await server.RunAwsAsync(server.Root, "codecommit", "associate-approval-rule-template-with-repository",
            "--approval-rule-template-name", template, "--repository-name", repository.Name)).Ok();
        var (authorName, login) = await server.NewGitUserAsync("author", GitSteps.PowerUser);
        var author = (Keys: await server.CreateAccessKeyAsync(authorName), Arn: $"arn:aws:iam::{server.AccountId}:user/{authorName}");
        var reviewer1 = await UserAsync("reviewer");
        var reviewer2 = await UserAsync("reviewer");
        var outsider = await UserAsync("outsider");

        // The author's history: main, then feature one commit ahead, pushed with git.
        var gitLogin = git.LoginWith(login, repository.CloneUrl);
        var clone = git.NewPath("author");
        (await git.RunAsync(git.Root, [.. gitLogin, "clone", "-q", repository.CloneUrl, clone])).Ok();
        await git.OkAsync(clone, "symbolic-ref", "HEAD", "refs/heads/main");
        var mainTip = await git.CommitAsync(clone, "a.txt", "a\n", "Add a");
        (await git.RunAsync(clone, [.. gitLogin, "push", "-q", "origin", "main"])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        await git.CommitAsync(clone, "b.txt", "b\n", "Add b");
        (await git.RunAsync(clone, [.. gitLogin, "push", "-q", "origin", "feature"])).Ok();

        // Act: the author opens the pull request; for squash and three-way main moves meanwhile.
        var created = (await server.RunAwsAsync(author.Keys, "codecommit", "create-pull-request", "--title", "Add b",
            "--targets", $"repositoryName={repository.Name},sourceReference=feature,destinationReference=main")).Ok()["pullRequest"]!;
        var id = (string)created["pullRequestId"]!;
        if (mergeOption != "FAST_FORWARD_MERGE")
        {
            await git.OkAsync(clone, "checkout", "-q", "main");
            mainTip = await git.CommitAsync(clone, "m.txt", "m\n", "Add m");
            (await git.RunAsync(clone, [.. gitLogin, "push", "-q", "origin", "main"])).Ok();
            await git.OkAsync(clone, "checkout", "-q", "feature");
        }

        var first = await RevisionAsync(id);
        await ApproveAsync(reviewer1.Keys, id, first);
        var firstStates = await ApprovalStatesAsync(id, first);
        var featureTip = await git.CommitAsync(clone, "c.txt", "c\n", "Add c");
        (await git.RunAsync(clone, [.. gitLogin, "push", "-q", "origin", "feature"])).Ok();
        var afterPush = (await Call(author.Keys, "GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!;
        var second = (string)afterPush["revisionId"]!;
        var secondStatesBefore = await ApprovalStatesAsync(id, second);
        var restarted = await EvaluateAsync(id, second);
        await ApproveAsync(reviewer1.Keys, id, second);
        await ApproveAsync(outsider.Keys, id, second);
        var oneReviewer = await EvaluateAsync(id, second);
        var refused = (await Call(author.Keys, operation, new { pullRequestId = id, repositoryName = repository.Name, sourceCommitId = featureTip })).Failed();
        await ApproveAsync(reviewer2.Keys, id, second);
        var twoReviewers = await EvaluateAsync(id, second);
        var merged = (await Call(author.Keys, operation, new { pullRequestId = id, repositoryName = repository.Name, sourceCommitId = featureTip })).Ok()["pullRequest"]!;
        var got = (await Call(server.Root, "GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!;

        // What git itself makes of the same commits, in the author's clone, and what a fresh clone has.
        var expectedTree = await LocalMergeTreeAsync(git, clone, mainTip, mergeOption);
        var fresh = git.NewPath("fresh");
        (await git.RunAsync(git.Root, [.. gitLogin, "clone", "-q", repository.CloneUrl, fresh])).Ok();
        var mergedTree = await git.OkAsync(fresh, "rev-parse", "origin/main^{tree}");
        var mergedHead = await git.OkAsync(fresh, "rev-parse", "origin/main");
        var parents = (await git.OkAsync(fresh, "rev-list", "--parents", "-n", "1", "origin/main")).Split(' ')[1..];
        var files = (await git.OkAsync(fresh, "ls-tree", "-r", "--name-only", "origin/main")).Split('\n');

        // Assert: the template's rule is on the pull request the author opened.
        Assert.Equal((author.Arn, "OPEN"), ((string)created["authorArn"], (string)created["pullRequestStatus"]));
        var rule = Assert.Single(created["approvalRules"]!.AsArray())!;
        Assert.Equal((template, TemplateContent()), ((string)rule["originApprovalRuleTemplate"]!["approvalRuleTemplateName"], (string)rule["approvalRuleContent"]));

        // The push made a new revision, on which reviewer 1's approval no longer counts.
        Assert.Equal([(reviewer1.Arn, "APPROVE")], firstStates);
        Assert.NotEqual(first, second);
        Assert.Equal(featureTip, (string)afterPush["pullRequestTargets"]![0]!["sourceCommit"]);
        Assert.Empty(secondStatesBefore);
        Assert.False((bool)restarted["approved"]);
        Assert.Equal([template], restarted["approvalRulesNotSatisfied"]!.AsArray().Select(n => (string)n!));

        // The outsider's approval does not count; the second reviewer's does.
        Assert.False((bool)oneReviewer["approved"]);
        Assert.Equal([template], oneReviewer["approvalRulesNotSatisfied"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("PullRequestApprovalRulesNotSatisfiedException", refused.Code);
        Assert.True((bool)twoReviewers["approved"]);
        Assert.Equal([template], twoReviewers["approvalRulesSatisfied"]!.AsArray().Select(n => (string)n!));

        // The merge closed the pull request as merged by the author.
        foreach (var pullRequest in new[] { merged, got })
        {
            Assert.Equal("CLOSED", (string)pullRequest["pullRequestStatus"]);
            var metadata = pullRequest["pullRequestTargets"]![0]!["mergeMetadata"]!;
            Assert.Equal((true, author.Arn, mergeOption, mergedHead), ((bool)metadata["isMerged"], (string)metadata["mergedBy"], (string)metadata["mergeOption"], (string)metadata["mergeCommitId"]));
        }

        // main in a fresh clone is what git's merge gives, with the parents the strategy makes.
        Assert.Equal(expectedTree, mergedTree);
        string[] expectedFiles = mergeOption == "FAST_FORWARD_MERGE" ? ["a.txt", "b.txt", "c.txt"] : ["a.txt", "b.txt", "c.txt", "m.txt"];
        Assert.Equal(expectedFiles, files);
        switch (mergeOption)
        {
            case "FAST_FORWARD_MERGE":
                Assert.Equal(featureTip, mergedHead);
                break;
            case "SQUASH_MERGE":
                Assert.Equal([mainTip], parents);
                break;
            default:
                Assert.Equal([mainTip, featureTip], parents);
                break;
        }
    }

    /// <summary>The tree of git's own merge of feature into <paramref name="mainTip"/>, made on a scratch branch of the clone.</summary>
    private static async Task<string> LocalMergeTreeAsync(GitClient git, string clone, string mainTip, string mergeOption)
    {
        await git.OkAsync(clone, "checkout", "-q", "-b", "expected", mainTip);
        switch (mergeOption)
        {
            case "FAST_FORWARD_MERGE":
                await git.OkAsync(clone, "merge", "-q", "--ff-only", "feature");
                break;
            case "SQUASH_MERGE":
                await git.OkAsync(clone, "merge", "-q", "--squash", "feature");
                await git.OkAsync(clone, "commit", "-q", "-m", "Squashed feature");
                break;
            default:
                await git.OkAsync(clone, "merge", "-q", "--no-ff", "--no-edit", "feature");
                break;
        }

        return await git.OkAsync(clone, "rev-parse", "HEAD^{tree}");
    }

    /// <summary>Two approvals from users named reviewer-… of this account, on main only.</summary>
    private string TemplateContent() => new JsonObject
    {
        ["Version"] = "2018-11-08",
        ["DestinationReferences"] = new JsonArray("refs/heads/main"),
        ["Statements"] = new JsonArray(new JsonObject
        {
            ["Type"] = "Approvers",
            ["NumberOfApprovalsNeeded"] = 2,
            ["ApprovalPoolMembers"] = new JsonArray($"arn:aws:iam::{server.AccountId}:user/reviewer-*"),
        }),
    }.ToJsonString();

    /// <summary>A user named PREFIX-… with AWSCodeCommitPowerUser and an access key.</summary>
    private async Task<(Credentials Keys, string Arn)> UserAsync(string prefix)
    {
        var name = GitsteadServer.UniqueName(prefix);
        var arn = (string)(await server.CreateUserAsync(name))["Arn"]!;
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", name, "--policy-arn", GitSteps.PowerUser)).Ok();
        return (await server.CreateAccessKeyAsync(name), arn);
    }

    private async Task ApproveAsync(Credentials user, string id, string revision) =>
        (await Call(user, "UpdatePullRequestApprovalState", new { pullRequestId = id, revisionId = revision, approvalState = "APPROVE" })).Ok();

    private async Task<string> RevisionAsync(string id) =>
        (string)(await Call(server.Root, "GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!["revisionId"]!;

    private async Task<List<(string, string)>> ApprovalStatesAsync(string id, string revision) =>
        [.. (await Call(server.Root, "GetPullRequestApprovalStates", new { pullRequestId = id, revisionId = revision })).Ok()["approvals"]!.AsArray()
            .Select(a => ((string)a!["userArn"]!, (string)a["approvalState"]!))];

    private async Task<JsonNode> EvaluateAsync(string id, string revision) =>
        (await Call(server.Root, "EvaluatePullRequestApprovalRules", new { pullRequestId = id, revisionId = revision })).Ok()["evaluation"]!;

    private Task<BotoResult> Call(Credentials user, string operation, object parameters) => server.Boto3Async(user, "codecommit", operation, parameters);
}

public sealed class PullRequestReviewScenarioOnSqlite(SqliteServer server) : PullRequestReviewScenarioTests<SqliteServer>(server);

public sealed class PullRequestReviewScenarioOnPostgres(PostgresServer server) : PullRequestReviewScenarioTests<PostgresServer>(server);
