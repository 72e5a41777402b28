using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// What changed between commits, compared by git (<see cref="DiffReader"/>). Each public method
/// checks its input, authorizes the caller on the repository before anything tells whether it
/// exists, then compares; errors are CodeCommit's modelled exceptions and <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class DifferenceService
{
    /// <summary>How many differences a page holds when the caller does not say.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest per-file diff <see cref="GetCommitChangesAsync"/> renders unless told otherwise.</summary>
    public const int DefaultMaxFileDiffBytes = 256 * 1024;

    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;
    private readonly CommitReader _commits;
    private readonly DiffReader _diffs;

    internal DifferenceService(RepositoryStore repositories, IAuthorizer authorizer, CommitReader commits, DiffReader diffs)
    {
        _repositories = repositories;
        _authorizer = authorizer;
        _commits = commits;
        _diffs = diffs;
    }

    /// <summary>
    /// GetDifferences: <c>codecommit:GetDifferences</c>. The differences between the commits two
    /// specifiers lead to (with no before specifier, everything in the after commit is an
    /// addition), limited by <paramref name="beforePath"/>/<paramref name="afterPath"/> (see
    /// <see cref="DiffReader.DifferencesAsync"/>), in path order, a page at a time; a rename is a
    /// deletion and an addition. CommitRequiredException, InvalidCommitException,
    /// CommitDoesNotExistException, InvalidPathException, PathDoesNotExistException,
    /// InvalidMaxResultsException, InvalidContinuationTokenException.
    /// </summary>
    public async Task<Page<Difference>> GetDifferencesAsync(
        CallContext call,
        string? repositoryName,
        string? beforeCommitSpecifier,
        string? afterCommitSpecifier,
        string? beforePath,
        string? afterPath,
        PageRequest page,
        CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var after = string.IsNullOrEmpty(afterCommitSpecifier) ? throw CodeCommitErrors.CommitRequired() : CommitSpecifiers.Check(afterCommitSpecifier);
        var before = string.IsNullOrEmpty(beforeCommitSpecifier) ? null : CommitSpecifiers.Check(beforeCommitSpecifier);
        var (beforeScope, afterScope) = (ContentPaths.Optional(beforePath), ContentPaths.Optional(afterPath));
        page = ContentPaging.Check(page);
        await _authorizer.RequireAsync(call, "codecommit:GetDifferences", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        var afterCommit = await _commits.ResolveAsync(repository, after, ct);
        var beforeCommit = before is null ? null : await _commits.ResolveAsync(repository, before, ct);
        var differences = await _diffs.DifferencesAsync(repository, beforeCommit?.TreeId, afterCommit.TreeId, beforeScope, afterScope, ct);
        var ordered = differences.OrderBy(PathOf, StringComparer.Ordinal);
        return PageTokens.PageOrdered(ordered, PathOf, page, CodeCommitErrors.InvalidContinuationToken);
    }

    /// <summary>
    /// <c>codecommit:GetDifferences</c>: the files a commit changed against its first parent (a
    /// root commit against nothing), each with git's unified diff when it is text and its diff
    /// is at most <paramref name="maxFileDiffBytes"/> bytes; otherwise the file says why not.
    /// InvalidCommitException, CommitDoesNotExistException.
    /// </summary>
    public async Task<CommitChanges> GetCommitChangesAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, int maxFileDiffBytes, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileDiffBytes, 1);
        if (!string.IsNullOrEmpty(commitSpecifier))
        {
            CommitSpecifiers.Check(commitSpecifier);
        }

        await _authorizer.RequireAsync(call, "codecommit:GetDifferences", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        var commit = await _commits.ResolveAsync(repository, CommitSpecifiers.Resolve(commitSpecifier, repository.DefaultBranch), ct);
        var parent = commit.Parents.FirstOrDefault();
        var files = await _diffs.PatchAsync(repository, parent ?? DiffReader.EmptyTree(commit.CommitId), commit.CommitId, maxFileDiffBytes, ct);
        return new CommitChanges(commit.CommitId, parent, files);
    }

    /// <summary>
    /// <c>codecommit:GetDifferences</c>: what changed from <paramref name="beforeCommitSpecifier"/>
    /// to <paramref name="afterCommitSpecifier"/> (a pull request's merge base and source), each
    /// file with git's unified diff as <see cref="GetCommitChangesAsync"/> gives it.
    /// CommitRequiredException, InvalidCommitException, CommitDoesNotExistException.
    /// </summary>
    public async Task<CommitChanges> GetComparisonChangesAsync(
        CallContext call, string? repositoryName, string? beforeCommitSpecifier, string? afterCommitSpecifier, int maxFileDiffBytes, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileDiffBytes, 1);
        var before = string.IsNullOrEmpty(beforeCommitSpecifier) ? throw CodeCommitErrors.CommitRequired() : CommitSpecifiers.Check(beforeCommitSpecifier);
        var after = string.IsNullOrEmpty(afterCommitSpecifier) ? throw CodeCommitErrors.CommitRequired() : CommitSpecifiers.Check(afterCommitSpecifier);
        await _authorizer.RequireAsync(call, "codecommit:GetDifferences", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        var afterCommit = await _commits.ResolveAsync(repository, after, ct);
        var beforeCommit = await _commits.ResolveAsync(repository, before, ct);
        var files = await _diffs.PatchAsync(repository, beforeCommit.CommitId, afterCommit.CommitId, maxFileDiffBytes, ct);
        return new CommitChanges(afterCommit.CommitId, beforeCommit.CommitId, files);
    }

    private static string PathOf(Difference difference) => (difference.AfterBlob ?? difference.BeforeBlob)!.Path;
}
