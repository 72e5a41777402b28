namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// The template source used when no approval rule template store is registered: no template
/// applies, so new pull requests start without rules. Registered with TryAdd, so the template
/// store's own registration replaces it.
/// </summary>
internal sealed class NoApprovalRuleTemplates : IApprovalRuleTemplateSource
{
    public Task<IReadOnlyList<TemplateRule>> ForNewPullRequestAsync(
        string accountId, string region, long repositoryKey, string destinationReference, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TemplateRule>>([]);
}
