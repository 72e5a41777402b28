namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// A conflicted file as CodeCommit describes it: <c>ConflictMetadata</c> from the three tree
/// entries, and the file's merge hunks, conflicting and clean, each with its exact line range
/// and lines on every side, combined from git's own line diffs as <c>git merge-file --diff3</c>
/// combines them (so the conflicting hunks are the ones it marks).
/// </summary>
internal sealed class ConflictDescriber(MergeEngine engine)
{
    public async Task<MergeConflict> DescribeAsync(RepositoryInfo repository, ConflictFile file, bool withHunks, CancellationToken ct)
    {
        var baseSide = await SideAsync(repository, file.Base, ct);
        var destination = await SideAsync(repository, file.Destination, ct);
        var source = await SideAsync(repository, file.Source, ct);
        var textual = file is { Destination.IsBlob: true, Source.IsBlob: true } && destination is { IsBinary: false } && source is { IsBinary: false }
            && (file.Base is null || (file.Base.IsBlob && baseSide is { IsBinary: false }));
        var contentConflict = file.Destination?.Id != file.Source?.Id && file.Destination is { IsBlob: true } && file.Source is { IsBlob: true }
            && file.Destination.Id != file.Base?.Id && file.Source.Id != file.Base?.Id;
        var modeConflict = file is { Destination: not null, Source: not null } && file.Destination.Mode != file.Source.Mode
            && file.Destination.Mode != file.Base?.Mode && file.Source.Mode != file.Base?.Mode;
        var typeConflict = destination is not null && source is not null && destination.ObjectType != source.ObjectType;
        var hunks = contentConflict && textual ? await HunksAsync(repository, file, ct) : [];
        var metadata = new ConflictMetadata(
            file.Path, baseSide, source, destination,
            Math.Max(hunks.Count(h => h.IsConflict), 1),
            contentConflict,
            modeConflict,
            typeConflict,
            Operation(file.Base, file.Source),
            Operation(file.Base, file.Destination));
        return new MergeConflict(metadata, withHunks ? hunks : []);
    }

    /// <summary>A, M or D from base to the side; null when neither has the path.</summary>
    private static string? Operation(TreeEntry? before, TreeEntry? after) => (before, after) switch
    {
        (null, null) => null,
        (null, _) => "A",
        (_, null) => "D",
        _ => "M",
    };

    private async Task<ConflictSide?> SideAsync(RepositoryInfo repository, TreeEntry? entry, CancellationToken ct)
    {
        if (entry is null)
        {
            return null;
        }

        if (!entry.IsBlob)
        {
            return new ConflictSide(entry.IsTree ? "DIRECTORY" : "GIT_LINK", null, null, false);
        }

        var (size, binary) = await engine.DescribeBlobAsync(repository, entry.Id, ct);
        return new ConflictSide(entry.FileMode == FileModeType.Symlink ? "SYMBOLIC_LINK" : "FILE", entry.FileMode, size, binary);
    }

    /// <summary>
    /// The file's merge hunks, conflicting or not: the changes of <c>git diff</c> from base to
    /// each side combined as <c>git merge-file --diff3</c> combines them (git's xdl_merge at the
    /// level diff3 output uses): changes of one side that do not touch the other side's are
    /// clean hunks; overlapping or adjacent ones form a conflict, unless both sides made the same
    /// change to the same lines.
    /// </summary>
    private async Task<List<MergeHunk>> HunksAsync(RepositoryInfo repository, ConflictFile file, CancellationToken ct)
    {
        var destination = (await engine.ReadBlobAsync(repository, file.Destination!.Id, ct))!;
        var source = (await engine.ReadBlobAsync(repository, file.Source!.Id, ct))!;
        var mergeBase = await engine.ReadBlobAsync(repository, file.Base?.IsBlob == true ? file.Base.Id : null, ct) ?? [];
        var ours = await MergeEngine.LineDiffAsync(repository, mergeBase, destination, ct);
        var theirs = await MergeEngine.LineDiffAsync(repository, mergeBase, source, ct);
        var sides = new SideLines(Lines(destination), Lines(mergeBase), Lines(source));
        return [.. Combine(ours, theirs, sides.Base.Count, sides.Destination.Count, sides.Source.Count, sides.SameChange).Select(sides.Hunk)];
    }

    /// <summary>A region of the merge: base, destination and source lines (0-based start, count) and how it merges.</summary>
    internal sealed record Region(int Mode, int BaseStart, int BaseCount, int DestinationStart, int DestinationCount, int SourceStart, int SourceCount)
    {
        /// <summary>0: both sides changed it differently; 1: the destination changed it; 2: the source; 3: both the same way.</summary>
        public bool IsConflict => Mode == 0;
    }

