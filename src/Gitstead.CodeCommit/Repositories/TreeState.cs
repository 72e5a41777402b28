namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The files of one root tree as a write sees them: paths walked a tree at a time through
/// <see cref="TreeReader"/>, each tree read once per write, and the conflicts CodeCommit names
/// when a path to write runs into a file, a folder or a submodule. A null root is an empty repository.
/// </summary>
internal sealed class TreeState(RepositoryInfo repository, TreeReader trees, string? rootTreeId)
{
    private readonly Dictionary<string, IReadOnlyList<TreeEntry>> _read = new(StringComparer.Ordinal);

    /// <summary>The entry at <paramref name="path"/>, or null when some name on the way is missing or no folder.</summary>
    public async Task<TreeEntry?> FindAsync(string path, CancellationToken ct) => (await WalkAsync(path, ct)).Entry;

    /// <summary>The file (a blob: normal, executable or symlink) at the path; FileDoesNotExistException for anything else.</summary>
    public async Task<TreeEntry> FileAsync(string path, CancellationToken ct) =>
        await FindAsync(path, ct) is { IsBlob: true } file ? file : throw CodeCommitErrors.FileDoesNotExist(path);

    /// <summary>
    /// Where a put writes: the file there now, or null for a new one. A folder on the way that is
    /// a file is DirectoryNameConflictsWithFileNameException (unless this commit removes that
    /// file), a submodule FilePathConflictsWithSubmodulePathException; the path itself being a
    /// folder is FileNameConflictsWithDirectoryNameException.
    /// </summary>
    public async Task<TreeEntry?> DestinationAsync(string path, IReadOnlySet<string> removed, CancellationToken ct)
    {
        var walk = await WalkAsync(path, ct);
        if (walk.Blocker is { } blocker)
        {
            if (blocker.Type == "commit")
            {
                throw CodeCommitErrors.FilePathConflictsWithSubmodulePath(path, walk.BlockedAt!);
            }

            return removed.Contains(walk.BlockedAt!) ? null : throw CodeCommitErrors.DirectoryNameConflictsWithFileName(path, walk.BlockedAt!);
        }

        return walk.Entry switch
        {
            { IsTree: true } => throw CodeCommitErrors.FileNameConflictsWithDirectoryName(path),
            { Type: "commit" } => throw CodeCommitErrors.FilePathConflictsWithSubmodulePath(path, path),
            var entry => entry,
        };
    }

    private async Task<Walk> WalkAsync(string path, CancellationToken ct)
    {
        if (rootTreeId is null)
        {
            return new Walk(null, null, null);
        }

        var names = ContentPaths.Segments(path);
        var treeId = rootTreeId;
        for (var i = 0; i < names.Length; i++)
        {
            var entry = (await ReadAsync(treeId, ct)).FirstOrDefault(e => e.Name == names[i]);
            if (entry is null || i == names.Length - 1)
            {
                return new Walk(entry, null, null);
            }

            if (!entry.IsTree)
            {
                return new Walk(null, string.Join('/', names[..(i + 1)]), entry);
            }

            treeId = entry.Id;
        }

        return new Walk(new TreeEntry("040000", "tree", rootTreeId, ""), null, null);
    }

    private async Task<IReadOnlyList<TreeEntry>> ReadAsync(string treeId, CancellationToken ct)
    {
        if (!_read.TryGetValue(treeId, out var entries))
        {
            entries = await trees.ReadAsync(repository, treeId, ct) ?? [];
            _read[treeId] = entries;
        }

        return entries;
    }

    /// <summary>The entry a path leads to, or the first name on the way that is no folder (<paramref name="BlockedAt"/>).</summary>
    private sealed record Walk(TreeEntry? Entry, string? BlockedAt, TreeEntry? Blocker);
}
