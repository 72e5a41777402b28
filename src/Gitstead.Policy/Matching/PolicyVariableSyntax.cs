namespace Gitstead.Policy;

/// <summary>
/// The inside of <c>${...}</c>: a context key name, optionally followed by
/// <c>, 'default'</c> (a quote inside the default is written <c>''</c>). Anything else
/// cannot be resolved, so the element containing it never matches.
/// </summary>
internal static class PolicyVariableSyntax
{
    private static readonly TemplatePart Unresolvable =
        new(TemplatePartKind.Unresolvable, PatternPiece.Literal(string.Empty));

    public static TemplatePart Parse(string body)
    {
        var comma = body.IndexOf(',');
        var key = (comma < 0 ? body : body[..comma]).Trim();
        if (!IsKeyName(key))
        {
            return Unresolvable;
        }

        if (comma < 0)
        {
            return Variable(key, null);
        }

        var fallback = ParseDefault(body[(comma + 1)..].Trim());
        return fallback is null ? Unresolvable : Variable(key, fallback);
    }

    private static TemplatePart Variable(string key, string? fallback) =>
        new(TemplatePartKind.Variable, PatternPiece.Literal(string.Empty), key, fallback);

    private static bool IsKeyName(string key) =>
        key.Length > 0 && !key.Any(c => char.IsWhiteSpace(c) || c is '\'' or '$' or '{' or '}' or ',');

    private static string? ParseDefault(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '\'' || quoted[^1] != '\'')
        {
            return null;
        }

        var inner = quoted[1..^1];
        var unescaped = inner.Replace("''", "\u0000", StringComparison.Ordinal);
        return unescaped.Contains('\'') ? null : unescaped.Replace('\u0000', '\'');
    }
}
