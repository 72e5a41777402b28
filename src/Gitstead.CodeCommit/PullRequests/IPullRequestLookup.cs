namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// What the comment operations need to know about a pull request: its repository, status and
/// the commits its current revision compares. The pull request store implements it; comments
/// keep no copy of pull request state.
/// </summary>
public interface IPullRequestLookup
{
    /// <summary>The pull request with this id in the account and region, or null.</summary>
    Task<PullRequestSnapshot?> FindAsync(string accountId, string region, string pullRequestId, CancellationToken cancellationToken);
}

/// <param name="PullRequestId">The numeric id CodeCommit shows, as a string.</param>
/// <param name="RepositoryName">The repository of the pull request's (single) target.</param>
/// <param name="RepositoryKey">That repository's database key.</param>
/// <param name="Status">OPEN or CLOSED.</param>
/// <param name="SourceReference">The source branch's full reference name.</param>
/// <param name="DestinationReference">The destination branch's full reference name.</param>
/// <param name="SourceCommit">The source branch's tip in the current revision.</param>
/// <param name="DestinationCommit">The destination branch's tip in the current revision.</param>
/// <param name="MergeBase">The merge base of the two, when they have one.</param>
/// <param name="RevisionId">The current revision's id.</param>
/// <param name="AuthorArn">The ARN of the user who created the pull request.</param>
public sealed record PullRequestSnapshot(
    string PullRequestId,
    string RepositoryName,
    long RepositoryKey,
    string Status,
    string SourceReference,
    string DestinationReference,
    string SourceCommit,
    string DestinationCommit,
    string? MergeBase,
    string RevisionId,
    string AuthorArn);
