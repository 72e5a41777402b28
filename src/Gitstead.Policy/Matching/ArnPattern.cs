namespace Gitstead.Policy;

/// <summary>
/// An ARN pattern as IAM matches <c>Resource</c>/<c>NotResource</c> and the <c>Arn*</c>
/// condition operators: the pattern and the value are split at every colon and compared
/// segment by segment (case-sensitive); <c>*</c> and <c>?</c> stay inside their segment,
/// except that a <c>*</c> that is the last character of a segment may also run past the
/// following colons. So <c>arn:aws:codecommit:*</c> matches every repository ARN, while
/// <c>arn:aws:codecommit:*:*:*</c> does not match the non-ARN resource <c>*</c>.
/// </summary>
internal sealed class ArnPattern
{
    private const int StackSegments = 32;

    /// <summary>Segment globs in order; a null entry means "any number of further whole segments".</summary>
    private readonly Glob?[] _elements;

    private ArnPattern(Glob?[] elements) => _elements = elements;

    public static ArnPattern Parse(string pattern) =>
        Compile(PatternTemplate.Parse(pattern, wildcards: true, variables: false).StaticPieces);

    public static ArnPattern Compile(IReadOnlyList<PatternPiece> pieces)
    {
        var elements = new List<Glob?>();
        foreach (var segment in SplitAtColons(pieces))
        {
            elements.Add(Glob.Compile(segment, ignoreCase: false));
            if (segment.Count > 0 && segment[^1].Kind == PieceKind.AnySequence)
            {
                elements.Add(null);
            }
        }

        return new ArnPattern([.. elements]);
    }

    public bool IsMatch(ReadOnlySpan<char> value)
    {
        var count = value.Count(':') + 1;
        Span<int> starts = count <= StackSegments ? stackalloc int[StackSegments] : new int[count];
        FillSegmentStarts(value, starts);
        return MatchSegments(value, starts[..count]);
    }

    /// <summary>Classic wildcard walk over segments, backtracking only to the last open star.</summary>
    private bool MatchSegments(ReadOnlySpan<char> value, ReadOnlySpan<int> starts)
    {
        int element = 0, segment = 0, starElement = -1, starSegment = -1;
        while (segment < starts.Length)
        {
            if (element < _elements.Length && _elements[element] is { } glob && glob.IsMatch(Segment(value, starts, segment)))
            {
                element++;
                segment++;
            }
            else if (element < _elements.Length && _elements[element] is null)
            {
                starElement = element++;
                starSegment = segment;
            }
            else if (starElement >= 0)
            {
                element = starElement + 1;
                segment = ++starSegment;
            }
            else
            {
                return false;
            }
        }

        while (element < _elements.Length && _elements[element] is null)
        {
            element++;
        }

        return element == _elements.Length;
    }

    private static ReadOnlySpan<char> Segment(ReadOnlySpan<char> value, ReadOnlySpan<int> starts, int index)
    {
        var end = index + 1 < starts.Length ? starts[index + 1] - 1 : value.Length;
        return value[starts[index]..end];
    }

    private static void FillSegmentStarts(ReadOnlySpan<char> value, Span<int> starts)
    {
        var next = 1;
        starts[0] = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == ':')
            {
                starts[next++] = i + 1;
            }
        }
    }

    private static List<List<PatternPiece>> SplitAtColons(IReadOnlyList<PatternPiece> pieces)
    {
        var segments = new List<List<PatternPiece>> { new() };
        foreach (var piece in pieces)
        {
            if (piece.Kind != PieceKind.Literal)
            {
                segments[^1].Add(piece);
                continue;
            }

            var parts = piece.Text.Split(':');
            AddLiteral(segments[^1], parts[0]);
            for (var i = 1; i < parts.Length; i++)
            {
                segments.Add([]);
                AddLiteral(segments[^1], parts[i]);
            }
        }

        return segments;
    }

    private static void AddLiteral(List<PatternPiece> segment, string text)
    {
        if (text.Length > 0)
        {
            segment.Add(PatternPiece.Literal(text));
        }
    }
}
