using System.Globalization;
using System.Text;
using Gitstead.Aws;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>What a write is to do on which branch, and what it answers when it would change nothing.</summary>
/// <param name="Branch">Short branch name, already checked with <c>git check-ref-format</c>.</param>
/// <param name="ParentCommitId">The tip the caller saw (normalized), or null.</param>
/// <param name="Plan">The changes, checked by <see cref="FileWriteRules"/>.</param>
/// <param name="Identity">Author and committer, and the message when given.</param>
/// <param name="DefaultMessage">The message when the caller gave none, from what the commit changes.</param>
/// <param name="NoChange">The error when the new tree is the parent's.</param>
internal sealed record CommitWrite(
    string Branch,
    string? ParentCommitId,
    ChangePlan Plan,
    CommitIdentity Identity,
    Func<FileChanges, string> DefaultMessage,
    Func<AwsServiceException> NoChange);

/// <summary>What a commit changed, as CreateCommit reports it.</summary>
internal sealed record FileChanges(List<FileMetadata> Added, List<FileMetadata> Updated, List<FileMetadata> Deleted);

/// <summary>A commit made and the branch moved to it.</summary>
internal sealed record WrittenCommit(string CommitId, string TreeId, FileChanges Changes, string? OldTip = null);

/// <summary>
/// Makes a commit on a branch with git's plumbing, never a working tree: blobs with
/// <c>git hash-object -w --stdin</c>, the tree in a <see cref="TemporaryIndex"/> over the parent's
/// tree, the commit with <c>git commit-tree</c>, and the branch moved with
/// <c>git update-ref REF NEW OLD</c>, which git refuses when the branch is no longer at OLD: a
/// push and an API commit racing for the same branch never lose each other's commit, and the
/// API caller that lost is told ParentCommitIdOutdatedException.
/// </summary>
internal sealed class CommitWriter(RepositoryStore repositories, CommitReader commits, TreeReader trees, TimeProvider time)
{
    /// <summary>Checks the parent rules and the changes against the parent's tree, commits, and moves the branch.</summary>
    public async Task<WrittenCommit> WriteAsync(RepositoryInfo repository, CommitWrite write, CancellationToken ct)
    {
        var tip = await BranchService.FindAsync(repository, write.Branch, ct);
        var parent = await ParentAsync(repository, write, tip, ct);
        var tree = new TreeState(repository, trees, parent?.TreeId);
        var resolved = await ResolveAsync(repository, tree, write.Plan, ct);
        var treeId = await BuildTreeAsync(repository, parent?.TreeId, resolved, write.Plan.KeepEmptyFolders, ct);
        if (treeId == parent?.TreeId)
        {
            throw write.NoChange();
        }

        var message = write.Identity.Message ?? write.DefaultMessage(resolved.Changes);
        var commitId = await CommitTreeAsync(repository, treeId, parent is null ? [] : [parent.CommitId], write.Identity, message, ct);
        await MoveBranchAsync(repository, write, commitId, tip?.CommitId, ct);
        if (repository.DefaultBranch is null)
        {
            await repositories.SetDefaultBranchIfUnsetAsync(repository.Key, write.Branch, ct);
        }

        await repositories.TouchAsync(repository.Key, ct);
        return new WrittenCommit(commitId, treeId, resolved.Changes, tip?.CommitId);
    }

    /// <summary>
    /// The parent commit by CodeCommit's rules: an existing branch needs its tip as the parent
    /// (ParentCommitIdRequiredException, ParentCommitDoesNotExistException,
    /// ParentCommitIdOutdatedException); a missing branch is created only in a repository with no
    /// branch yet (else BranchNameIsTagNameException or BranchDoesNotExistException).
    /// </summary>
    private async Task<CommitInfo?> ParentAsync(RepositoryInfo repository, CommitWrite write, BranchInfo? tip, CancellationToken ct)
    {
        var parentId = write.ParentCommitId;
        if (tip is null)
        {
            if (await HasRefAsync(repository, "refs/tags/" + write.Branch, ct))
            {
                throw CodeCommitErrors.BranchNameIsTagName(write.Branch);
            }

            if (await HasRefAsync(repository, "refs/heads/", ct))
            {
                throw CodeCommitErrors.BranchDoesNotExist(write.Branch);
            }

            return parentId is null ? null : await ReadParentAsync(repository, parentId, ct);
        }

        if (parentId is null)
        {
            throw CodeCommitErrors.ParentCommitIdRequired();
        }

        var parent = await ReadParentAsync(repository, parentId, ct);
        return parent.CommitId == tip.CommitId ? parent : throw CodeCommitErrors.ParentCommitIdOutdated(parentId);
    }

