namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// The approval rule templates that become rules of a new pull request: those associated with
/// its repository whose destination references match its destination. The template store
/// implements it; pull request creation calls it once per new pull request.
/// </summary>
public interface IApprovalRuleTemplateSource
{
    Task<IReadOnlyList<TemplateRule>> ForNewPullRequestAsync(
        string accountId, string region, long repositoryKey, string destinationReference, CancellationToken cancellationToken);
}

/// <summary>A template to copy into a new pull request as a rule named after it (<c>originApprovalRuleTemplate</c>).</summary>
public sealed record TemplateRule(string TemplateId, string TemplateName, string Content);
