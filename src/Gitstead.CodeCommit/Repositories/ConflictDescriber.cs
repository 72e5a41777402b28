namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// A conflicted file as CodeCommit describes it: <c>ConflictMetadata</c> from the three tree
/// entries, and the conflict hunks from <c>git merge-file -p --diff3</c> of the three blobs.
/// Only conflicting hunks are listed; each side's line range is found by looking for the hunk's
/// lines in that side's file from where the previous hunk ended (an empty side is placed where
/// the previous hunk ended), which is exact unless the same lines occur again in between.
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
            Math.Max(hunks.Count, 1),
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
    /// The conflicting hunks. A file both sides changed that git merges cleanly (a FILE_LEVEL
    /// conflict) is one hunk spanning each whole file.
    /// </summary>
    private async Task<List<MergeHunk>> HunksAsync(RepositoryInfo repository, ConflictFile file, CancellationToken ct)
    {
        var destination = (await engine.ReadBlobAsync(repository, file.Destination!.Id, ct))!;
        var source = (await engine.ReadBlobAsync(repository, file.Source!.Id, ct))!;
        var mergeBase = await engine.ReadBlobAsync(repository, file.Base?.IsBlob == true ? file.Base.Id : null, ct);
        var (count, merged) = await MergeEngine.MergeFileAsync(repository, destination, mergeBase, source, "--diff3", ct);
        var lines = new SideLines(Lines(destination), Lines(mergeBase ?? []), Lines(source));
        if (count == 0)
        {
            return [new MergeHunk(true, lines.Whole(lines.Source), lines.Whole(lines.Destination), lines.Whole(lines.Base))];
        }

        return Parse(Lines(merged), lines);
    }

    private static List<MergeHunk> Parse(List<string> merged, SideLines sides)
    {
        var open = new string('<', MergeEngine.MarkerSize);
        var middle = new string('|', MergeEngine.MarkerSize);
        var split = new string('=', MergeEngine.MarkerSize);
        var close = new string('>', MergeEngine.MarkerSize);
        var hunks = new List<MergeHunk>();
        var cursors = new int[3];
        List<string>? part = null;
        List<string>[] parts = [[], [], []];
        foreach (var line in merged)
        {
            if (IsMarker(line, open))
            {
                parts = [[], [], []];
                part = parts[0];
            }
            else if (part is not null && IsMarker(line, middle))
            {
                part = parts[1];
            }
            else if (part is not null && IsMarker(line, split))
            {
                part = parts[2];
            }
            else if (part is not null && IsMarker(line, close))
            {
                var destination = sides.Locate(sides.Destination, parts[0], ref cursors[0]);
                var mergeBase = sides.Locate(sides.Base, parts[1], ref cursors[1]);
                var source = sides.Locate(sides.Source, parts[2], ref cursors[2]);
                hunks.Add(new MergeHunk(true, source, destination, mergeBase));
                part = null;
            }
            else
            {
                part?.Add(line);
            }
        }

        return hunks;
    }

    private static bool IsMarker(string line, string marker) =>
        line.StartsWith(marker, StringComparison.Ordinal) && (line.Length == marker.Length || line[marker.Length] is ' ' or '\n' or '\r');

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
        public MergeHunkDetail Whole(List<string> side) => new(1, side.Count, string.Concat(side));

        /// <summary>Where <paramref name="hunk"/>'s lines stand in <paramref name="side"/>, searched from <paramref name="cursor"/> on.</summary>
        public MergeHunkDetail Locate(List<string> side, List<string> hunk, ref int cursor)
        {
            // merge-file ends a hunk's last line with a line break even where the file has none.
            var content = string.Concat(hunk);
            for (var at = cursor; hunk.Count > 0 && at + hunk.Count <= side.Count; at++)
            {
                if (Matches(side, at, hunk))
                {
                    cursor = at + hunk.Count;
                    return new MergeHunkDetail(at + 1, at + hunk.Count, string.Concat(side.Skip(at).Take(hunk.Count)));
                }
            }

            return new MergeHunkDetail(cursor + 1, cursor + hunk.Count, content);
        }

        private static bool Matches(List<string> side, int at, List<string> hunk)
        {
            for (var i = 0; i < hunk.Count; i++)
            {
                if (side[at + i].TrimEnd('\n') != hunk[i].TrimEnd('\n'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