    private async Task<CommitInfo> ReadParentAsync(RepositoryInfo repository, string id, CancellationToken ct)
    {
        try
        {
            var commit = await commits.ReadAsync(repository, id, ct);
            return commit.CommitId == id ? commit : throw CodeCommitErrors.ParentCommitDoesNotExist(id); // an annotated tag is no parent
        }
        catch (AwsServiceException missing) when (missing.Code == "CommitIdDoesNotExistException")
        {
            throw CodeCommitErrors.ParentCommitDoesNotExist(id);
        }
    }

    /// <summary>The changes as index lines, each checked against the parent's tree, and what they change.</summary>
    private static async Task<ResolvedChanges> ResolveAsync(RepositoryInfo repository, TreeState tree, ChangePlan plan, CancellationToken ct)
    {
        var changes = new FileChanges([], [], []);
        var removals = new List<IndexChange>();
        var additions = new List<IndexChange>();
        var removed = plan.Deletes.Concat(plan.Puts.Where(p => p.IsMove).Select(p => p.SourcePath!)).ToHashSet(StringComparer.Ordinal);
        foreach (var path in plan.Deletes)
        {
            var file = await tree.FileAsync(path, ct);
            removals.Add(IndexChange.Remove(path, file.Id.Length));
            changes.Deleted.Add(new FileMetadata(path, file.Id, file.FileMode));
        }

        foreach (var put in plan.Puts)
        {
            var existing = await tree.DestinationAsync(put.Path, removed, ct);
            var (blobId, sourceMode) = put.SourcePath is { } from
                ? await SourceAsync(tree, from, put.IsMove, removals, changes, ct)
                : (await HashAsync(repository, put.Content!, ct), (FileModeType?)null);
            var mode = put.Mode ?? sourceMode ?? existing?.FileMode ?? FileModeType.Normal;
            if (existing is not null && existing.Id == blobId && existing.Mode == FileWriteRules.GitMode(mode))
            {
                continue;
            }

            additions.Add(new IndexChange(FileWriteRules.GitMode(mode), blobId, put.Path));
            (existing is null ? changes.Added : changes.Updated).Add(new FileMetadata(put.Path, blobId, mode));
        }

        foreach (var change in plan.Modes)
        {
            var file = await tree.FileAsync(change.Path, ct);
            if (file.Mode != FileWriteRules.GitMode(change.Mode))
            {
                additions.Add(new IndexChange(FileWriteRules.GitMode(change.Mode), file.Id, change.Path));
                changes.Updated.Add(new FileMetadata(change.Path, file.Id, change.Mode));
            }
        }

        return new ResolvedChanges([.. removals, .. additions], removed, changes);
    }

    /// <summary>The blob a copy or move takes; a move also removes the source.</summary>
    private static async Task<(string BlobId, FileModeType? Mode)> SourceAsync(
        TreeState tree, string from, bool isMove, List<IndexChange> removals, FileChanges changes, CancellationToken ct)
    {
        var source = await tree.FileAsync(from, ct);
        if (isMove)
        {
            removals.Add(IndexChange.Remove(from, source.Id.Length));
            changes.Deleted.Add(new FileMetadata(from, source.Id, source.FileMode));
        }

        return (source.Id, source.FileMode);
    }

