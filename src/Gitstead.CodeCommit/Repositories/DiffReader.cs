using System.Globalization;
using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Compares trees with <c>git diff-tree -r -z --no-renames</c>: every changed path once, a
/// rename as the old path deleted and the new one added (as CodeCommit reports it), paths
/// NUL-separated so any byte parses safely.
/// </summary>
internal sealed class DiffReader(TreeReader trees)
{
    /// <summary>The most a raw listing may take; at about 100 bytes a record, a million changed paths.</summary>
    private const int MaxRawBytes = 128 * 1024 * 1024;

    /// <summary>The most patch text one commit's comparison may hold; past it, no file's diff is rendered.</summary>
    private const int MaxPatchBytes = 32 * 1024 * 1024;

    private static readonly string[] RawOptions = ["diff-tree", "-r", "-z", "--raw", "--no-renames"];

    /// <summary>git's id of the tree with nothing in it, which every repository knows without storing it.</summary>
    public static string EmptyTree(string likeId) => likeId.Length == 64
        ? "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321"
        : "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    /// <summary>Every path that differs between two trees (or commits), in git's order.</summary>
    public async Task<List<RawChange>> CompareAsync(RepositoryInfo repository, string before, string after, CancellationToken ct)
    {
        var output = await GitRunner.RunToBytesAsync(GitInvocation.InRepository(repository.Path, RawOptions, [before, after]), MaxRawBytes, ct);
        return GitDiffOutput.ParseRaw(output.Expect("git diff-tree")).Changes;
    }

    /// <summary>
    /// GetDifferences' comparison of two commits' trees. With both paths given and different,
    /// the folder (or file) at <paramref name="beforePath"/> is compared with the one at
    /// <paramref name="afterPath"/>, and paths inside folders are relative to them (AWS's own
    /// example of a renamed folder answers so); otherwise the one path given limits the result.
    /// PathDoesNotExistException for a path found in neither commit.
    /// </summary>
    public async Task<List<Difference>> DifferencesAsync(
        RepositoryInfo repository, string? beforeTree, string afterTree, string? beforePath, string? afterPath, CancellationToken ct)
    {
        if (beforePath is not null && afterPath is not null && beforePath != afterPath)
        {
            return await BetweenPathsAsync(repository, beforeTree, afterTree, beforePath, afterPath, ct);
        }

        var scope = afterPath ?? beforePath;
        if (scope is not null && await trees.FindAsync(repository, afterTree, scope, ct) is null
            && (beforeTree is null || await trees.FindAsync(repository, beforeTree, scope, ct) is null))
        {
            throw CodeCommitErrors.PathDoesNotExist(scope);
        }

        var changes = await CompareAsync(repository, beforeTree ?? EmptyTree(afterTree), afterTree, ct);
        return [.. changes.Where(c => scope is null || ContentPaths.IsWithin(c.Path, scope)).Select(c => c.ToDifference())];
    }

    /// <summary>
    /// What a commit changed against <paramref name="before"/> (a commit, or the empty tree),
    /// with git's unified diff per file: one <c>diff-tree -p</c> run, split at its <c>diff --git</c>
    /// lines. Blobs over <paramref name="maxFileDiffBytes"/> are never diffed (git's
    /// <c>core.bigFileThreshold</c>), and a part longer than that is not returned.
    /// </summary>
    public async Task<List<FileChange>> PatchAsync(RepositoryInfo repository, string before, string after, int maxFileDiffBytes, CancellationToken ct)
    {
        string[] options =
        [
            "-c", "core.bigFileThreshold=" + maxFileDiffBytes.ToString(CultureInfo.InvariantCulture),
            .. RawOptions, "-p", "--full-index", "--no-color", "--no-ext-diff", "--no-textconv",
        ];
        GitOutput output;
        try
        {
            output = await GitRunner.RunToBytesAsync(GitInvocation.InRepository(repository.Path, options, [before, after]), MaxPatchBytes, ct);
        }
        catch (GitOutputTooLargeException)
        {
            var all = await CompareAsync(repository, before, after, ct);
            return [.. all.Select(c => new FileChange(c.ChangeType, c.Before, c.After, DiffRendering.TooLarge, null))];
        }

        var bytes = output.Expect("git diff-tree -p");
        var (changes, end) = GitDiffOutput.ParseRaw(bytes);
        var text = Encoding.UTF8.GetString(bytes.AsSpan(Math.Min(end + 1, bytes.Length)));
        var parts = GitDiffOutput.PartsPerChange(changes, GitDiffOutput.SplitPatches(text));
        var sizes = await SizesAsync(repository, changes.Where((_, i) => GitDiffOutput.IsBinaryPart(parts[i])), ct);
        return [.. changes.Select((c, i) => Render(c, parts[i], maxFileDiffBytes, sizes))];
    }

