using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Commits of a repository and their histories; each public method checks its input, then
/// authorizes the caller on the repository before anything tells whether it exists.
/// </summary>
public sealed class CommitService
{
    /// <summary>BatchGetCommits' limit (the model's CommitIdsLimitExceededException: 100).</summary>
    public const int MaxBatchCommitIds = 100;

    /// <summary>How many versions or commits a history page holds when the caller does not say.</summary>
    public const int DefaultPageSize = 100;

    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;
    private readonly CommitReader _reader;
    private readonly TreeReader _trees;

    internal CommitService(RepositoryStore repositories, IAuthorizer authorizer, CommitReader reader, TreeReader trees)
    {
        _repositories = repositories;
        _authorizer = authorizer;
        _reader = reader;
        _trees = trees;
    }

    /// <summary>
    /// GetCommit: <c>codecommit:GetCommit</c>; CommitIdRequiredException, InvalidCommitIdException,
    /// RepositoryDoesNotExistException, CommitIdDoesNotExistException.
    /// </summary>
    public async Task<CommitInfo> GetAsync(CallContext call, string? repositoryName, string? commitId, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        if (string.IsNullOrEmpty(commitId))
        {
            throw CodeCommitErrors.CommitIdRequired();
        }

        var repository = await AuthorizeAsync(call, "codecommit:GetCommit", name, ct);
        return await _reader.ReadAsync(repository, commitId, ct);
    }

    /// <summary>
    /// BatchGetCommits: <c>codecommit:BatchGetCommits</c>; up to <see cref="MaxBatchCommitIds"/>
    /// full ids. An id that GetCommit would refuse is reported among the errors with GetCommit's
    /// code and message. CommitIdsListRequiredException, CommitIdsLimitExceededException.
    /// </summary>
    public async Task<CommitBatch> BatchGetAsync(CallContext call, string? repositoryName, IReadOnlyList<string>? commitIds, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        if (commitIds is null || commitIds.Count == 0)
        {
            throw CodeCommitErrors.CommitIdsListRequired();
        }

        if (commitIds.Count > MaxBatchCommitIds)
        {
            throw CodeCommitErrors.CommitIdsLimitExceeded();
        }

        var repository = await AuthorizeAsync(call, "codecommit:BatchGetCommits", name, ct);
        List<CommitInfo> commits = [];
        List<CommitError> errors = [];
        foreach (var id in commitIds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                commits.Add(await _reader.ReadAsync(repository, id, ct));
            }
            catch (AwsServiceException refused)
            {
                errors.Add(new CommitError(id, refused.Code, refused.Message));
            }
        }

