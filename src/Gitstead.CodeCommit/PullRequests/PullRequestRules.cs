using System.Globalization;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.CodeCommit.Repositories.CodeCommitErrors;

namespace Gitstead.CodeCommit.PullRequests;

/// <summary>The request rules of the pull request and approval operations, and their modelled errors (all 400).</summary>
internal static class PullRequestRules
{
    public const int MaxTitleLength = 150;
    public const int MaxDescriptionLength = 10_240;
    public const int MaxOpenPerRepository = 1000;
    public const int MaxRulesPerPullRequest = 30;
    public const int MaxApprovalsPerPullRequest = 200;
    public const int MaxPageSize = 100;
    public const string Open = "OPEN";
    public const string Closed = "CLOSED";

    public static readonly string[] EventTypes =
    [
        "PULL_REQUEST_CREATED", "PULL_REQUEST_STATUS_CHANGED", "PULL_REQUEST_SOURCE_REFERENCE_UPDATED", "PULL_REQUEST_MERGE_STATE_CHANGED",
        "PULL_REQUEST_APPROVAL_RULE_CREATED", "PULL_REQUEST_APPROVAL_RULE_UPDATED", "PULL_REQUEST_APPROVAL_RULE_DELETED",
        "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN", "PULL_REQUEST_APPROVAL_STATE_CHANGED",
    ];

    public static string Title(string? title) => title switch
    {
        null or "" => throw Error("TitleRequiredException", "A pull request title is required. It cannot be empty or null."),
        { Length: > MaxTitleLength } => throw Error("InvalidTitleException", $"The title of the pull request is not valid. Pull request titles cannot exceed {MaxTitleLength} characters."),
        _ => title,
    };

    public static string? Description(string? description) =>
        description is { Length: > MaxDescriptionLength }
            ? throw Error("InvalidDescriptionException", $"The pull request description is not valid. Descriptions cannot be more than {MaxDescriptionLength} characters.")
            : description;

    /// <summary>The one target of a new pull request: TargetsRequiredException, MultipleRepositoriesInPullRequestException, InvalidTargetsException.</summary>
    public static PullRequestTargetInput Target(IReadOnlyList<PullRequestTargetInput>? targets)
    {
        if (targets is null || targets.Count == 0)
        {
            throw Error("TargetsRequiredException", "An array of target objects is required. It cannot be empty or null.");
        }

        if (targets.Select(t => t.RepositoryName).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw Error("MultipleRepositoriesInPullRequestException", "You cannot include more than one repository in a pull request. Make sure you have specified only one repository name in your request, and then try again.");
        }

        if (targets.Count > 1)
        {
            throw Error("InvalidTargetsException", "The targets for the pull request is not valid: a pull request has exactly one target.");
        }

        var target = targets[0];
        RepositoryRules.Name(target.RepositoryName);
        return target;
    }

    /// <summary>
    /// A branch given as <c>NAME</c> or <c>refs/heads/NAME</c>, as its short name:
    /// ReferenceNameRequiredException, ReferenceTypeNotSupportedException for another kind of
    /// reference, InvalidReferenceNameException for a name git would refuse.
    /// </summary>
    public static string Branch(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            throw Error("ReferenceNameRequiredException", "A reference name is required, but none was provided.");
        }

        if (reference.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            reference = reference["refs/heads/".Length..];
        }
        else if (reference.StartsWith("refs/", StringComparison.Ordinal))
        {
            throw ReferenceTypeNotSupported(reference);
        }