    private static FileChange Render(RawChange change, string part, int maxFileDiffBytes, IReadOnlyDictionary<string, long> sizes)
    {
        if (GitDiffOutput.IsBinaryPart(part))
        {
            var large = new[] { change.OldId, change.NewId }.Any(id => sizes.GetValueOrDefault(id) > maxFileDiffBytes);
            return new FileChange(change.ChangeType, change.Before, change.After, large ? DiffRendering.TooLarge : DiffRendering.Binary, null);
        }

        return Encoding.UTF8.GetByteCount(part) > maxFileDiffBytes
            ? new FileChange(change.ChangeType, change.Before, change.After, DiffRendering.TooLarge, null)
            : new FileChange(change.ChangeType, change.Before, change.After, DiffRendering.Text, part);
    }

    /// <summary>The sizes of the changes' blobs, from one <c>git cat-file --batch-check</c>.</summary>
    private static async Task<Dictionary<string, long>> SizesAsync(RepositoryInfo repository, IEnumerable<RawChange> changes, CancellationToken ct)
    {
        var ids = changes.SelectMany(c => new[] { c.OldId, c.NewId }).Where(id => id.Any(ch => ch != '0')).Distinct().ToList();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return sizes;
        }

        var check = GitInvocation.InRepository(repository.Path, ["cat-file", "--batch-check"], []) with
        {
            Input = Encoding.ASCII.GetBytes(string.Join('\n', ids) + "\n"),
        };
        var output = await GitRunner.RunToBytesAsync(check, MaxRawBytes, ct);
        foreach (var line in Encoding.ASCII.GetString(output.Expect("git cat-file --batch-check")).Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length == 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                sizes[fields[0]] = size;
            }
        }

        return sizes;
    }

    /// <summary>
    /// The folder or file at one path of the before commit against the one at another path of
    /// the after commit. A file on a side counts as a deletion or an addition of that file,
    /// unless both sides are files, which differ or not as one file.
    /// </summary>
    private async Task<List<Difference>> BetweenPathsAsync(
        RepositoryInfo repository, string? beforeTree, string afterTree, string beforePath, string afterPath, CancellationToken ct)
    {
        var after = await trees.FindAsync(repository, afterTree, afterPath, ct) ?? throw CodeCommitErrors.PathDoesNotExist(afterPath);
        var before = beforeTree is null ? null
            : await trees.FindAsync(repository, beforeTree, beforePath, ct) ?? throw CodeCommitErrors.PathDoesNotExist(beforePath);
        if (before is { IsTree: false } && !after.IsTree)
        {
            return before.Id == after.Id && before.Mode == after.Mode ? [] :
                [new Difference(new BlobMetadata(before.Id, beforePath, before.Mode), new BlobMetadata(after.Id, afterPath, after.Mode), ChangeType.Modified)];
        }

        var empty = EmptyTree(afterTree);
        var differences = new List<Difference>();
        if (before is { IsTree: false })
        {
            differences.Add(new Difference(new BlobMetadata(before.Id, beforePath, before.Mode), null, ChangeType.Deleted));
        }

        if (!after.IsTree)
        {
            differences.Add(new Difference(null, new BlobMetadata(after.Id, afterPath, after.Mode), ChangeType.Added));
        }

        var (from, to) = (before is { IsTree: true } ? before.Id : empty, after.IsTree ? after.Id : empty);
        if (from != to)
        {
            differences.AddRange((await CompareAsync(repository, from, to, ct)).Select(c => c.ToDifference()));
        }

        return differences;
    }
}
