namespace Gitstead.Policy;

/// <summary>
/// A fixed-length run of a glob between two <c>*</c>: literal characters plus <c>?</c>
/// positions that match any one character.
/// </summary>
internal sealed class GlobSegment(string text, int[] anyCharPositions)
{
    private readonly string _text = text;
    private readonly int[] _anyChars = anyCharPositions;

    public int Length => _text.Length;

    public bool MatchesAt(ReadOnlySpan<char> input, int position, StringComparison comparison)
    {
        if (position < 0 || input.Length - position < _text.Length)
        {
            return false;
        }

        var window = input.Slice(position, _text.Length);
        return _anyChars.Length == 0
            ? window.Equals(_text, comparison)
            : MatchesAroundAnyChars(window, comparison);
    }

    /// <summary>Leftmost position in [from, to) where the segment matches entirely, or -1.</summary>
    public int IndexIn(ReadOnlySpan<char> input, int from, int to, StringComparison comparison)
    {
        if (_anyChars.Length == 0)
        {
            var index = input[from..to].IndexOf(_text, comparison);
            return index < 0 ? -1 : from + index;
        }

        for (var position = from; position + _text.Length <= to; position++)
        {
            if (MatchesAt(input, position, comparison))
            {
                return position;
            }
        }

        return -1;
    }

    private bool MatchesAroundAnyChars(ReadOnlySpan<char> window, StringComparison comparison)
    {
        var start = 0;
        foreach (var anyChar in _anyChars)
        {
            if (!window[start..anyChar].Equals(_text.AsSpan(start, anyChar - start), comparison))
            {
                return false;
            }

            start = anyChar + 1;
        }

        return window[start..].Equals(_text.AsSpan(start), comparison);
    }
}
