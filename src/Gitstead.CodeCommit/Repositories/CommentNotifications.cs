using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.Storage.Entities;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// A comment posted or edited as CodeCommit's EventBridge event: <c>CodeCommit Comment on Pull
/// Request</c> (<c>commentOnPullRequestCreated</c>, <c>commentOnPullRequestUpdated</c>) or
/// <c>CodeCommit Comment on Commit</c> (<c>commentOnCommitCreated</c>, <c>commentOnCommitUpdated</c>).
/// </summary>
internal static class CommentNotifications
{
    public const string OnPullRequest = "CodeCommit Comment on Pull Request";
    public const string OnCommit = "CodeCommit Comment on Commit";

    /// <summary>The event of <paramref name="row"/> just saved; <paramref name="change"/> is <c>Created</c> or <c>Updated</c>.</summary>
    public static CodeCommitEvent Event(Comment row, string repositoryId, string repositoryName, string change)
    {
        var onPullRequest = row.PullRequestId is not null;
        var name = (onPullRequest ? "commentOnPullRequest" : "commentOnCommit") + change;
        var detail = new JsonObject
        {
            ["event"] = name,
            ["callerUserArn"] = row.AuthorArn,
            ["repositoryName"] = repositoryName,
            ["repositoryId"] = repositoryId,
        };
        if (onPullRequest)
        {
            detail["pullRequestId"] = row.PullRequestId;
        }

        detail["commentId"] = row.CommentId;
        if (row.InReplyTo is not null)
        {
            detail["inReplyTo"] = row.InReplyTo;
        }

        if (row.BeforeCommitId is not null)
        {
            detail["beforeCommitId"] = row.BeforeCommitId;
        }

        detail["afterCommitId"] = row.AfterCommitId;
        detail["notificationBody"] =
            $"A {(onPullRequest ? "pull request" : "commit")} comment event occurred in the following AWS CodeCommit repository: {repositoryName}. "
            + $"User: {row.AuthorArn}. Event: {name}."
            + (onPullRequest ? $" Pull request name: {row.PullRequestId}." : $" Commit: {row.AfterCommitId}.");
        var arn = Arns.Repository(row.Region, row.AccountId, repositoryName);
        return new CodeCommitEvent(row.AccountId, row.Region, arn, onPullRequest ? OnPullRequest : OnCommit, detail);
    }
}
