namespace Gitstead.Storage.Entities;

/// <summary>
/// A pull request with its single target. Its id is a number counted per account and region, as
/// CodeCommit shows it. The commits are those of the current revision: when a branch moves, the
/// next read records a new revision (and the merge, when the source reached the destination).
/// </summary>
public sealed class PullRequest
{
    public long Key { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    /// <summary>1, 2, 3… per account and region.</summary>
    public long Number { get; set; }

    public long RepositoryKey { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public required string AuthorArn { get; set; }

    /// <summary>OPEN or CLOSED.</summary>
    public required string Status { get; set; }

    public string? ClientRequestToken { get; set; }

    /// <summary>A hash of the request's parameters, so a reused token with other parameters is refused.</summary>
    public string? RequestHash { get; set; }

    public DateTime CreationDate { get; set; }

    public DateTime LastActivityDate { get; set; }

    /// <summary>Full reference names (<c>refs/heads/NAME</c>).</summary>
    public required string SourceReference { get; set; }

    public required string DestinationReference { get; set; }

    public required string SourceCommit { get; set; }

    public required string DestinationCommit { get; set; }

    public string? MergeBase { get; set; }

    /// <summary>64 hex digits; a new one whenever the source or destination commit changes.</summary>
    public required string RevisionId { get; set; }

    public bool IsMerged { get; set; }

    public string? MergedBy { get; set; }

    public string? MergeCommitId { get; set; }

    /// <summary>FAST_FORWARD_MERGE, SQUASH_MERGE or THREE_WAY_MERGE; null for a merge made outside the pull request.</summary>
    public string? MergeOption { get; set; }

    /// <summary>Who set the approval rules aside, and for which revision; null when they are not overridden.</summary>
    public string? OverriddenBy { get; set; }

    public string? OverriddenRevisionId { get; set; }
}

/// <summary>One entry of a pull request's history (DescribePullRequestEvents).</summary>
public sealed class PullRequestEvent
{
    public long Key { get; set; }

    public long PullRequestKey { get; set; }

    /// <summary>PULL_REQUEST_CREATED, PULL_REQUEST_STATUS_CHANGED, …</summary>
    public required string EventType { get; set; }

    /// <summary>Null when the change was noticed on a read rather than made by a caller (a push to a branch).</summary>
    public string? ActorArn { get; set; }

    public DateTime EventDate { get; set; }

    /// <summary>The event's metadata as JSON.</summary>
    public required string MetadataJson { get; set; }
}

/// <summary>An approval rule of a pull request, made for it or copied from a template when it was created.</summary>
public sealed class PullRequestApprovalRule
{
    public long Key { get; set; }

    public long PullRequestKey { get; set; }

    /// <summary>UUID, as the API shows it.</summary>
    public required string ApprovalRuleId { get; set; }

    public required string Name { get; set; }

    public required string Content { get; set; }

    public DateTime CreationDate { get; set; }

    public DateTime LastModifiedDate { get; set; }

    public required string LastModifiedUser { get; set; }

    public string? TemplateId { get; set; }

    public string? TemplateName { get; set; }
}

/// <summary>A user's approval of one revision of a pull request (a revoked approval is deleted).</summary>
public sealed class PullRequestApproval
{
    public long Key { get; set; }

    public long PullRequestKey { get; set; }

    public required string RevisionId { get; set; }

    public required string UserArn { get; set; }

    public DateTime CreationDate { get; set; }
}
