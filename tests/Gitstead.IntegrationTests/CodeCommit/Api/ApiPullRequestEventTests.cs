using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Pull request and comment events delivered as EventBridge's envelope to the targets configured
/// in <c>Gitstead:EventTargets</c>: a review from creation to merge with boto3 and a real git push,
/// each event once, in order, with CodeCommit's fields, and the detail-type, account and region
/// filters of the targets.
/// </summary>
public abstract class ApiPullRequestEventTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer, IEventServer
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AReviewFromCreationToMerge_SendsEachEventOnce_ToTheTargetsWhoseFiltersMatch()
    {
        // Arrange
        await server.Events.ConfigureAsync();
        using var all = new TriggerReceiver(server.Events.AllPort, "all");
        using var comments = new TriggerReceiver(server.Events.CommentsPort, "comments");
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "prevents", commits: 1);
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        await git.CommitAsync(clone, "f.txt", "one\n", "feature one");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "feature"])).Ok();
        var (pusher, pusherLogin) = await server.NewGitUserAsync("evpusher", GitSteps.PowerUser);
        var pusherArn = $"arn:aws:iam::{server.AccountId}:user/{pusher}";
        var reviewerName = GitsteadServer.UniqueName("evreviewer");
        var reviewerArn = (string)(await server.CreateUserAsync(reviewerName))["Arn"]!;
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", reviewerName, "--policy-arn", GitSteps.PowerUser)).Ok();
        var reviewer = await server.CreateAccessKeyAsync(reviewerName);
        var rootArn = $"arn:aws:iam::{server.AccountId}:root";
        var repositoryArn = $"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name}";

        // Act: every step waits for its event, so the next step cannot overtake it
        var pr = (await Call(server.Root, "CreatePullRequest", new { title = "Evented", description = "Sends events", targets = new[] { new { repositoryName = repository.Name, sourceReference = "feature", destinationReference = "main" } } })).Ok()["pullRequest"]!;
        var id = (string)pr["pullRequestId"]!;
        var created = await NextAsync(all);
        var second = await git.CommitAsync(clone, "f.txt", "two\n", "feature two");
        (await git.RunAsync(clone, [.. git.LoginWith(pusherLogin, repository.CloneUrl), "push", "-q", "origin", "feature"])).Ok();
        var sourceUpdated = await NextAsync(all);
        var revision = (string)(await Call(server.Root, "GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!["revisionId"]!;
        (await Call(reviewer, "UpdatePullRequestApprovalState", new { pullRequestId = id, revisionId = revision, approvalState = "APPROVE" })).Ok();
        var approved = await NextAsync(all);
        (await Call(server.Root, "CreatePullRequestApprovalRule", new { pullRequestId = id, approvalRuleName = "Two", approvalRuleContent = "{\"Version\":\"2018-11-08\",\"Statements\":[{\"Type\":\"Approvers\",\"NumberOfApprovalsNeeded\":2}]}" })).Ok();
        var ruleCreated = await NextAsync(all);
        (await Call(server.Root, "OverridePullRequestApprovalRules", new { pullRequestId = id, revisionId = revision, overrideStatus = "OVERRIDE" })).Ok();
        var overridden = await NextAsync(all);
        var destination = (string)(await Call(server.Root, "GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!["pullRequestTargets"]![0]!["destinationCommit"]!;
        var comment = (await Call(reviewer, "PostCommentForPullRequest", new { pullRequestId = id, repositoryName = repository.Name, beforeCommitId = destination, afterCommitId = second, content = "Looks good" })).Ok()["comment"]!;
        var commentOnAll = await NextAsync(all);
        var commentOnComments = await NextAsync(comments);
        (await Call(server.Root, "MergePullRequestByFastForward", new { pullRequestId = id, repositoryName = repository.Name })).Ok();
        var merged = await NextAsync(all);
        (await Call(server.Root, "PostCommentReply", new { inReplyTo = (string)comment["commentId"]!, content = "Thanks" })).Ok();
        var replyOnAll = await NextAsync(all);
        var replyOnComments = await NextAsync(comments);
        (await Call(server.Root, "PostCommentForComparedCommit", new { repositoryName = repository.Name, beforeCommitId = destination, afterCommitId = second, content = "On the commit" })).Ok();
        var onCommit = await NextAsync(all);

        // Assert: the envelope
        foreach (var e in new[] { created, sourceUpdated, approved, ruleCreated, overridden, commentOnAll, merged, replyOnAll, onCommit })
        {
            Assert.Equal(("0", "aws.codecommit", server.AccountId, GitsteadServer.Region), ((string)e["version"], (string)e["source"], (string)e["account"], (string)e["region"]));
            Assert.Equal([repositoryArn], e["resources"]!.AsArray().Select(r => (string)r!));
            Assert.True(Guid.TryParse((string)e["id"], out _));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", (string)e["time"]);
        }

        // Assert: each event once, in order, with its fields (a duplicate or an event let through
        // a filter would have taken one of these places)
        string[] stateEvents = ["pullRequestCreated", "pullRequestSourceBranchUpdated", "pullRequestApprovalStateChanged", "pullRequestApprovalRuleCreated", "pullRequestApprovalRuleOverridden"];
        Assert.Equal(stateEvents, new[] { created, sourceUpdated, approved, ruleCreated, overridden }.Select(e => (string)e["detail"]!["event"]));
        Assert.All(new[] { created, sourceUpdated, approved, ruleCreated, overridden, merged }, e => Assert.Equal("CodeCommit Pull Request State Change", (string)e["detail-type"]));
        var c = created["detail"]!;
        Assert.Equal((id, "Evented", "Sends events", rootArn, rootArn), ((string)c["pullRequestId"], (string)c["title"], (string)c["description"], (string)c["author"], (string)c["callerUserArn"]));
        Assert.Equal([repository.Name], c["repositoryNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(("refs/heads/feature", "refs/heads/main", (string)pr["pullRequestTargets"]![0]!["sourceCommit"]!, (string)pr["pullRequestTargets"]![0]!["destinationCommit"]!),
            ((string)c["sourceReference"], (string)c["destinationReference"], (string)c["sourceCommit"], (string)c["destinationCommit"]));
        Assert.Equal(("Open", "False", (string)pr["revisionId"]!), ((string)c["pullRequestStatus"], (string)c["isMerged"], (string)c["revisionId"]));
        var u = sourceUpdated["detail"]!;
        Assert.Equal((pusherArn, second, revision), ((string)u["callerUserArn"], (string)u["sourceCommit"], (string)u["revisionId"]));
        var a = approved["detail"]!;
        Assert.Equal((reviewerArn, "APPROVE", revision), ((string)a["callerUserArn"], (string)a["approvalStatus"], (string)a["revisionId"]));
        Assert.Equal("Two", (string)ruleCreated["detail"]!["approvalRuleName"]);
        Assert.Equal((rootArn, "OVERRIDE"), ((string)overridden["detail"]!["callerUserArn"], (string)overridden["detail"]!["overrideStatus"]));
        var m = merged["detail"]!;
        Assert.Equal(("pullRequestMergeStatusUpdated", "Closed", "True", rootArn, "FAST_FORWARD_MERGE"),
            ((string)m["event"], (string)m["pullRequestStatus"], (string)m["isMerged"], (string)m["callerUserArn"], (string)m["mergeOption"]));

        Assert.Equal(commentOnAll.ToJsonString(), commentOnComments.ToJsonString());
        Assert.Equal(replyOnAll["detail"]!.ToJsonString(), replyOnComments["detail"]!.ToJsonString());
        Assert.Equal("CodeCommit Comment on Pull Request", (string)commentOnAll["detail-type"]);
        var k = commentOnAll["detail"]!;
        Assert.Equal(("commentOnPullRequestCreated", id, (string)comment["commentId"]!, reviewerArn, repository.Name, destination, second),
            ((string)k["event"], (string)k["pullRequestId"], (string)k["commentId"], (string)k["callerUserArn"], (string)k["repositoryName"], (string)k["beforeCommitId"], (string)k["afterCommitId"]));
        Assert.Equal(((string)comment["commentId"]!, rootArn), ((string)replyOnAll["detail"]!["inReplyTo"], (string)replyOnAll["detail"]!["callerUserArn"]));
        Assert.Equal(("CodeCommit Comment on Commit", "commentOnCommitCreated"), ((string)onCommit["detail-type"], (string)onCommit["detail"]!["event"]));
        Assert.Null(onCommit["detail"]!["pullRequestId"]);
    }

    private static async Task<JsonNode> NextAsync(TriggerReceiver receiver) => JsonNode.Parse(await receiver.NextAsync(Wait))!;

    private Task<BotoResult> Call(Credentials who, string operation, object parameters) => server.Boto3Async(who, "codecommit", operation, parameters);
}

public sealed class ApiPullRequestEventsOnSqlite(EventSqliteServer server) : ApiPullRequestEventTests<EventSqliteServer>(server);

public sealed class ApiPullRequestEventsOnPostgres(EventPostgresServer server) : ApiPullRequestEventTests<EventPostgresServer>(server);
