using System.Text.Json.Nodes;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage.Entities;

namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// A pull request's history entries as CodeCommit's EventBridge events (detail type
/// <c>CodeCommit Pull Request State Change</c>): the event name for the history entry's type, the
/// pull request as it is after the change, who made it, and the entry's own fields (the approval
/// state, the override status, the rule). See the CodeCommit README for the fields and why.
/// </summary>
internal static class PullRequestNotifications
{
    public const string DetailType = "CodeCommit Pull Request State Change";

    /// <summary>The event name of each history entry type.</summary>
    public static string? EventName(string eventType) => eventType switch
    {
        "PULL_REQUEST_CREATED" => "pullRequestCreated",
        "PULL_REQUEST_SOURCE_REFERENCE_UPDATED" => "pullRequestSourceBranchUpdated",
        "PULL_REQUEST_STATUS_CHANGED" => "pullRequestStatusChanged",
        "PULL_REQUEST_MERGE_STATE_CHANGED" => "pullRequestMergeStatusUpdated",
        "PULL_REQUEST_APPROVAL_RULE_CREATED" => "pullRequestApprovalRuleCreated",
        "PULL_REQUEST_APPROVAL_RULE_UPDATED" => "pullRequestApprovalRuleUpdated",
        "PULL_REQUEST_APPROVAL_RULE_DELETED" => "pullRequestApprovalRuleDeleted",
        "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN" => "pullRequestApprovalRuleOverridden",
        "PULL_REQUEST_APPROVAL_STATE_CHANGED" => "pullRequestApprovalStateChanged",
        _ => null,
    };

    public static CodeCommitEvent? Event(PullRequest row, RepositoryInfo repository, string eventType, string? actorArn, PullRequestEventMetadata metadata)
    {
        if (EventName(eventType) is not { } name)
        {
            return null;
        }

        var id = PullRequestStore.Id(row);
        var detail = new JsonObject
        {
            ["event"] = name,
            ["pullRequestId"] = id,
            ["title"] = row.Title,
        };
        if (!string.IsNullOrEmpty(row.Description))
        {
            detail["description"] = row.Description;
        }

        detail["author"] = row.AuthorArn;
        if (actorArn is not null)
        {
            detail["callerUserArn"] = actorArn;
        }

        detail["repositoryNames"] = new JsonArray(repository.Name);
        detail["destinationReference"] = row.DestinationReference;
        detail["sourceReference"] = row.SourceReference;
        detail["destinationCommit"] = row.DestinationCommit;
        detail["sourceCommit"] = row.SourceCommit;
        if (row.MergeBase is not null)
        {
            detail["mergeBase"] = row.MergeBase;
        }

        detail["pullRequestStatus"] = row.Status == PullRequestRules.Open ? "Open" : "Closed";
        detail["isMerged"] = row.IsMerged ? "True" : "False";
        detail["revisionId"] = metadata.RevisionId ?? row.RevisionId;
        detail["creationDate"] = EventQueue.DetailDate(row.CreationDate);
        detail["lastModifiedDate"] = EventQueue.DetailDate(row.LastActivityDate);
        if (eventType == "PULL_REQUEST_SOURCE_REFERENCE_UPDATED" && metadata.BeforeCommitId is not null)
        {
            detail["oldSourceCommit"] = metadata.BeforeCommitId;
        }

        if (eventType == "PULL_REQUEST_MERGE_STATE_CHANGED" && metadata.MergeMetadata is { } merge)
        {
            AddIfSet(detail, "mergedBy", merge.MergedBy);
            AddIfSet(detail, "mergeCommitId", merge.MergeCommitId);
            AddIfSet(detail, "mergeOption", merge.MergeOption);
        }

        AddIfSet(detail, "approvalStatus", metadata.ApprovalStatus);
        AddIfSet(detail, "overrideStatus", metadata.OverrideStatus);
        AddIfSet(detail, "approvalRuleId", metadata.ApprovalRuleId);
        AddIfSet(detail, "approvalRuleName", metadata.ApprovalRuleName);
        detail["notificationBody"] = Body(repository, id, row.Title, actorArn, name);
        return new CodeCommitEvent(repository.AccountId, repository.Region, repository.Arn, DetailType, detail);
    }

    /// <summary>The sentence CodeCommit's notifications carry, in its form: the repository, the user, the event, the pull request.</summary>
    private static string Body(RepositoryInfo repository, string id, string title, string? actorArn, string name) =>
        $"A pull request event occurred in the following AWS CodeCommit repository: {repository.Name}. "
        + (actorArn is null ? "" : $"User: {actorArn}. ")
        + $"Event: {name}. Pull request name: {id}. Additional information: The title of the pull request is: {title}.";

    private static void AddIfSet(JsonObject detail, string key, string? value)
    {
        if (value is not null)
        {
            detail[key] = value;
        }
    }
}
