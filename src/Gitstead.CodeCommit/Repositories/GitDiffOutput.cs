using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>One line of <c>git diff-tree -r --raw</c>: a path whose blob or mode differs between two trees.</summary>
/// <param name="OldMode">Six octal digits; <c>000000</c> when the path is added.</param>
/// <param name="NewMode">Six octal digits; <c>000000</c> when the path is deleted.</param>
/// <param name="OldId">The blob (or gitlink commit) before; all zeros when added.</param>
/// <param name="NewId">The blob (or gitlink commit) after; all zeros when deleted.</param>
/// <param name="Status"><c>A</c>, <c>D</c>, <c>M</c> or <c>T</c> (type changed); <c>--no-renames</c> rules out the rest.</param>
/// <param name="Path">The path (UTF-8; bytes that are not become U+FFFD).</param>
internal sealed record RawChange(string OldMode, string NewMode, string OldId, string NewId, char Status, string Path)
{
    /// <summary>CodeCommit's change type: a type change (<c>T</c>) is a modification.</summary>
    public ChangeType ChangeType => Status switch
    {
        'A' => ChangeType.Added,
        'D' => ChangeType.Deleted,
        _ => ChangeType.Modified,
    };

    public BlobMetadata? Before => Status == 'A' ? null : new BlobMetadata(OldId, Path, OldMode);

    public BlobMetadata? After => Status == 'D' ? null : new BlobMetadata(NewId, Path, NewMode);

    public Difference ToDifference() => new(Before, After, ChangeType);
}

/// <summary>
/// Parses what <c>git diff-tree -z</c> prints. With <c>-z</c> every path is written verbatim and
/// ended by NUL (git-diff-tree(1), RAW OUTPUT FORMAT), so any byte in a path parses safely.
/// </summary>
internal static class GitDiffOutput
{
    /// <summary>
    /// The raw records at the start of <paramref name="output"/> (<c>:OLD NEW OLDID NEWID S NUL PATH NUL</c>…),
    /// and where what follows them begins: with <c>-p</c>, one NUL and then the patch text.
    /// </summary>
    /// <exception cref="GitCommandException">A record is not well formed.</exception>
    public static (List<RawChange> Changes, int End) ParseRaw(ReadOnlySpan<byte> output)
    {
        var changes = new List<RawChange>();
        var position = 0;
        while (position < output.Length && output[position] == (byte)':')
        {
            var rest = output[position..];
            var metaEnd = rest.IndexOf((byte)0);
            var pathEnd = metaEnd < 0 ? -1 : rest[(metaEnd + 1)..].IndexOf((byte)0);
            if (pathEnd < 0)
            {
                throw Malformed();
            }

            var fields = Encoding.ASCII.GetString(rest[1..metaEnd]).Split(' ');
            if (fields.Length != 5 || fields[4].Length == 0)
            {
                throw Malformed();
            }

            var path = Encoding.UTF8.GetString(rest.Slice(metaEnd + 1, pathEnd));
            changes.Add(new RawChange(fields[0], fields[1], fields[2], fields[3], fields[4][0], path));
            position += metaEnd + 1 + pathEnd + 1;
        }

        return (changes, position);
    }

    /// <summary>
    /// The patch text of each file, in order: a file's part begins at a line <c>diff --git </c>,
    /// which git never writes inside a part (hunk lines begin with a space, <c>+</c>, <c>-</c>,
    /// <c>\</c> or <c>@@</c>).
    /// </summary>
    public static List<string> SplitPatches(string patch)
    {
        const string Start = "diff --git ";
        var parts = new List<string>();
        var begin = patch.StartsWith(Start, StringComparison.Ordinal) ? 0 : NextStart(patch, 0);
        while (begin >= 0)
        {
            var next = NextStart(patch, begin + Start.Length);
            parts.Add(next < 0 ? patch[begin..] : patch[begin..next]);
            begin = next;
        }

        return parts;

        static int NextStart(string text, int from)
        {
            var at = text.IndexOf("\n" + Start, from, StringComparison.Ordinal);
            return at < 0 ? -1 : at + 1;
        }
    }

    /// <summary>
    /// The patch text of each change: one part each, except a type change (<c>T</c>: file,
    /// symlink and submodule into one another), which git writes as a deletion part followed by
    /// a creation part, and which gets both.
    /// </summary>
    /// <exception cref="GitCommandException">The parts do not add up to the changes.</exception>
    public static List<string> PartsPerChange(IReadOnlyList<RawChange> changes, IReadOnlyList<string> parts)
    {
        var perChange = new List<string>(changes.Count);
        var next = 0;
        foreach (var change in changes)
        {
            var count = change.Status == 'T' ? 2 : 1;
            if (next + count > parts.Count)
            {
                break;
            }

            perChange.Add(string.Concat(parts.Skip(next).Take(count)));
            next += count;
        }

        return perChange.Count == changes.Count && next == parts.Count
            ? perChange
            : throw new GitCommandException($"git diff-tree -p printed {parts.Count} file parts for {changes.Count} changed paths.");
    }

    /// <summary>True when git wrote <c>Binary files … differ</c> for the part instead of hunks.</summary>
    public static bool IsBinaryPart(string part)
    {
        foreach (var line in part.Split('\n'))
        {
            if (line.StartsWith("@@", StringComparison.Ordinal) || line.StartsWith("--- ", StringComparison.Ordinal))
            {
                return false;
            }

            if (line.StartsWith("Binary files ", StringComparison.Ordinal) && line.EndsWith(" differ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static GitCommandException Malformed() => new("git diff-tree printed a raw record that is not well formed.");
}
