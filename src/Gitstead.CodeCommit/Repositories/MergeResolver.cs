using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Turns git's merged tree into the tree of a merge commit: each conflicted file resolved by the
/// caller's <c>conflictResolution</c> entry, else by the strategy (ACCEPT_SOURCE and
/// ACCEPT_DESTINATION as <c>git merge -X theirs</c> / <c>-X ours</c>: <c>git merge-file
/// --theirs/--ours</c> on the three blobs, or the favoured side's whole entry when git cannot
/// merge the content, such as a deletion, a binary file or a submodule). A conflict left
/// unresolved is ManualMergeRequiredException. Then the commit: one parent (squash) or the
/// destination and the source (three-way).
/// </summary>
internal sealed class MergeResolver(MergeEngine engine, CommitWriter writer, TreeReader trees)
{
    public async Task<MergeResult> CommitAsync(
        CallContext call, RepositoryInfo repository, MergeAnalysis analysis, MergeOption option, ConflictDetailLevel level,
        ConflictResolutionStrategy strategy, MergeCommitRequest commit, MergeRequest request, CancellationToken ct)
    {
        var identity = FileWriteRules.Identity(call, commit.AuthorName, commit.Email, commit.CommitMessage);
        var planned = MergeRules.Resolution(commit.ConflictResolution);
        if (analysis.Tree is null)
        {
            throw MergeErrors.UnrelatedHistories(analysis.Source.CommitId, analysis.Destination.CommitId);
        }

        var candidates = analysis.Conflicts.ToDictionary(c => c.Path, StringComparer.Ordinal);
        var unknown = planned.Keys.FirstOrDefault(p => !candidates.ContainsKey(p));
        if (unknown is not null)
        {
            throw MergeErrors.InvalidConflictResolution(unknown);
        }

        var visible = analysis.Visible(level, strategy).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var changes = new List<IndexChange>();
        foreach (var file in analysis.Conflicts)
        {
            var change = planned.TryGetValue(file.Path, out var entry)
                ? await ExplicitAsync(repository, file, entry, analysis.Tree.TreeId, ct)
                : file.LineConflict && strategy is ConflictResolutionStrategy.AcceptSource or ConflictResolutionStrategy.AcceptDestination
                    ? await FavourAsync(repository, file, strategy == ConflictResolutionStrategy.AcceptSource, ct)
                    : visible.Contains(file.Path) ? throw MergeErrors.ManualMergeRequired(file.Path) : null;
            if (change is not null)
            {
                changes.Add(change);
            }
        }

        var treeId = analysis.Tree.TreeId;
        if (changes.Count > 0 || analysis.Tree.SideCopies.Count > 0)
        {
            using var index = await TemporaryIndex.ReadAsync(repository.Path, treeId, ct);
            await index.UpdateAsync(await PlaceAsync(repository, analysis.Tree, changes, ct), ct);
            treeId = await index.WriteTreeAsync(ct);
            var removed = changes.Where(c => c.Mode == "0").Select(c => c.Path).ToList();
            if (commit.KeepEmptyFolders && removed.Count > 0)
            {
                treeId = await KeepEmptyFoldersAsync(repository, index, analysis.Tree.TreeId, treeId, removed, ct);
            }
        }

        var message = identity.Message ?? DefaultMessage(option, request);
        IReadOnlyList<string> parents = option == MergeOption.ThreeWay
            ? [analysis.Destination.CommitId, analysis.Source.CommitId]
            : [analysis.Destination.CommitId];
        var commitId = await writer.CommitTreeAsync(repository, treeId, parents, identity, message, ct);
        return new MergeResult(commitId, treeId);
    }

    /// <summary>
    /// keepEmptyFolders: a folder of git's merged tree that a resolution's deletions emptied keeps
    /// a <c>.gitkeep</c> (only the deepest of such folders needs one), as DeleteFile and CreateCommit do.
    /// </summary>
    private async Task<string> KeepEmptyFoldersAsync(
        RepositoryInfo repository, TemporaryIndex index, string mergedTree, string treeId, List<string> removed, CancellationToken ct)
    {
        var vanished = new List<string>();
        foreach (var folder in removed.Select(FileWriteRules.Folder).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (await trees.FindAsync(repository, treeId, folder, ct) is null && await trees.FindAsync(repository, mergedTree, folder, ct) is { IsTree: true })
            {
                vanished.Add(folder);
            }
        }

        var keep = vanished.Where(f => !vanished.Any(other => other.Length > f.Length && ContentPaths.IsWithin(other, f))).ToList();
        if (keep.Count == 0)
        {
            return treeId;
        }

        var empty = await CommitWriter.HashAsync(repository, [], ct);
        await index.UpdateAsync(keep.Select(f => new IndexChange(FileWriteRules.GitMode(FileModeType.Normal), empty, ContentPaths.Join(f, FileWriteRules.KeepFileName))), ct);
        return await index.WriteTreeAsync(ct);
    }

