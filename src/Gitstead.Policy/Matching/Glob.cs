using System.Text;

namespace Gitstead.Policy;

/// <summary>
/// A compiled wildcard pattern: <c>*</c> matches any sequence (including empty), <c>?</c>
/// exactly one character, everything else is literal. Matching is linear-time greedy
/// (leftmost placement of each fixed segment between stars), never backtracking.
/// </summary>
public sealed class Glob
{
    private readonly GlobSegment[] _segments;
    private readonly StringComparison _comparison;

    private Glob(GlobSegment[] segments, bool ignoreCase)
    {
        _segments = segments;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    public static Glob Parse(string pattern, bool ignoreCase) =>
        Compile(PatternTemplate.Parse(pattern, wildcards: true, variables: false).StaticPieces, ignoreCase);

    internal static Glob Compile(IEnumerable<PatternPiece> pieces, bool ignoreCase)
    {
        var segments = new List<GlobSegment>();
        var text = new StringBuilder();
        var anyChars = new List<int>();
        foreach (var piece in pieces)
        {
            AddPiece(piece, segments, text, anyChars);
        }

        segments.Add(new GlobSegment(text.ToString(), [.. anyChars]));
        return new Glob([.. segments], ignoreCase);
    }

    public bool IsMatch(ReadOnlySpan<char> input)
    {
        var first = _segments[0];
        if (_segments.Length == 1)
        {
            return input.Length == first.Length && first.MatchesAt(input, 0, _comparison);
        }

        var last = _segments[^1];
        var end = input.Length - last.Length;
        if (end < first.Length || !first.MatchesAt(input, 0, _comparison) || !last.MatchesAt(input, end, _comparison))
        {
            return false;
        }

        return MiddleSegmentsFit(input, first.Length, end);
    }

    private bool MiddleSegmentsFit(ReadOnlySpan<char> input, int position, int end)
    {
        for (var i = 1; i < _segments.Length - 1; i++)
        {
            var index = _segments[i].IndexIn(input, position, end, _comparison);
            if (index < 0)
            {
                return false;
            }

            position = index + _segments[i].Length;
        }

        return true;
    }

    private static void AddPiece(PatternPiece piece, List<GlobSegment> segments, StringBuilder text, List<int> anyChars)
    {
        switch (piece.Kind)
        {
            case PieceKind.AnySequence:
                segments.Add(new GlobSegment(text.ToString(), [.. anyChars]));
                text.Clear();
                anyChars.Clear();
                break;
            case PieceKind.AnyChar:
                anyChars.Add(text.Length);
                text.Append('?');
                break;
            default:
                text.Append(piece.Text);
                break;
        }
    }
}
