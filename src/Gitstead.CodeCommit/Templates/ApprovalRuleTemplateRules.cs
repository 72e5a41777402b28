using System.Text.RegularExpressions;
using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;

namespace Gitstead.CodeCommit.Templates;

/// <summary>
/// CodeCommit's limits for approval rule templates (botocore model and the quotas page): names of
/// 1–100 letters, digits, periods, spaces, underscores and dashes, not ending in <c>.git</c>;
/// descriptions up to 1,000 characters; content that <see cref="ApprovalRuleContent"/> accepts as a
/// template; 1,000 templates in a region and 25 associated with a repository.
/// </summary>
internal static partial class ApprovalRuleTemplateRules
{
    public const int MaxDescriptionLength = 1000;
    public const int MaxTemplatesPerRegion = 1000;
    public const int MaxTemplatesPerRepository = 25;
    public const int MaxBatchRepositoryNames = 100;
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    [GeneratedRegex("^[A-Za-z0-9._ -]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>A template name from a request: present and valid, or the modelled error.</summary>
    public static string Name(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw RepositoryRules.Required("ApprovalRuleTemplateNameRequiredException", "An approval rule template name");
        }

        return NamePattern().IsMatch(value) && !value.EndsWith(".git", StringComparison.OrdinalIgnoreCase)
            ? value
            : throw CodeCommitErrors.Error("InvalidApprovalRuleTemplateNameException",
                $"The name of the approval rule template is not valid: {value}. Template names are 1 to 100 letters, numbers, periods, spaces, underscores and dashes, and cannot end in .git.");
    }

    /// <summary>0–1,000 characters; null (not given) is empty.</summary>
    public static string Description(string? value) =>
        value is null || value.EnumerateRunes().Count() <= MaxDescriptionLength
            ? value ?? ""
            : throw CodeCommitErrors.Error("InvalidApprovalRuleTemplateDescriptionException",
                $"The description for the approval rule template is not valid because it exceeds {MaxDescriptionLength} characters.");

    /// <summary>The description of UpdateApprovalRuleTemplateDescription, where it is required (it may be empty).</summary>
    public static string RequiredDescription(string? value) =>
        value is null
            ? throw CodeCommitErrors.Error("InvalidApprovalRuleTemplateDescriptionException", "A description for the approval rule template is required; it may be empty.")
            : Description(value);

    /// <summary>Template content: present, and a valid rule with optional DestinationReferences.</summary>
    public static string Content(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw RepositoryRules.Required("ApprovalRuleTemplateContentRequiredException", "The content of the approval rule template");
        }

        return ApprovalRuleContent.TryParse(value, isTemplate: true, out _, out var error)
            ? value
            : throw CodeCommitErrors.Error("InvalidApprovalRuleTemplateContentException", $"The content of the approval rule template is not valid. {error}");
    }

    /// <summary>The repository names of a batch call: present (may be empty), at most 100.</summary>
    public static IReadOnlyList<string> BatchNames(IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            throw RepositoryRules.Required("RepositoryNamesRequiredException", "At least one repository name object");
        }

        return names.Count <= MaxBatchRepositoryNames
            ? names
            : throw CodeCommitErrors.Error("MaximumRepositoryNamesExceededException",
                $"The maximum number of allowed repository names was exceeded. Currently, this number is {MaxBatchRepositoryNames}.");
    }

    /// <summary>A page of names: maxResults 1 to 1,000, 100 when not given.</summary>
    public static PageRequest Page(string? nextToken, int? maxResults) =>
        maxResults is { } n && (n < 1 || n > MaxPageSize)
            ? throw CodeCommitErrors.InvalidMaxResults()
            : new PageRequest(nextToken, maxResults ?? DefaultPageSize);

    /// <summary>The name a page continues after, or InvalidContinuationTokenException.</summary>
    public static string? After(PageRequest page) =>
        page.Token is null ? null
        : PageTokens.TryDecodeKey(page.Token, out var key) ? key
        : throw CodeCommitErrors.InvalidContinuationToken();

    public static AwsServiceException DoesNotExist(string name) =>
        CodeCommitErrors.Error("ApprovalRuleTemplateDoesNotExistException",
            $"The approval rule template {name} does not exist. Verify that the name is correct and that you are signed in to the Region where the template was created.");

    public static AwsServiceException NameAlreadyExists(string name) =>
        CodeCommitErrors.Error("ApprovalRuleTemplateNameAlreadyExistsException",
            $"An approval rule template named {name} already exists in this Region for your account. Approval rule template names must be unique.");

    public static AwsServiceException InUse(string name) =>
        CodeCommitErrors.Error("ApprovalRuleTemplateInUseException",
            $"The approval rule template {name} is associated with one or more repositories. Remove all associations, and then try again.");

    public static AwsServiceException TooManyTemplates() =>
        CodeCommitErrors.Error("NumberOfRuleTemplatesExceededException",
            $"The maximum number of approval rule templates ({MaxTemplatesPerRegion}) has been exceeded for this Region.");

    public static AwsServiceException TooManyForRepository(string repositoryName) =>
        CodeCommitErrors.Error("MaximumRuleTemplatesAssociatedWithRepositoryException",
            $"The repository {repositoryName} already has the maximum of {MaxTemplatesPerRepository} approval rule templates associated with it.");

    public static AwsServiceException ContentSha256Mismatch() =>
        CodeCommitErrors.Error("InvalidRuleContentSha256Exception",
            "The SHA-256 hash signature for the rule content is not valid: it is not that of the template's current content.");
}
