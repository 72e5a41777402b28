using System.Text;

namespace Gitstead.Policy;

/// <summary>
/// A policy string split once, at parse time, into literal text, wildcards and policy
/// variables (<c>${key}</c>, <c>${key, 'default'}</c>, escapes <c>${*}</c> <c>${?}</c> <c>${$}</c>).
/// Resolving substitutes variables in a single pass; substituted text is always literal.
/// </summary>
internal sealed class PatternTemplate
{
    private readonly TemplatePart[] _parts;

    private PatternTemplate(TemplatePart[] parts)
    {
        _parts = parts;
        HasVariables = Array.Exists(parts, part => part.Kind != TemplatePartKind.Piece);
        StaticPieces = HasVariables ? [] : Array.ConvertAll(parts, part => part.Piece);
    }

    public bool HasVariables { get; }

    /// <summary>The pieces of a template without variables (empty otherwise).</summary>
    public PatternPiece[] StaticPieces { get; }

    public static PatternTemplate Parse(string raw, bool wildcards, bool variables) =>
        new(new TemplateTokenizer(raw, wildcards, variables).Tokenize());

    /// <summary>The pieces with every variable substituted, or null if one cannot be resolved.</summary>
    public PatternPiece[]? Resolve(RequestContext request)
    {
        if (!HasVariables)
        {
            return StaticPieces;
        }

        var pieces = new PatternPiece[_parts.Length];
        for (var i = 0; i < _parts.Length; i++)
        {
            if (!TryResolvePart(_parts[i], request, out pieces[i]))
            {
                return null;
            }
        }

        return pieces;
    }

    private static bool TryResolvePart(TemplatePart part, RequestContext request, out PatternPiece piece)
    {
        piece = part.Piece;
        if (part.Kind == TemplatePartKind.Piece)
        {
            return true;
        }

        var value = part.Kind == TemplatePartKind.Variable ? request.GetSingleValueOrDefault(part.Key) ?? part.Default : null;
        piece = PatternPiece.Literal(value ?? string.Empty);
        return value is not null;
    }
}

internal enum TemplatePartKind : byte
{
    Piece,
    Variable,
    Unresolvable,
}

internal readonly record struct TemplatePart(TemplatePartKind Kind, PatternPiece Piece, string Key = "", string? Default = null);

/// <summary>Splits a raw policy string into template parts.</summary>
internal sealed class TemplateTokenizer(string raw, bool wildcards, bool variables)
{
    private readonly string _raw = raw;
    private readonly bool _wildcards = wildcards;
    private readonly bool _variables = variables;
    private readonly List<TemplatePart> _parts = [];
    private readonly StringBuilder _literal = new();

    public TemplatePart[] Tokenize()
    {
        var i = 0;
        while (i < _raw.Length)
        {
            i = ReadAt(i);
        }

        FlushLiteral();
        if (_parts.Count == 0)
        {
            _parts.Add(new TemplatePart(TemplatePartKind.Piece, PatternPiece.Literal(string.Empty)));
        }

        return [.. _parts];
    }

    private int ReadAt(int i)
    {
        var c = _raw[i];
        if (_wildcards && c is '*' or '?')
        {
            AddPart(new TemplatePart(TemplatePartKind.Piece, c == '*' ? PatternPiece.AnySequence : PatternPiece.AnyChar));
            return i + 1;
        }

        if (!_variables || c != '$' || i + 1 >= _raw.Length || _raw[i + 1] != '{')
        {
            _literal.Append(c);
            return i + 1;
        }

        var close = FindClose(i + 2);
        if (close < 0)
        {
            // An unterminated ${... cannot be resolved; the element containing it never matches.
            AddPart(PolicyVariableSyntax.Parse(string.Empty));
            return _raw.Length;
        }

        ReadVariable(_raw[(i + 2)..close]);
        return close + 1;
    }

    private int FindClose(int from)
    {
        var quoted = false;
        for (var i = from; i < _raw.Length; i++)
        {
            if (_raw[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (_raw[i] == '}' && !quoted)
            {
                return i;
            }
        }

        return -1;
    }

    private void ReadVariable(string body)
    {
        var trimmed = body.Trim();
        if (trimmed is "*" or "?" or "$")
        {
            _literal.Append(trimmed);
            return;
        }

        AddPart(PolicyVariableSyntax.Parse(trimmed));
    }

    private void AddPart(TemplatePart part)
    {
        FlushLiteral();
        _parts.Add(part);
    }

    private void FlushLiteral()
    {
        if (_literal.Length > 0)
        {
            _parts.Add(new TemplatePart(TemplatePartKind.Piece, PatternPiece.Literal(_literal.ToString())));
            _literal.Clear();
        }
    }
}