    /// <summary>
    /// The new root tree. With <paramref name="keepEmptyFolders"/>, a folder that lost its last
    /// file to a deletion or a move keeps a <c>.gitkeep</c> (only the deepest of such folders need one).
    /// </summary>
    private async Task<string> BuildTreeAsync(RepositoryInfo repository, string? parentTreeId, ResolvedChanges resolved, bool keepEmptyFolders, CancellationToken ct)
    {
        using var index = await TemporaryIndex.ReadAsync(repository.Path, parentTreeId, ct);
        await index.UpdateAsync(resolved.Index, ct);
        var treeId = await index.WriteTreeAsync(ct);
        if (!keepEmptyFolders || resolved.Removed.Count == 0)
        {
            return treeId;
        }

        var after = new TreeState(repository, trees, treeId);
        var vanished = new List<string>();
        foreach (var folder in resolved.Removed.Select(FileWriteRules.Folder).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (await after.FindAsync(folder, ct) is null)
            {
                vanished.Add(folder);
            }
        }

        var keep = vanished.Where(f => !vanished.Any(other => other.Length > f.Length && ContentPaths.IsWithin(other, f))).ToList();
        if (keep.Count == 0)
        {
            return treeId;
        }

        var empty = await HashAsync(repository, [], ct);
        var keepFiles = keep.Select(f => ContentPaths.Join(f, FileWriteRules.KeepFileName)).ToList();
        await index.UpdateAsync(keepFiles.Select(path => new IndexChange(FileWriteRules.GitMode(FileModeType.Normal), empty, path)), ct);
        resolved.Changes.Added.AddRange(keepFiles.Select(path => new FileMetadata(path, empty, FileModeType.Normal)));
        return await index.WriteTreeAsync(ct);
    }

    /// <summary>Writes the bytes as a blob, as they are (no filters): its id.</summary>
    internal static async Task<string> HashAsync(RepositoryInfo repository, byte[] content, CancellationToken ct)
    {
        var invocation = GitInvocation.InRepository(repository.Path, ["hash-object", "-w", "--no-filters", "--stdin"], []) with { Input = content };
        return (await GitCommand.RunAsync(invocation, ct)).Expect("git hash-object").Trim();
    }

    /// <summary>The commit object: author and committer the same person at the same instant, the message exactly as given.</summary>
    internal async Task<string> CommitTreeAsync(
        RepositoryInfo repository, string treeId, IReadOnlyList<string> parentIds, CommitIdentity identity, string message, CancellationToken ct)
    {
        var date = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " +0000";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_AUTHOR_NAME"] = identity.Name,
            ["GIT_AUTHOR_EMAIL"] = identity.Email,
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_NAME"] = identity.Name,
            ["GIT_COMMITTER_EMAIL"] = identity.Email,
            ["GIT_COMMITTER_DATE"] = date,
        };

        // The parents are ids git itself gave (tips read from refs), so they may stand beside their option.
        string[] options = ["commit-tree", .. parentIds.SelectMany(p => new[] { "-p", p })];
        var invocation = GitInvocation.InRepository(repository.Path, options, [treeId]) with
        {
            Input = Encoding.UTF8.GetBytes(message),
            Environment = environment,
        };
        return (await GitCommand.RunAsync(invocation, ct)).Expect("git commit-tree").Trim();
    }

    /// <summary>
    /// Moves the branch from the tip read at the start (or creates it when there was none) to the
    /// new commit; git refuses when the branch has moved since, and the caller is told so.
    /// </summary>
    private static async Task MoveBranchAsync(RepositoryInfo repository, CommitWrite write, string commitId, string? oldTip, CancellationToken ct)
    {
        // An empty old value makes git refuse to overwrite a branch created meanwhile.
        var update = await GitCommand.InRepositoryAsync(repository.Path, ["update-ref"], ["refs/heads/" + write.Branch, commitId, oldTip ?? ""], ct);
        if (!update.Succeeded)
        {
            throw CodeCommitErrors.ParentCommitIdOutdated(write.ParentCommitId ?? oldTip ?? "(none)");
        }
    }

    private static async Task<bool> HasRefAsync(RepositoryInfo repository, string pattern, CancellationToken ct)
    {
        var listing = await GitCommand.InRepositoryAsync(repository.Path, ["for-each-ref", "--count=1", "--format=%(refname)"], [pattern], ct);
        return listing.Expect("git for-each-ref").Trim().Length > 0;
    }

    private sealed record ResolvedChanges(List<IndexChange> Index, HashSet<string> Removed, FileChanges Changes);
}
