using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>What <c>git merge-tree --write-tree</c> made of two commits: its tree (conflicted files with markers) and the paths it could not merge.</summary>
internal sealed record TreeMerge(string TreeId, IReadOnlyList<string> ConflictedPaths);

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
        for (var i = 1; i < fields.Length && fields[i].Length > 0; i++)
        {
            var tab = fields[i].IndexOf('\t');
            paths.Add(fields[i][(tab + 1)..]);
        }

        return new TreeMerge(fields[0].Trim(), [.. paths]);
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
