namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// The lookup used when no pull request store is registered: it finds no pull request, so the
/// pull request comment operations answer PullRequestDoesNotExistException. Registered with
/// TryAdd, so the store's own registration replaces it.
/// </summary>
internal sealed class NoPullRequests : IPullRequestLookup
{
    public Task<PullRequestSnapshot?> FindAsync(string accountId, string region, string pullRequestId, CancellationToken cancellationToken) =>
        Task.FromResult<PullRequestSnapshot?>(null);
}
