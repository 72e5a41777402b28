using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// CodeCommit's merges and their conflicts, made with git's own merge (<see cref="MergeEngine"/>).
/// Each public method checks the request (<see cref="MergeRules"/>), authorizes its own action on
/// the repository (with the branch to move as <c>codecommit:References</c> for the merges that
/// move one), opens the repository under its KMS key, and answers; a merge that writes a commit
/// queues the repository's maintenance as a push does; errors are CodeCommit's
/// modelled exceptions and <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class MergeService
{
    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;
    private readonly MergeAnalyzer _analyzer;
    private readonly ConflictDescriber _describer;
    private readonly MergeResolver _resolver;
    private readonly TriggerQueue? _triggers;
    private readonly RepositoryMaintenance? _maintenance;

    internal MergeService(
        RepositoryStore repositories, IAuthorizer authorizer, MergeAnalyzer analyzer, ConflictDescriber describer, MergeResolver resolver, TriggerQueue? triggers = null,
        RepositoryMaintenance? maintenance = null)
    {
        _triggers = triggers;
        _maintenance = maintenance;
        _repositories = repositories;
        _authorizer = authorizer;
        _analyzer = analyzer;
        _describer = describer;
        _resolver = resolver;
    }

    /// <summary>GetMergeOptions: <c>codecommit:GetMergeOptions</c>; FAST_FORWARD_MERGE when the destination is an ancestor of the source, SQUASH_MERGE and THREE_WAY_MERGE when no conflict is left at this level and strategy.</summary>
    public async Task<MergeOptionsResult> GetMergeOptionsAsync(CallContext call, MergeRequest request, CancellationToken ct)
    {
        var (_, analysis, level, strategy) = await ReadAsync(call, "codecommit:GetMergeOptions", request, ct);
        var options = new List<MergeOption>();
        if (analysis.FastForward)
        {
            options.Add(MergeOption.FastForward);
        }

        if (analysis.Tree is not null && analysis.Visible(level, strategy).Count == 0)
        {
            options.AddRange([MergeOption.Squash, MergeOption.ThreeWay]);
        }

        return new MergeOptionsResult(analysis.Commits, options);
    }

    /// <summary>GetMergeConflicts: <c>codecommit:GetMergeConflicts</c>; whether the merge can be made, and a page of its conflicted files.</summary>
    public async Task<MergeConflictsResult> GetMergeConflictsAsync(
        CallContext call, MergeRequest request, string? mergeOption, int? maxConflictFiles, string? nextToken, CancellationToken ct)
    {
        var option = MergeRules.Option(mergeOption);
        var size = MergeRules.PageSize(maxConflictFiles, MergeErrors.InvalidMaxConflictFiles);
        var (repository, analysis, level, strategy) = await ReadAsync(call, "codecommit:GetMergeConflicts", request, ct);
        var conflicts = Conflicts(analysis, option, level, strategy);
        var (page, next) = Page(conflicts, nextToken, size, "files");
        var metadata = new List<ConflictMetadata>();
        foreach (var file in page)
        {
            metadata.Add((await _describer.DescribeAsync(repository, file, withHunks: false, ct)).Metadata);
        }

        return new MergeConflictsResult(analysis.Commits, Mergeable(analysis, option, conflicts), metadata, next);
    }

    /// <summary>DescribeMergeConflicts: <c>codecommit:DescribeMergeConflicts</c>; one conflicted file and a page of its hunks.</summary>
    public async Task<DescribedConflict> DescribeMergeConflictsAsync(
        CallContext call, MergeRequest request, string? mergeOption, string? filePath, int? maxMergeHunks, string? nextToken, CancellationToken ct)
    {
        var option = MergeRules.Option(mergeOption);
        var path = ContentPaths.File(filePath);
        var size = MergeRules.PageSize(maxMergeHunks, MergeErrors.InvalidMaxMergeHunks);
        var (repository, analysis, level, strategy) = await ReadAsync(call, "codecommit:DescribeMergeConflicts", request, ct);
        var file = Conflicts(analysis, option, level, strategy).FirstOrDefault(c => c.Path == path) ?? throw MergeErrors.NotAConflict(path);
        var described = await _describer.DescribeAsync(repository, file, withHunks: true, ct);
        var (hunks, next) = Page(described.Hunks, nextToken, size, "hunks");
        return new DescribedConflict(analysis.Commits, described.Metadata, hunks, next);
    }

    /// <summary>BatchDescribeMergeConflicts: <c>codecommit:BatchDescribeMergeConflicts</c>; a page of conflicted files (of <paramref name="filePaths"/> when given), each with up to <paramref name="maxMergeHunks"/> hunks.</summary>
    public async Task<DescribedConflicts> BatchDescribeMergeConflictsAsync(
        CallContext call, MergeRequest request, string? mergeOption, IReadOnlyList<string>? filePaths, int? maxConflictFiles, int? maxMergeHunks,
        string? nextToken, CancellationToken ct)
    {
        var option = MergeRules.Option(mergeOption);
        var files = MergeRules.PageSize(maxConflictFiles, MergeErrors.InvalidMaxConflictFiles);
        var hunks = MergeRules.PageSize(maxMergeHunks, MergeErrors.InvalidMaxMergeHunks);
        var wanted = filePaths is { Count: > 0 } ? filePaths.Select(ContentPaths.File).ToHashSet(StringComparer.Ordinal) : null;
        var (repository, analysis, level, strategy) = await ReadAsync(call, "codecommit:BatchDescribeMergeConflicts", request, ct);
        var conflicts = Conflicts(analysis, option, level, strategy).Where(c => wanted is null || wanted.Contains(c.Path)).ToList();
        var errors = wanted is null
            ? []
            : wanted.Except(conflicts.Select(c => c.Path)).Order(StringComparer.Ordinal)
                .Select(p => new ConflictError(p, "FileDoesNotExistException", MergeErrors.NotAConflict(p).Message)).ToList();
        var (page, next) = Page(conflicts, nextToken, files, "files");
        var described = new List<MergeConflict>();
        foreach (var file in page)
        {
            var conflict = await _describer.DescribeAsync(repository, file, withHunks: true, ct);
            described.Add(conflict with { Hunks = [.. conflict.Hunks.Take(hunks)] });
        }

        return new DescribedConflicts(analysis.Commits, described, errors, next);
    }

    /// <summary>GetMergeCommit: <c>codecommit:GetMergeCommit</c>; the commits, and the merge commit on the destination that has the source as a parent, when there is one.</summary>
    public async Task<MergeCommitInfo> GetMergeCommitAsync(CallContext call, MergeRequest request, CancellationToken ct)
    {
        var (repository, analysis, _, _) = await ReadAsync(call, "codecommit:GetMergeCommit", request, ct);
        string? merged = null;
        if (analysis.UpToDate && analysis.Source.CommitId != analysis.Destination.CommitId)
        {
            var path = await MergeEngine.AncestryPathAsync(repository, analysis.Source.CommitId, analysis.Destination.CommitId, ct);
            merged = path.FirstOrDefault(c => c.Length > 2 && c.Skip(1).Contains(analysis.Source.CommitId))?[0];
        }

        return new MergeCommitInfo(analysis.Commits, merged);
    }

    /// <summary>MergeBranchesByFastForward: <c>codecommit:MergeBranchesByFastForward</c>; moves the target branch to the source when the destination is its ancestor, else ManualMergeRequiredException.</summary>
    public Task<MergeResult> MergeByFastForwardAsync(CallContext call, MergeRequest request, string? targetBranch, CancellationToken ct) =>
        FastForwardAsync(call, "codecommit:MergeBranchesByFastForward", request, targetBranch, ct);

    /// <summary>
    /// A pull request's merge of its source commit into its destination branch, the same merge as
    /// the branch merges, authorized as <paramref name="action"/> (<c>codecommit:MergePullRequestBy*</c>)
    /// with the destination as <c>codecommit:References</c>.
    /// </summary>
    internal Task<MergeResult> MergePullRequestAsync(CallContext call, string action, MergeRequest request, MergeCommitRequest commit, MergeOption option, CancellationToken ct) =>
        option == MergeOption.FastForward ? FastForwardAsync(call, action, request, null, ct) : MergeAsync(call, action, request, commit, option, ct);

    private async Task<MergeResult> FastForwardAsync(CallContext call, string action, MergeRequest request, string? targetBranch, CancellationToken ct)
    {
        var (repository, analysis, target) = await WriteAsync(call, action, request, targetBranch, ct);
        if (analysis.UpToDate)
        {
            return new MergeResult(analysis.Destination.CommitId, analysis.Destination.TreeId);
        }

        if (!analysis.FastForward)
        {
            throw analysis.BaseCommitId is null ? MergeErrors.UnrelatedHistories(analysis.Source.CommitId, analysis.Destination.CommitId) : MergeErrors.ManualMergeRequired();
        }

        await MoveAsync(call, repository, target, analysis.Source.CommitId, ct);
        return new MergeResult(analysis.Source.CommitId, analysis.Source.TreeId);
    }

    /// <summary>MergeBranchesBySquash: <c>codecommit:MergeBranchesBySquash</c>; one commit on the destination with the merged tree.</summary>
    public Task<MergeResult> MergeBySquashAsync(CallContext call, MergeRequest request, MergeCommitRequest commit, CancellationToken ct) =>
        MergeAsync(call, "codecommit:MergeBranchesBySquash", request, commit, MergeOption.Squash, ct);

    /// <summary>MergeBranchesByThreeWay: <c>codecommit:MergeBranchesByThreeWay</c>; a merge commit with the destination and the source as parents.</summary>
    public Task<MergeResult> MergeByThreeWayAsync(CallContext call, MergeRequest request, MergeCommitRequest commit, CancellationToken ct) =>
        MergeAsync(call, "codecommit:MergeBranchesByThreeWay", request, commit, MergeOption.ThreeWay, ct);

    /// <summary>
    /// CreateUnreferencedMergeCommit: <c>codecommit:CreateUnreferencedMergeCommit</c>; the commit a
    /// merge would make, referenced by no branch (a fast-forward answers the source itself).
    /// </summary>
    public async Task<MergeResult> CreateUnreferencedMergeCommitAsync(
        CallContext call, MergeRequest request, string? mergeOption, MergeCommitRequest commit, CancellationToken ct)
    {
        var option = MergeRules.Option(mergeOption);
        var level = MergeRules.DetailLevel(request.ConflictDetailLevel);
        var strategy = MergeRules.Strategy(request.ConflictResolutionStrategy);
        var (source, destination) = Specifiers(request);
        var name = RepositoryRules.Name(request.RepositoryName);
        await _authorizer.RequireAsync(call, "codecommit:CreateUnreferencedMergeCommit", RepositoryService.Arn(call, name), null, ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Write, ct);
        var analysis = await _analyzer.AnalyzeAsync(repository, source, destination, ct);
        if (option == MergeOption.FastForward)
        {
            return analysis.FastForward || analysis.UpToDate
                ? new MergeResult(analysis.Source.CommitId, analysis.Source.TreeId)
                : throw (analysis.BaseCommitId is null ? MergeErrors.UnrelatedHistories(analysis.Source.CommitId, analysis.Destination.CommitId) : MergeErrors.ManualMergeRequired());
        }

        var made = await _resolver.CommitAsync(call, repository, analysis, option, level, strategy, commit, request, ct);
        _maintenance?.Schedule(repository.Path);
        return made;
    }

    private async Task<MergeResult> MergeAsync(
        CallContext call, string action, MergeRequest request, MergeCommitRequest commit, MergeOption option, CancellationToken ct)
    {
        var level = MergeRules.DetailLevel(request.ConflictDetailLevel);
        var strategy = MergeRules.Strategy(request.ConflictResolutionStrategy);
        var (repository, analysis, target) = await WriteAsync(call, action, request, commit.TargetBranch, ct);
        if (analysis.UpToDate)
        {
            return new MergeResult(analysis.Destination.CommitId, analysis.Destination.TreeId);
        }

        var made = await _resolver.CommitAsync(call, repository, analysis, option, level, strategy, commit, request, ct);
        _maintenance?.Schedule(repository.Path); // the merge commit's objects are loose whether or not the branch moves
        await MoveAsync(call, repository, target, made.CommitId, ct);
        return made;
    }

    /// <summary>Checks, authorizes, opens for reading and analyses a merge that moves nothing.</summary>
    private async Task<(RepositoryInfo, MergeAnalysis, ConflictDetailLevel, ConflictResolutionStrategy)> ReadAsync(
        CallContext call, string action, MergeRequest request, CancellationToken ct)
    {
        var name = RepositoryRules.Name(request.RepositoryName);
        var (source, destination) = Specifiers(request);
        var level = MergeRules.DetailLevel(request.ConflictDetailLevel);
        var strategy = MergeRules.Strategy(request.ConflictResolutionStrategy);
        await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), null, ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        return (repository, await _analyzer.AnalyzeAsync(repository, source, destination, ct), level, strategy);
    }

    /// <summary>
    /// Checks, authorizes with the target branch as <c>codecommit:References</c>, opens for
    /// writing, finds the target branch's tip (which the final <c>git update-ref</c> compares
    /// against) and analyses.
    /// </summary>
    private async Task<(RepositoryInfo, MergeAnalysis, TargetTip)> WriteAsync(
        CallContext call, string action, MergeRequest request, string? targetBranch, CancellationToken ct)
    {
        var name = RepositoryRules.Name(request.RepositoryName);
        var (source, destination) = Specifiers(request);
        var explicitTarget = !string.IsNullOrEmpty(targetBranch);
        var branch = Short(explicitTarget ? targetBranch! : destination);
        await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), RepositoryRules.References(branch), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Write, ct);
        var tip = await TargetAsync(repository, branch, explicitTarget, ct);
        return (repository, await _analyzer.AnalyzeAsync(repository, source, destination, ct), tip);
    }

    /// <summary>
    /// The branch to move and its tip now. An explicit <c>targetBranch</c> must be a branch
    /// (InvalidBranchNameException, BranchNameIsTagNameException, BranchDoesNotExistException);
    /// without one the destination must name a branch (InvalidTargetBranchException).
    /// </summary>
    private static async Task<TargetTip> TargetAsync(RepositoryInfo repository, string branch, bool explicitTarget, CancellationToken ct)
    {
        if (explicitTarget)
        {
            await BranchService.CheckNameAsync(repository, branch, ct);
        }

        var tip = CommitSpecifiers.IsValid(branch) ? await BranchService.FindAsync(repository, branch, ct) : null;
        if (tip is not null)
        {
            return new TargetTip(branch, tip.CommitId);
        }

        if (!explicitTarget)
        {
            throw MergeErrors.InvalidTargetBranch(branch);
        }

        throw await MergeEngine.HasTagAsync(repository, branch, ct) ? CodeCommitErrors.BranchNameIsTagName(branch) : CodeCommitErrors.BranchDoesNotExist(branch);
    }

    private async Task MoveAsync(CallContext call, RepositoryInfo repository, TargetTip target, string commitId, CancellationToken ct)
    {
        if (!await MergeEngine.MoveBranchAsync(repository, target.Branch, commitId, target.CommitId, ct))
        {
            throw MergeErrors.ConcurrentReferenceUpdate(target.Branch);
        }

        if (_triggers is not null)
        {
            await _triggers.EnqueueAsync(repository, call.Caller.Arn, [new ReferenceChange("refs/heads/" + target.Branch, target.CommitId, commitId)]);
        }
    }

    private static (string Source, string Destination) Specifiers(MergeRequest request)
    {
        RepositoryRules.Name(request.RepositoryName);
        return (MergeRules.Specifier(request.SourceCommitSpecifier), MergeRules.Specifier(request.DestinationCommitSpecifier));
    }

    private static string Short(string name) => name.StartsWith("refs/heads/", StringComparison.Ordinal) ? name["refs/heads/".Length..] : name;

    /// <summary>The files in conflict for this option: none for a fast-forward.</summary>
    private static IReadOnlyList<ConflictFile> Conflicts(MergeAnalysis analysis, MergeOption option, ConflictDetailLevel level, ConflictResolutionStrategy strategy) =>
        option == MergeOption.FastForward || analysis.UpToDate ? [] : analysis.Visible(level, strategy);

    private static bool Mergeable(MergeAnalysis analysis, MergeOption option, IReadOnlyList<ConflictFile> conflicts) =>
        option == MergeOption.FastForward ? analysis.FastForward || analysis.UpToDate : analysis.Tree is not null && conflicts.Count == 0;

    /// <summary>A page of <paramref name="items"/> from the offset a token carries; InvalidContinuationTokenException for a token not issued here.</summary>
    private static (List<T> Items, string? Next) Page<T>(IReadOnlyList<T> items, string? token, int size, string kind)
    {
        var offset = 0;
        if (!string.IsNullOrEmpty(token))
        {
            offset = PageTokens.TryDecode<MergeToken>(token, out var cursor) && cursor.Kind == kind && cursor.Offset >= 0 && cursor.Offset <= items.Count
                ? cursor.Offset
                : throw CodeCommitErrors.InvalidContinuationToken();
        }

        var page = items.Skip(offset).Take(size).ToList();
        var end = offset + page.Count;
        return (page, end < items.Count ? PageTokens.Encode(new MergeToken(kind, end)) : null);
    }

    private sealed record MergeToken(string Kind, int Offset);
}

/// <summary>The branch a merge moves and the tip it had when the merge began.</summary>
internal sealed record TargetTip(string Branch, string CommitId);
