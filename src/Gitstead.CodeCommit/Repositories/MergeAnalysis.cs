namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// One path of a merge that is in conflict: what base, destination and source hold there (null:
/// nothing); <c>LineConflict</c> when git could not merge it (a true conflict at any detail level).
/// </summary>
internal sealed record ConflictFile(string Path, TreeEntry? Base, TreeEntry? Destination, TreeEntry? Source, bool LineConflict);

/// <summary>
/// Two commits and how they merge: the merge base, whether the destination fast-forwards to the
/// source, git's merged tree and its conflicts, and the files both sides changed (the extra
/// conflicts of FILE_LEVEL).
/// </summary>
internal sealed record MergeAnalysis(
    CommitInfo Source,
    CommitInfo Destination,
    string? BaseCommitId,
    bool FastForward,
    bool UpToDate,
    TreeMerge? Tree,
    IReadOnlyList<ConflictFile> Conflicts)
{
    public MergeCommits Commits => new(Source.CommitId, Destination.CommitId, BaseCommitId);

    /// <summary>The conflicts a caller sees at this level with this strategy: none left under ACCEPT_*, only git's under AUTOMERGE or LINE_LEVEL.</summary>
    public IReadOnlyList<ConflictFile> Visible(ConflictDetailLevel level, ConflictResolutionStrategy strategy) => strategy switch
    {
        ConflictResolutionStrategy.AcceptSource or ConflictResolutionStrategy.AcceptDestination => [],
        ConflictResolutionStrategy.Automerge => [.. Conflicts.Where(c => c.LineConflict)],
        _ => level == ConflictDetailLevel.LineLevel ? [.. Conflicts.Where(c => c.LineConflict)] : Conflicts,
    };
}

/// <summary>Builds a <see cref="MergeAnalysis"/> from git's answers.</summary>
internal sealed class MergeAnalyzer(CommitReader commits, TreeReader trees)
{
    public async Task<MergeAnalysis> AnalyzeAsync(RepositoryInfo repository, string source, string destination, CancellationToken ct)
    {
        var sourceCommit = await commits.ResolveAsync(repository, source, ct);
        var destinationCommit = await commits.ResolveAsync(repository, destination, ct);
        var baseId = await MergeEngine.MergeBaseAsync(repository, destinationCommit.CommitId, sourceCommit.CommitId, ct);
        if (baseId is null)
        {
            return new MergeAnalysis(sourceCommit, destinationCommit, null, false, false, null, []);
        }

        var fastForward = baseId == destinationCommit.CommitId;
        var upToDate = baseId == sourceCommit.CommitId;
        if (!fastForward && !upToDate)
        {
            foreach (var tip in new[] { destinationCommit.CommitId, sourceCommit.CommitId })
            {
                if (await MergeEngine.CountCommitsAsync(repository, baseId, tip, MergeRules.MaxDivergentCommits + 1, ct) > MergeRules.MaxDivergentCommits)
                {
                    throw MergeErrors.TipsDivergenceExceeded(MergeRules.MaxDivergentCommits);
                }
            }
        }

        var merged = await MergeEngine.MergeTreesAsync(repository, destinationCommit.CommitId, sourceCommit.CommitId, ct);
        var baseTree = (await commits.ReadAsync(repository, baseId, ct)).TreeId;
        var conflicted = merged.ConflictedPaths.ToHashSet(StringComparer.Ordinal);
        var bothChanged = fastForward || upToDate
            ? []
            : (await MergeEngine.ChangedPathsAsync(repository, baseTree, destinationCommit.TreeId, ct))
                .Intersect(await MergeEngine.ChangedPathsAsync(repository, baseTree, sourceCommit.TreeId, ct)).ToHashSet(StringComparer.Ordinal);
        var files = new List<ConflictFile>();
        foreach (var path in conflicted.Union(bothChanged).Order(StringComparer.Ordinal))
        {
            var file = new ConflictFile(
                path,
                await trees.FindAsync(repository, baseTree, path, ct),
                await trees.FindAsync(repository, destinationCommit.TreeId, path, ct),
                await trees.FindAsync(repository, sourceCommit.TreeId, path, ct),
                conflicted.Contains(path));
            if (file.LineConflict || !Same(file.Destination, file.Source))
            {
                files.Add(file);
            }
        }

        return new MergeAnalysis(sourceCommit, destinationCommit, baseId, fastForward, upToDate, merged, files);
    }

    private static bool Same(TreeEntry? a, TreeEntry? b) => a?.Id == b?.Id && a?.Mode == b?.Mode;
}
