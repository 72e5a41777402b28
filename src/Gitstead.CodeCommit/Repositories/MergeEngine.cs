using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// What <c>git merge-tree --write-tree</c> made of two commits: its tree (conflicted files with
/// markers), the paths it could not merge, and the side copies it wrote for a file/directory or
/// rename conflict (<c>PATH~COMMIT</c>, by copy path), each conflict listed under its own path.
/// </summary>
internal sealed record TreeMerge(string TreeId, IReadOnlyList<string> ConflictedPaths, IReadOnlyDictionary<string, string> SideCopies);

/// <summary>One change of a line diff: <c>Count</c> lines from <c>Start</c> (0-based) of the old file became <c>NewCount</c> lines from <c>NewStart</c> of the new one.</summary>
internal readonly record struct LineChange(int Start, int Count, int NewStart, int NewCount);

/// <summary>
/// git's merge machinery over a bare repository, never a working tree: <c>git merge-base</c>,
/// <c>git merge-tree --write-tree</c> (the merge <c>git merge</c> makes, renames included) and
/// <c>git merge-file</c> on temporary copies of three blobs for the per-file work merge-tree
/// 2.39 cannot do (<c>-X ours/theirs</c>, conflict hunks). Every value handed to git is an
/// object id git gave or a path in a private temporary folder.
/// </summary>
internal sealed class MergeEngine(CatFilePool objects)
{
    /// <summary>The merge base of two commits, or null for unrelated histories.</summary>
    public static async Task<string?> MergeBaseAsync(RepositoryInfo repository, string a, string b, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["merge-base"], [a, b], ct);
        return result.ExitCode == 1 ? null : result.Expect("git merge-base").Trim();
    }

    /// <summary>The commits of <c>FROM..TO</c>, counted up to <paramref name="atMost"/> (<c>git rev-list --count --max-count</c>).</summary>
    public static async Task<int> CountCommitsAsync(RepositoryInfo repository, string from, string to, int atMost, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(
            repository.Path, ["rev-list", "--count", "--max-count=" + atMost.ToString(System.Globalization.CultureInfo.InvariantCulture)], [$"{from}..{to}"], ct);
        return int.Parse(result.Expect("git rev-list --count").Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors.</summary>
    public static async Task<bool> IsAncestorAsync(RepositoryInfo repository, string ancestor, string descendant, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["merge-base", "--is-ancestor"], [ancestor, descendant], ct);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new GitCommandException($"git merge-base --is-ancestor failed (exit {result.ExitCode}): {result.Stderr.Trim()}"),
        };
    }

    /// <summary>
    /// <c>git merge-tree --write-tree -z DESTINATION SOURCE</c>: destination is "ours" (stage 2),
    /// source "theirs" (stage 3), as in <c>git merge SOURCE</c> on the destination. Exit 1 means
    /// conflicts, listed as <c>MODE ID STAGE TAB PATH</c> entries after the tree.
    /// </summary>
    public static async Task<TreeMerge> MergeTreesAsync(RepositoryInfo repository, string destination, string source, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["merge-tree", "--write-tree", "-z", "--no-messages"], [destination, source], ct);
        if (result.ExitCode is not (0 or 1))
        {
            throw new GitCommandException($"git merge-tree failed (exit {result.ExitCode}): {result.Stderr.Trim()}");
        }

        var fields = result.Stdout.Split('\0');
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var copies = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < fields.Length && fields[i].Length > 0; i++)
        {
            var tab = fields[i].IndexOf('\t');
            var path = fields[i][(tab + 1)..];
            if (SideCopyOf(path, destination, source) is { } original)
            {
                copies[path] = original;
                path = original;
            }

            paths.Add(path);
        }

        return new TreeMerge(fields[0].Trim(), [.. paths], copies);
    }

    /// <summary>
    /// The path a side copy stands for: merge-ort moves a file out of a directory's way (or a
    /// rename's) to <c>PATH~BRANCH</c>, here <c>PATH~COMMIT</c> since it is given commit ids,
    /// with <c>_N</c> appended when that name is taken. Null for any other path.
    /// </summary>
    internal static string? SideCopyOf(string path, string destination, string source)
    {
        foreach (var commit in (ReadOnlySpan<string>)[destination, source])
        {
            var at = path.LastIndexOf("~" + commit, StringComparison.Ordinal);
            if (at > 0)
            {
                var rest = path.AsSpan(at + 1 + commit.Length);
                if (rest.IsEmpty || (rest[0] == '_' && rest.Length > 1 && rest[1..].IndexOfAnyExceptInRange('0', '9') < 0))
                {
                    return path[..at];
                }
            }
        }

        return null;
    }

    /// <summary>Every file of a tree, recursively, as index entries with paths relative to it (<c>git ls-tree -r -z</c>).</summary>
    public static async Task<List<IndexChange>> FilesAsync(RepositoryInfo repository, string treeId, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["ls-tree", "-r", "-z", "--full-tree"], [treeId], ct);
        var files = new List<IndexChange>();
        foreach (var entry in result.Expect("git ls-tree").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = entry.IndexOf('\t');
            var fields = entry[..tab].Split(' ');
            files.Add(new IndexChange(fields[0], fields[2], entry[(tab + 1)..]));
        }

        return files;
    }

    /// <summary>The files that differ between two trees (<c>git diff-tree -r --no-renames --name-only</c>).</summary>
    public static async Task<HashSet<string>> ChangedPathsAsync(RepositoryInfo repository, string fromTree, string toTree, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["diff-tree", "-r", "-z", "--no-renames", "--name-only"], [fromTree, toTree], ct);
        return [.. result.Expect("git diff-tree").Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>A blob's bytes, up to CodeCommit's 6 MiB; MaximumFileContentToLoadExceededException past it. Null when absent.</summary>
    public async Task<byte[]?> ReadBlobAsync(RepositoryInfo repository, string? blobId, CancellationToken ct)
    {
        if (blobId is null)
        {
            return null;
        }

        try
        {
            return (await objects.ReadAsync(repository.Path, blobId, FileService.MaxContentBytes, ct))?.Content;
        }
        catch (GitOutputTooLargeException)
        {
            throw MergeErrors.MaximumFileContentToLoadExceeded();
        }
    }

    /// <summary>A blob's size and whether it looks binary (a NUL in its first 8,000 bytes, git's own test).</summary>
    public async Task<(long Size, bool IsBinary)> DescribeBlobAsync(RepositoryInfo repository, string blobId, CancellationToken ct)
    {
        var prefix = await objects.ReadPrefixAsync(repository.Path, blobId, 8000, FileService.MaxContentBytes, ct)
            ?? throw new GitCommandException($"blob {blobId} is missing");
        return (prefix.Header.Size, prefix.Prefix.AsSpan().IndexOf((byte)0) >= 0);
    }

    /// <summary>
    /// <c>git merge-file -p</c> of destination (ours), base and source (theirs) with the given
    /// favour (<c>--ours</c>, <c>--theirs</c>) or <c>--diff3</c> markers: the merged bytes and the
    /// number of conflicts git counted. A missing base is an empty file, as for an add/add conflict.
    /// </summary>
    public static async Task<(int Conflicts, byte[] Merged)> MergeFileAsync(
        RepositoryInfo repository, byte[] destination, byte[]? mergeBase, byte[] source, string how, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gitstead-merge", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string[] files = [Path.Combine(folder, "destination"), Path.Combine(folder, "base"), Path.Combine(folder, "source")];
            await File.WriteAllBytesAsync(files[0], destination, ct);
            await File.WriteAllBytesAsync(files[1], mergeBase ?? [], ct);
            await File.WriteAllBytesAsync(files[2], source, ct);
            string[] options = ["merge-file", "-p", "-q", how, "--marker-size", MarkerSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-L", "destination", "-L", "base", "-L", "source"];
            var output = await GitRunner.RunToBytesAsync(GitInvocation.InRepository(repository.Path, options, files), 4 * FileService.MaxContentBytes, ct);
            return output.ExitCode is >= 0 and < 128
                ? (output.ExitCode, output.Stdout)
                : throw new GitCommandException($"git merge-file failed (exit {output.ExitCode}): {output.StderrTail.Trim()}");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // left for the temporary folder's own cleaning
            }
        }
    }

    /// <summary>
    /// The changes from <paramref name="from"/> to <paramref name="to"/> as
    /// <c>git diff --no-index -U0</c> finds them with the diff <c>git merge-file</c> uses (Myers,
    /// no indent heuristic), read from its hunk headers.
    /// </summary>
    public static async Task<List<LineChange>> LineDiffAsync(RepositoryInfo repository, byte[] from, byte[] to, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gitstead-merge", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string[] files = [Path.Combine(folder, "a"), Path.Combine(folder, "b")];
            await File.WriteAllBytesAsync(files[0], from, ct);
            await File.WriteAllBytesAsync(files[1], to, ct);
            string[] options = ["diff", "--no-index", "--no-ext-diff", "--no-color", "--no-renames", "-U0", "--text", "--diff-algorithm=myers", "--no-indent-heuristic"];
            var output = await GitRunner.RunToBytesAsync(GitInvocation.InRepository(repository.Path, options, files), 8 * FileService.MaxContentBytes, ct);
            if (output.ExitCode is not (0 or 1))
            {
                throw new GitCommandException($"git diff --no-index failed (exit {output.ExitCode}): {output.StderrTail.Trim()}");
            }

            var changes = new List<LineChange>();
            foreach (var line in Encoding.UTF8.GetString(output.Stdout).Split('\n'))
            {
                if (line.StartsWith("@@ -", StringComparison.Ordinal))
                {
                    var ranges = line.Split(' ', 4);
                    var (start, count) = Range(ranges[1]);
                    var (newStart, newCount) = Range(ranges[2]);
                    changes.Add(new LineChange(start, count, newStart, newCount));
                }
            }

            return changes;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // left for the temporary folder's own cleaning
            }
        }
    }

    /// <summary>A hunk header's <c>-L,N</c> or <c>+L,N</c> as a 0-based start and a count (an empty range names the line before it).</summary>
    private static (int Start, int Count) Range(string text)
    {
        var comma = text.IndexOf(',');
        var line = int.Parse(comma < 0 ? text[1..] : text[1..comma], System.Globalization.CultureInfo.InvariantCulture);
        var count = comma < 0 ? 1 : int.Parse(text[(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return (count == 0 ? line : line - 1, count);
    }

    /// <summary>Longer markers than git's seven, so a line of a file is hardly ever taken for one.</summary>
    public const int MarkerSize = 31;

    /// <summary>The commits of <c>git rev-list --ancestry-path --parents SOURCE..DESTINATION</c>, oldest first, each with its parents.</summary>
    public static async Task<List<string[]>> AncestryPathAsync(RepositoryInfo repository, string source, string destination, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["rev-list", "--ancestry-path", "--parents", "--reverse"], [$"{source}..{destination}"], ct);
        return [.. result.Expect("git rev-list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))];
    }

    /// <summary>Moves <c>refs/heads/BRANCH</c> from <paramref name="oldTip"/> to <paramref name="newTip"/>, or reports that it had moved.</summary>
    public static async Task<bool> MoveBranchAsync(RepositoryInfo repository, string branch, string newTip, string oldTip, CancellationToken ct) =>
        (await GitCommand.InRepositoryAsync(repository.Path, ["update-ref"], ["refs/heads/" + branch, newTip, oldTip], ct)).Succeeded;

    /// <summary>True when the repository has a tag of that name.</summary>
    public static async Task<bool> HasTagAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        var listing = await GitCommand.InRepositoryAsync(repository.Path, ["for-each-ref", "--count=1", "--format=%(refname)"], ["refs/tags/" + name], ct);
        return listing.Expect("git for-each-ref").Trim() == "refs/tags/" + name;
    }

    /// <summary>Text for a hunk: UTF-8, as the API carries it.</summary>
    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
