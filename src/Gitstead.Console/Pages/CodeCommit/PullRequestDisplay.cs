using Gitstead.CodeCommit.PullRequests;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>How the pull request pages write people, branches, statuses and events.</summary>
public static class PullRequestDisplay
{
    /// <summary>The name at the end of an IAM or STS ARN (<c>user/mary</c> → mary); the account root as "root".</summary>
    public static string Who(string? arn)
    {
        if (string.IsNullOrEmpty(arn))
        {
            return "CodeCommit";
        }

        var slash = arn.LastIndexOf('/');
        return slash >= 0 ? arn[(slash + 1)..] : arn.EndsWith(":root", StringComparison.Ordinal) ? "root" : arn;
    }

    /// <summary><c>refs/heads/main</c> → main.</summary>
    public static string Branch(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;

    public static string Status(PullRequestInfo pullRequest) =>
        pullRequest.Target.MergeMetadata.IsMerged ? "Merged" : pullRequest.Status == "OPEN" ? "Open" : "Closed";

    public static string StatusClass(PullRequestInfo pullRequest) =>
        pullRequest.Target.MergeMetadata.IsMerged || pullRequest.Status == "OPEN" ? "ok" : "off";

    public static string MergeOption(string? option) => option switch
    {
        "FAST_FORWARD_MERGE" => "fast-forward merge",
        "SQUASH_MERGE" => "squash merge",
        "THREE_WAY_MERGE" => "3-way merge",
        _ => "merge",
    };

    /// <summary>One line describing an event of the pull request's history.</summary>
    public static string Event(PullRequestEventInfo e) => e.EventType switch
    {
        "PULL_REQUEST_CREATED" => "created this pull request",
        "PULL_REQUEST_STATUS_CHANGED" => e.Metadata.PullRequestStatus == "OPEN" ? "reopened this pull request" : "closed this pull request",
        "PULL_REQUEST_SOURCE_REFERENCE_UPDATED" => $"updated the source to commit {Display.ShortId(e.Metadata.AfterCommitId ?? "")}",
        "PULL_REQUEST_MERGE_STATE_CHANGED" => $"merged this pull request by {MergeOption(e.Metadata.MergeMetadata?.MergeOption)}",
        "PULL_REQUEST_APPROVAL_RULE_CREATED" => $"created approval rule {e.Metadata.ApprovalRuleName}",
        "PULL_REQUEST_APPROVAL_RULE_UPDATED" => $"edited approval rule {e.Metadata.ApprovalRuleName}",
        "PULL_REQUEST_APPROVAL_RULE_DELETED" => $"deleted approval rule {e.Metadata.ApprovalRuleName}",
        "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN" => e.Metadata.OverrideStatus == "OVERRIDE" ? "overrode the approval rules" : "revoked the override of the approval rules",
        "PULL_REQUEST_APPROVAL_STATE_CHANGED" => e.Metadata.ApprovalStatus == "APPROVE" ? "approved this pull request" : "revoked their approval",
        _ => e.EventType,
    };
}