    /// <summary>
    /// The resolutions as index changes over git's merged tree: the side copies merge-tree wrote
    /// (<c>PATH~COMMIT</c>) go, since every conflict they stand for is resolved at its own path; a
    /// file put where the merged tree has a folder replaces the folder's files; a folder kept
    /// where the merged tree has one stays as git merged it, and elsewhere brings its files.
    /// </summary>
    private async Task<List<IndexChange>> PlaceAsync(RepositoryInfo repository, TreeMerge merged, List<IndexChange> changes, CancellationToken ct)
    {
        var placed = merged.SideCopies.Keys.Select(p => IndexChange.Remove(p, merged.TreeId.Length)).ToList();
        foreach (var change in changes)
        {
            var there = await trees.FindAsync(repository, merged.TreeId, change.Path, ct);
            if (change.Mode is "40000" or "040000")
            {
                if (there is { IsTree: true })
                {
                    continue;
                }

                if (there is not null)
                {
                    placed.Add(IndexChange.Remove(change.Path, merged.TreeId.Length));
                }

                placed.AddRange((await MergeEngine.FilesAsync(repository, change.ObjectId, ct))
                    .Select(f => f with { Path = ContentPaths.Join(change.Path, f.Path) }));
                continue;
            }

            if (there is { IsTree: true })
            {
                placed.AddRange((await MergeEngine.FilesAsync(repository, there.Id, ct))
                    .Select(f => IndexChange.Remove(ContentPaths.Join(change.Path, f.Path), merged.TreeId.Length)));
            }

            placed.Add(change);
        }

        return placed;
    }

    private static string DefaultMessage(MergeOption option, MergeRequest request) =>
        (option == MergeOption.Squash ? "Squash merge " : "Merge ") + $"{request.SourceCommitSpecifier} into {request.DestinationCommitSpecifier}";

    /// <summary>A <c>conflictResolution</c> entry as an index change.</summary>
    private async Task<IndexChange> ExplicitAsync(RepositoryInfo repository, ConflictFile file, PlannedResolution entry, string mergedTree, CancellationToken ct)
    {
        if (entry.Delete)
        {
            return Remove(file);
        }

        TreeEntry? kept;
        if (entry.Content is { } content)
        {
            var blob = await CommitWriter.HashAsync(repository, content, ct);
            var mode = entry.Mode ?? ((file.Destination ?? file.Source) is { IsBlob: true } side ? side.FileMode : FileModeType.Normal);
            return new IndexChange(FileWriteRules.GitMode(mode), blob, file.Path);
        }

        if (entry.Keep is null)
        {
            // A file mode alone resolves only what git merged cleanly apart from the mode.
            if (file.LineConflict && file.Destination?.Id != file.Source?.Id)
            {
                throw MergeErrors.ManualMergeRequired(file.Path);
            }

            kept = file.Destination ?? file.Source;
        }
        else
        {
            kept = entry.Keep switch
            {
                "KEEP_BASE" => file.Base,
                "KEEP_SOURCE" => file.Source,
                _ => file.Destination,
            };
        }

        if (kept is not { IsBlob: true })
        {
            return kept is null ? Remove(file) : new IndexChange(kept.Mode, kept.Id, file.Path);
        }

        return new IndexChange(entry.Mode is { } newMode ? FileWriteRules.GitMode(newMode) : kept.Mode, kept.Id, file.Path);
    }

    /// <summary>ACCEPT_SOURCE (<paramref name="source"/>) or ACCEPT_DESTINATION for a file git could not merge.</summary>
    private async Task<IndexChange> FavourAsync(RepositoryInfo repository, ConflictFile file, bool source, CancellationToken ct)
    {
        var favoured = source ? file.Source : file.Destination;
        if (favoured is null)
        {
            return Remove(file);
        }

        if (file is { Destination.IsBlob: true, Source.IsBlob: true } && favoured.FileMode != FileModeType.Symlink && file.Base is null or { IsBlob: true })
        {
            var destination = (await engine.ReadBlobAsync(repository, file.Destination.Id, ct))!;
            var theirs = (await engine.ReadBlobAsync(repository, file.Source.Id, ct))!;
            var mergeBase = await engine.ReadBlobAsync(repository, file.Base?.Id, ct);
            if (!IsBinary(destination) && !IsBinary(theirs) && !IsBinary(mergeBase ?? []))
            {
                var (_, merged) = await MergeEngine.MergeFileAsync(repository, destination, mergeBase, theirs, source ? "--theirs" : "--ours", ct);
                return new IndexChange(favoured.Mode, await CommitWriter.HashAsync(repository, merged, ct), file.Path);
            }
        }

        return new IndexChange(favoured.Mode, favoured.Id, file.Path);
    }

    private static bool IsBinary(byte[] content) => content.AsSpan(0, Math.Min(content.Length, 8000)).IndexOf((byte)0) >= 0;

    private static IndexChange Remove(ConflictFile file) => IndexChange.Remove(file.Path, (file.Destination ?? file.Source ?? file.Base)?.Id.Length ?? 40);
}