        return new CommitBatch(commits, errors);
    }

    /// <summary>
    /// ListFileCommitHistory: <c>codecommit:ListFileCommitHistory</c>. The commits reachable from
    /// the specifier's commit (the default branch when absent) that changed the file, newest
    /// first, with the file's blob after each and the listed commits that follow each one; the
    /// path is followed as it is (no rename detection). InvalidCommitException,
    /// CommitDoesNotExistException, PathRequiredException, InvalidPathException,
    /// InvalidMaxResultsException, InvalidContinuationTokenException.
    /// </summary>
    public async Task<Page<FileVersion>> ListFileHistoryAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, string? filePath, PageRequest page, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var path = ContentPaths.File(filePath);
        page = ContentPaging.Check(page);
        var (repository, start) = await StartAsync(call, "codecommit:ListFileCommitHistory", name, commitSpecifier, ct);
        var lines = await HistoryReader.FileCommitsAsync(repository, start.CommitId, path, ct);
        var children = lines.SelectMany(l => l.Parents.Select(p => (Parent: p, Child: l.CommitId)))
            .ToLookup(e => e.Parent, e => e.Child, StringComparer.Ordinal);
        var (ids, next) = PageAfter([.. lines.Select(l => l.CommitId)], page);
        List<FileVersion> versions = [];
        foreach (var id in ids)
        {
            var commit = await _reader.ReadAsync(repository, id, ct);
            var entry = await _trees.FindAsync(repository, commit.TreeId, path, ct);
            versions.Add(new FileVersion(commit, entry is { IsBlob: true } ? entry.Id : null, path, [.. children[id]]));
        }

        return new Page<FileVersion>(versions, next);
    }

    /// <summary>
    /// The console's history: commits reachable from the specifier's commit (the default branch
    /// when absent), newest first, a page at a time; authorized as <c>codecommit:GetCommitHistory</c>,
    /// the permission AWS defines for viewing a history (no API of that name). The token holds
    /// the commit the first page started from, so later pages continue the same history even if
    /// the branch has moved. InvalidCommitException, CommitDoesNotExistException, InvalidContinuationTokenException.
    /// </summary>
    public async Task<Page<CommitInfo>> ListHistoryAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, PageRequest page, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        page = ContentPaging.Check(page);
        var cursor = page.Token is null ? null : HistoryCursor.Decode(page.Token);
        var (repository, start) = await StartAsync(call, "codecommit:GetCommitHistory", name, commitSpecifier, ct);
        var from = cursor is null ? start.CommitId : await ContinuedFromAsync(repository, cursor, ct);
        var skip = cursor?.Skip ?? 0;
        var ids = await HistoryReader.CommitsAsync(repository, from, skip, page.MaxItems + 1, ct);
        var next = ids.Count > page.MaxItems ? new HistoryCursor(from, skip + page.MaxItems).Encode() : null;
        List<CommitInfo> commits = [];
        foreach (var id in ids.Take(page.MaxItems))
        {
            commits.Add(await _reader.ReadAsync(repository, id, ct));
        }

        return new Page<CommitInfo>(commits, next);
    }

    /// <summary>The commit a token's history started from; InvalidContinuationTokenException when this repository has no such commit.</summary>
    private async Task<string> ContinuedFromAsync(RepositoryInfo repository, HistoryCursor cursor, CancellationToken ct)
    {
        try
        {
            return (await _reader.ReadAsync(repository, cursor.Start, ct)).CommitId;
        }
        catch (AwsServiceException)
        {
            throw CodeCommitErrors.InvalidContinuationToken();
        }
    }

    private async Task<RepositoryInfo> AuthorizeAsync(CallContext call, string action, string name, CancellationToken ct)
    {
        await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), ct);
        return await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
    }

    /// <summary>Checks the specifier, authorizes, then finds the repository and the commit a history starts from.</summary>
    private async Task<(RepositoryInfo Repository, CommitInfo Start)> StartAsync(
        CallContext call, string action, string name, string? commitSpecifier, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(commitSpecifier))
        {
            CommitSpecifiers.Check(commitSpecifier);
        }

        var repository = await AuthorizeAsync(call, action, name, ct);
        return (repository, await _reader.ResolveAsync(repository, CommitSpecifiers.Resolve(commitSpecifier, repository.DefaultBranch), ct));
    }

    /// <summary>The ids after the token's commit, at most a page; InvalidContinuationTokenException when the token names none of them.</summary>
    private static (List<string> Ids, string? Next) PageAfter(List<string> ids, PageRequest page)
    {
        var from = 0;
        if (page.Token is { } token)
        {
            var last = PageTokens.TryDecodeKey(token, out var key) ? ids.IndexOf(key) : -1;
            from = last >= 0 ? last + 1 : throw CodeCommitErrors.InvalidContinuationToken();
        }

        var taken = ids.Skip(from).Take(page.MaxItems).ToList();
        var more = from + taken.Count < ids.Count;
        return (taken, more ? PageTokens.EncodeKey(taken[^1]) : null);
    }

    /// <summary>Where a history page goes on: the commit the history started from, and how many commits came before.</summary>
    private sealed record HistoryCursor(string Start, int Skip)
    {
        public string Encode() => PageTokens.Encode(this);

        public static HistoryCursor Decode(string token) =>
            PageTokens.TryDecode<HistoryCursor>(token, out var cursor) && cursor.Skip >= 0 && cursor.Start is not null
                && GitObjectIds.Normalize(cursor.Start) == cursor.Start
                ? cursor
                : throw CodeCommitErrors.InvalidContinuationToken();
    }
}
