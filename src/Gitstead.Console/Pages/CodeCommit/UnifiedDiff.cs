using System.Globalization;
using System.Text.RegularExpressions;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>How a line of a unified diff is shown.</summary>
public enum DiffLineKind
{
    Context,
    Added,
    Removed,
    Hunk,
    Note,
}

/// <summary>One line of a file's diff, with its numbers before and after (none for a hunk header or a note).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? Old, int? New, string Text);

/// <summary>git's unified diff of one file (from <c>diff --git</c> on) as lines to show, its header left out.</summary>
public static partial class UnifiedDiff
{
    [GeneratedRegex(@"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@", RegexOptions.CultureInvariant)]
    private static partial Regex HunkHeader();

    public static IReadOnlyList<DiffLine> Parse(string patch)
    {
        var lines = new List<DiffLine>();
        var inHunk = false;
        int oldLine = 0, newLine = 0;
        foreach (var raw in patch.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var hunk = HunkHeader().Match(line);
            if (hunk.Success)
            {
                inHunk = true;
                oldLine = int.Parse(hunk.Groups[1].Value, CultureInfo.InvariantCulture);
                newLine = int.Parse(hunk.Groups[2].Value, CultureInfo.InvariantCulture);
                lines.Add(new DiffLine(DiffLineKind.Hunk, null, null, line));
                continue;
            }

            if (!inHunk || line.Length == 0 && raw.Length == 0)
            {
                continue; // the file's header (diff --git, index, ---, +++, modes), or the text's end
            }

            switch (line[0])
            {
                case '+': lines.Add(new DiffLine(DiffLineKind.Added, null, newLine++, line[1..])); break;
                case '-': lines.Add(new DiffLine(DiffLineKind.Removed, oldLine++, null, line[1..])); break;
                case '\\': lines.Add(new DiffLine(DiffLineKind.Note, null, null, line)); break;
                default: lines.Add(new DiffLine(DiffLineKind.Context, oldLine++, newLine++, line.Length > 0 ? line[1..] : "")); break;
            }
        }

        return lines;
    }
}