        return reference.Length is 0 or > 256 || reference.StartsWith('-') || reference.Any(char.IsControl) || !CommitSpecifiers.IsValid(reference)
            ? throw Error("InvalidReferenceNameException", $"The specified reference name format is not valid: {reference}. Reference names must conform to the Git references format (for example, refs/heads/main).")
            : reference;
    }

    public static AwsServiceException ReferenceTypeNotSupported(string reference) =>
        Error("ReferenceTypeNotSupportedException", $"The specified reference is not a supported type: {reference}. Only branches can be the source or destination of a pull request.");

    public static AwsServiceException ReferenceDoesNotExist(string reference) =>
        Error("ReferenceDoesNotExistException", $"The specified reference does not exist: {reference}.");

    public static AwsServiceException SourceAndDestinationAreSame(string source) =>
        Error("SourceAndDestinationAreSameException", $"The source and destination are the same, or the source {source} is already merged into the destination. You must specify branches with changes to merge.");

    public static AwsServiceException MaximumOpenPullRequestsExceeded() =>
        Error("MaximumOpenPullRequestsExceededException", $"You cannot create the pull request because the repository has too many open pull requests. The maximum number of open pull requests for a repository is {MaxOpenPerRepository:N0}.");

    public static AwsServiceException IdempotencyParameterMismatch(string token) =>
        Error("IdempotencyParameterMismatchException", $"The client request token {token} was already used with other parameters.");

    public static AwsServiceException AlreadyClosed(string id) =>
        Error("PullRequestAlreadyClosedException", $"The pull request {id} status is CLOSED. You cannot make changes to a closed pull request.");

    public static AwsServiceException InvalidStatusUpdate(string id, string status) =>
        Error("InvalidPullRequestStatusUpdateException", $"The pull request {id} cannot be set to {status}: it already has that status, or it was merged.");

    public static AwsServiceException TipOfSourceReferenceIsDifferent(string given, string tip) =>
        Error("TipOfSourceReferenceIsDifferentException", $"The tip of the source branch is {tip}, not {given}. The pull request might have been updated. Make sure that you have the latest changes.");

    public static AwsServiceException RulesNotSatisfied(string id) =>
        Error("PullRequestApprovalRulesNotSatisfiedException", $"The pull request {id} cannot be merged because one or more approval rules applied to the pull request have conditions that have not been met.");

    /// <summary>OPEN or CLOSED: PullRequestStatusRequiredException (when required), InvalidPullRequestStatusException.</summary>
    public static string? Status(string? status, bool required) => status switch
    {
        null or "" when required => throw Error("PullRequestStatusRequiredException", "A pull request status is required, but none was provided."),
        null or "" => null,
        Open or Closed => status,
        _ => throw Error("InvalidPullRequestStatusException", $"The pull request status is not valid: {status}. The only valid values are OPEN and CLOSED."),
    };

    public static string? EventType(string? type) =>
        string.IsNullOrEmpty(type) ? null
        : EventTypes.Contains(type) ? type
        : throw Error("InvalidPullRequestEventTypeException", $"The pull request event type is not valid: {type}.");

    /// <summary>An IAM or STS principal ARN; <paramref name="code"/> (InvalidAuthorArnException, InvalidActorArnException) otherwise.</summary>
    public static string? Arn(string? arn, string code) =>
        string.IsNullOrEmpty(arn) ? null
        : arn.Split(':', 6) is ["arn", _, "iam" or "sts", "", { Length: 12 }, { Length: > 0 }] && !arn.Any(char.IsControl) ? arn
        : throw Error(code, $"The Amazon Resource Name (ARN) is not valid: {arn}. Make sure that you have provided the full ARN of the user.");

    public static AwsServiceException AuthorDoesNotExist(string arn) =>
        Error("AuthorDoesNotExistException", $"The specified Amazon Resource Name (ARN) does not exist in the AWS account: {arn}.");

    public static AwsServiceException ActorDoesNotExist(string arn) =>
        Error("ActorDoesNotExistException", $"The specified Amazon Resource Name (ARN) does not exist in the AWS account: {arn}.");

    public static PageRequest Page(string? nextToken, int? maxResults) =>
        maxResults is { } n && (n < 1 || n > MaxPageSize)
            ? throw InvalidMaxResults()
            : new PageRequest(nextToken, maxResults ?? MaxPageSize);

    /// <summary>The key a page continues after; InvalidContinuationTokenException for a token not issued here.</summary>
    public static long Cursor(PageRequest page, long none) =>
        page.Token is null
            ? none
            : PageTokens.TryDecodeKey(page.Token, out var key) && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
                ? after
                : throw InvalidContinuationToken();

    /// <summary>An approval rule name: ApprovalRuleNameRequiredException, InvalidApprovalRuleNameException.</summary>
    public static string RuleName(string? name) => name switch
    {
        null or "" => throw Error("ApprovalRuleNameRequiredException", "An approval rule name is required, but was not specified."),
        { Length: > 100 } => throw Error("InvalidApprovalRuleNameException", "The name for the approval rule is not valid: it must be 1 to 100 characters."),
        _ when name.Any(char.IsControl) || name.Trim().Length == 0 => throw Error("InvalidApprovalRuleNameException", "The name for the approval rule is not valid."),
        _ => name,
    };

    /// <summary>Rule content for a pull request (no DestinationReferences): ApprovalRuleContentRequiredException, InvalidApprovalRuleContentException.</summary>
    public static string RuleContent(string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            throw Error("ApprovalRuleContentRequiredException", "The content for the approval rule is empty. You must provide some content for an approval rule. The content cannot be null.");
        }

        return ApprovalRuleContent.TryParse(content, isTemplate: false, out _, out var error)
            ? content
            : throw Error("InvalidApprovalRuleContentException", "The content for the approval rule is not valid. " + error);
    }

    public static string RevisionId(string? revisionId) => revisionId switch
    {
        null or "" => throw Error("RevisionIdRequiredException", "A revision ID is required, but was not provided."),
        _ when revisionId.Length == 64 && revisionId.All(char.IsAsciiHexDigitLower) => revisionId,
        _ => throw Error("InvalidRevisionIdException", $"The revision ID is not valid: {revisionId}. Use GetPullRequest to determine the value."),
    };

    public static AwsServiceException RevisionNotCurrent(string revisionId) =>
        Error("RevisionNotCurrentException", $"The revision ID {revisionId} does not match the current revision ID. Use GetPullRequest to retrieve the current revision ID.");

    public static string ApprovalState(string? state) => state switch
    {
        null or "" => throw Error("ApprovalStateRequiredException", "An approval state is required, but was not specified."),
        "APPROVE" or "REVOKE" => state,
        _ => throw Error("InvalidApprovalStateException", $"The state for the approval is not valid: {state}. Valid values are APPROVE and REVOKE."),
    };

    public static string OverrideStatus(string? status) => status switch
    {
        null or "" => throw Error("OverrideStatusRequiredException", "An override status is required, but no value was provided. Valid values include OVERRIDE and REVOKE."),
        "OVERRIDE" or "REVOKE" => status,
        _ => throw Error("InvalidOverrideStatusException", $"The override status is not valid: {status}. Valid statuses are OVERRIDE and REVOKE."),
    };

    /// <summary>An optional SHA-256 of rule content: 64 hex digits, else InvalidRuleContentSha256Exception.</summary>
    public static string? Sha256(string? value) =>
        string.IsNullOrEmpty(value) || (value.Length == 64 && value.All(char.IsAsciiHexDigit))
            ? value?.ToLowerInvariant()
            : throw InvalidRuleContentSha256();

    public static AwsServiceException InvalidRuleContentSha256() =>
        Error("InvalidRuleContentSha256Exception", "The SHA-256 hash signature for the rule content is not valid: it does not match the rule's current content.");

    public static AwsServiceException RuleDoesNotExist(string name) =>
        Error("ApprovalRuleDoesNotExistException", $"The specified approval rule does not exist: {name}.");

    public static AwsServiceException RuleNameExists(string name) =>
        Error("ApprovalRuleNameAlreadyExistsException", $"An approval rule with the name {name} already exists on this pull request. Specify a different name.");

    public static AwsServiceException NumberOfRulesExceeded() =>
        Error("NumberOfRulesExceededException", $"The approval rule cannot be added. The pull request has the maximum number of approval rules ({MaxRulesPerPullRequest}).");

    public static AwsServiceException CannotModifyRuleFromTemplate(string name) =>
        Error("CannotModifyApprovalRuleFromTemplateException", $"The approval rule {name} was created from an approval rule template and cannot be modified. You can override it instead.");

    public static AwsServiceException CannotDeleteRuleFromTemplate(string name) =>
        Error("CannotDeleteApprovalRuleFromTemplateException", $"The approval rule {name} was created from an approval rule template and cannot be deleted. You can override it instead.");

    public static AwsServiceException CannotBeApprovedByAuthor() =>
        Error("PullRequestCannotBeApprovedByAuthorException", "The approval cannot be applied because the user approving the pull request matches the user who created the pull request. You cannot approve a pull request that you created.");

    public static AwsServiceException MaximumNumberOfApprovalsExceeded() =>
        Error("MaximumNumberOfApprovalsExceededException", $"The number of approvals for this pull request exceeds the maximum allowed ({MaxApprovalsPerPullRequest}).");

    public static AwsServiceException OverrideAlreadySet() =>
        Error("OverrideAlreadySetException", "The pull request has already had its approval rules set to override.");
}
