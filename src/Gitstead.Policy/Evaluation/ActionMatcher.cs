namespace Gitstead.Policy;

/// <summary><c>Action</c> or <c>NotAction</c>: case-insensitive globs over <c>service:Name</c>.</summary>
internal sealed class ActionMatcher(IEnumerable<string> patterns, bool negated)
{
    private readonly Glob[] _patterns = [.. patterns.Select(pattern => Glob.Parse(pattern, ignoreCase: true))];

    public bool Matches(string action)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(action))
            {
                return !negated;
            }
        }

        return negated;
    }
}