    /// <summary>
    /// git's <c>xdl_do_merge</c> (xdiff/xmerge.c) at level EAGER over the two scripts, base to
    /// destination (ours) and base to source (theirs), in base order.
    /// </summary>
    internal static List<Region> Combine(
        List<LineChange> ours, List<LineChange> theirs, int baseLines, int destinationLines, int sourceLines, Func<LineChange, LineChange, bool> sameLines)
    {
        var merges = new List<Region>();
        var same = new List<Region>();
        int a = 0, b = 0;
        while (a < ours.Count && b < theirs.Count)
        {
            var x = ours[a];
            var y = theirs[b];
            if (x.Start + x.Count < y.Start)
            {
                Append(merges, new Region(1, x.Start, x.Count, x.NewStart, x.NewCount, y.NewStart - y.Start + x.Start, x.Count));
                a++;
                continue;
            }

            if (y.Start + y.Count < x.Start)
            {
                Append(merges, new Region(2, y.Start, y.Count, x.NewStart - x.Start + y.Start, y.Count, y.NewStart, y.NewCount));
                b++;
                continue;
            }

            if (x.Start != y.Start || x.Count != y.Count || x.NewCount != y.NewCount || !sameLines(x, y))
            {
                var off = x.Start - y.Start;
                var ffo = off + x.Count - y.Count;
                int i0 = x.Start, i1 = x.NewStart, i2 = y.NewStart;
                if (off > 0)
                {
                    i0 -= off;
                    i1 -= off;
                }
                else
                {
                    i2 += off;
                }

                var chg0 = x.Start + x.Count - i0;
                var chg1 = x.NewStart + x.NewCount - i1;
                var chg2 = y.NewStart + y.NewCount - i2;
                if (ffo < 0)
                {
                    chg0 -= ffo;
                    chg1 -= ffo;
                }
                else
                {
                    chg2 += ffo;
                }

                Append(merges, new Region(0, i0, chg0, i1, chg1, i2, chg2));
            }
            else
            {
                same.Add(new Region(3, x.Start, x.Count, x.NewStart, x.NewCount, y.NewStart, y.NewCount));
            }

            var end1 = x.Start + x.Count;
            var end2 = y.Start + y.Count;
            if (end1 >= end2)
            {
                b++;
            }

            if (end2 >= end1)
            {
                a++;
            }
        }

        for (; a < ours.Count; a++)
        {
            var x = ours[a];
            Append(merges, new Region(1, x.Start, x.Count, x.NewStart, x.NewCount, x.Start + sourceLines - baseLines, x.Count));
        }

        for (; b < theirs.Count; b++)
        {
            var y = theirs[b];
            Append(merges, new Region(2, y.Start, y.Count, y.Start + destinationLines - baseLines, y.Count, y.NewStart, y.NewCount));
        }

        return [.. merges.Concat(same).OrderBy(r => r.BaseStart).ThenBy(r => r.BaseCount)];
    }

    /// <summary>git's <c>xdl_append_merge</c>: a region that touches the previous one (on either side) joins it, as a conflict unless both are the same kind.</summary>
    private static void Append(List<Region> merges, Region region)
    {
        if (merges.Count > 0 && merges[^1] is var last
            && (region.DestinationStart <= last.DestinationStart + last.DestinationCount || region.SourceStart <= last.SourceStart + last.SourceCount))
        {
            merges[^1] = new Region(
                region.Mode == last.Mode ? last.Mode : 0,
                last.BaseStart, region.BaseStart + region.BaseCount - last.BaseStart,
                last.DestinationStart, region.DestinationStart + region.DestinationCount - last.DestinationStart,
                last.SourceStart, region.SourceStart + region.SourceCount - last.SourceStart);
            return;
        }

        merges.Add(region);
    }

    /// <summary>The file's lines, each with its line break.</summary>
    private static List<string> Lines(byte[] content)
    {
        var text = MergeEngine.Text(content);
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private sealed record SideLines(List<string> Destination, List<string> Base, List<string> Source)
    {
        /// <summary>Whether a destination change and a source change put the same lines in.</summary>
        public bool SameChange(LineChange destination, LineChange source) =>
            Destination.Skip(destination.NewStart).Take(destination.NewCount).SequenceEqual(Source.Skip(source.NewStart).Take(source.NewCount), StringComparer.Ordinal);

        /// <summary>A region as CodeCommit's hunk: each side's lines numbered from 1 (an empty side ends one line before it starts).</summary>
        public MergeHunk Hunk(Region region) => new(
            region.IsConflict,
            Detail(Source, region.SourceStart, region.SourceCount),
            Detail(Destination, region.DestinationStart, region.DestinationCount),
            Detail(Base, region.BaseStart, region.BaseCount));

        private static MergeHunkDetail Detail(List<string> side, int start, int count) =>
            new(start + 1, start + count, string.Concat(side.Skip(start).Take(count)));
    }
}
