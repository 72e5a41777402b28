namespace Gitstead.CodeCommit.PullRequests;

/// <summary>botocore <c>PullRequest</c>: one target, the current revision and the approval rules.</summary>
public sealed record PullRequestInfo(
    string PullRequestId,
    string Title,
    string? Description,
    DateTime LastActivityDate,
    DateTime CreationDate,
    string Status,
    string AuthorArn,
    PullRequestTargetInfo Target,
    string? ClientRequestToken,
    string RevisionId,
    IReadOnlyList<ApprovalRuleInfo> ApprovalRules);

/// <summary>botocore <c>PullRequestTarget</c>; references are full names (<c>refs/heads/NAME</c>).</summary>
public sealed record PullRequestTargetInfo(
    string RepositoryName,
    string SourceReference,
    string DestinationReference,
    string DestinationCommit,
    string SourceCommit,
    string? MergeBase,
    MergeMetadataInfo MergeMetadata);

/// <summary>botocore <c>MergeMetadata</c>.</summary>
public sealed record MergeMetadataInfo(bool IsMerged, string? MergedBy, string? MergeCommitId, string? MergeOption);

/// <summary>botocore <c>ApprovalRule</c>; the template fields are set for a rule copied from a template.</summary>
public sealed record ApprovalRuleInfo(
    string ApprovalRuleId,
    string ApprovalRuleName,
    string ApprovalRuleContent,
    string RuleContentSha256,
    DateTime LastModifiedDate,
    DateTime CreationDate,
    string LastModifiedUser,
    string? TemplateId,
    string? TemplateName);

/// <summary>botocore <c>PullRequestEvent</c>: its type, who caused it (null when noticed on a read) and its metadata.</summary>
public sealed record PullRequestEventInfo(string PullRequestId, DateTime EventDate, string EventType, string? ActorArn, PullRequestEventMetadata Metadata);

/// <summary>
/// The metadata of every event type in one record; each type sets its own members
/// (<c>pullRequestCreatedEventMetadata</c>, <c>approvalRuleEventMetadata</c>, …).
/// </summary>
public sealed record PullRequestEventMetadata
{
    public string? RepositoryName { get; init; }

    public string? SourceCommitId { get; init; }

    public string? DestinationCommitId { get; init; }

    public string? BeforeCommitId { get; init; }

    public string? AfterCommitId { get; init; }

    public string? MergeBase { get; init; }

    public string? PullRequestStatus { get; init; }

    public string? DestinationReference { get; init; }

    public MergeMetadataInfo? MergeMetadata { get; init; }

    public string? ApprovalRuleName { get; init; }

    public string? ApprovalRuleId { get; init; }

    public string? ApprovalRuleContent { get; init; }

    public string? RevisionId { get; init; }

    public string? ApprovalStatus { get; init; }

    public string? OverrideStatus { get; init; }
}

/// <summary>A new pull request's single target as the client sent it.</summary>
public sealed record PullRequestTargetInput(string? RepositoryName, string? SourceReference, string? DestinationReference);

/// <summary>botocore <c>Evaluation</c>.</summary>
public sealed record ApprovalEvaluation(bool Approved, bool Overridden, IReadOnlyList<string> ApprovalRulesSatisfied, IReadOnlyList<string> ApprovalRulesNotSatisfied);

/// <summary>botocore <c>Approval</c>: a user who approved the revision.</summary>
public sealed record ApprovalInfo(string UserArn, string ApprovalState);

/// <summary>GetPullRequestOverrideState's answer.</summary>
public sealed record OverrideState(bool Overridden, string? Overrider);
