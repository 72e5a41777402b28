using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// <c>MaxResults</c>/<c>maxResults</c> of GetDifferences and ListFileCommitHistory: the model
/// asks for "a non-zero, non-negative integer" and sets no upper bound, so a larger number is
/// served as <see cref="MaxPageSize"/> (a client following <c>nextToken</c> still gets everything).
/// </summary>
internal static class ContentPaging
{
    public const int MaxPageSize = 1000;

    /// <summary>The page to read; InvalidMaxResultsException below one.</summary>
    public static PageRequest Check(PageRequest page) =>
        page.MaxItems < 1 ? throw CodeCommitErrors.InvalidMaxResults() : page with { MaxItems = Math.Min(page.MaxItems, MaxPageSize) };
}
