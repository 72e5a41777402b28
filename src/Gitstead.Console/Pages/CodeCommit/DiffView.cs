using Gitstead.CodeCommit.Repositories;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// Changed files as the pull request pages show them: unified or side by side, and on a pull
/// request (<see cref="Review"/>) with the comments on each line and a form to comment on one.
/// </summary>
public sealed record DiffView(IReadOnlyList<(FileChange Change, IReadOnlyList<DiffLine>? Lines)> Files, bool Split, PullRequestModel? Review = null);

/// <summary>One row of a side-by-side diff: the line before (left) and after (right), either may be missing.</summary>
public sealed record SplitRow(DiffLine? Left, DiffLine? Right);

/// <summary>Pairs the lines of a unified diff into side-by-side rows: removed lines beside the added lines that follow them.</summary>
public static class SideBySide
{
    public static IReadOnlyList<SplitRow> Rows(IReadOnlyList<DiffLine> lines)
    {
        var rows = new List<SplitRow>();
        var removed = new List<DiffLine>();
        var added = new List<DiffLine>();
        void Flush()
        {
            for (var i = 0; i < Math.Max(removed.Count, added.Count); i++)
            {
                rows.Add(new SplitRow(i < removed.Count ? removed[i] : null, i < added.Count ? added[i] : null));
            }

            removed.Clear();
            added.Clear();
        }

        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case DiffLineKind.Removed:
                    if (added.Count > 0)
                    {
                        Flush();
                    }

                    removed.Add(line);
                    break;
                case DiffLineKind.Added:
                    added.Add(line);
                    break;
                default:
                    Flush();
                    rows.Add(new SplitRow(line, line));
                    break;
            }
        }

        Flush();
        return rows;
    }

    /// <summary>The version and line a comment on <paramref name="line"/> is about: a removed line BEFORE, any other AFTER.</summary>
    public static (string Version, int Line)? Position(DiffLine line) => line.Kind switch
    {
        DiffLineKind.Removed => ("BEFORE", line.Old!.Value),
        DiffLineKind.Added or DiffLineKind.Context => ("AFTER", line.New!.Value),
        _ => null,
    };
}

/// <summary>A comment thread as a pull request page shows it, and the tab its forms come back to.</summary>
public sealed record ThreadView(PullRequestModel Page, CommentThread Thread, string Tab);
