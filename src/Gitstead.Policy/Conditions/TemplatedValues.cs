namespace Gitstead.Policy;

/// <summary>Values that may contain policy variables and are resolved per request.</summary>
internal abstract class TemplatedValues<TCompiled> : ConditionValues
    where TCompiled : class
{
    private readonly PatternTemplate[] _templates;
    private readonly TCompiled?[] _static;
    private readonly bool _hasVariables;

    protected TemplatedValues(IReadOnlyList<string> values, bool variables, bool wildcards)
    {
        _templates = [.. values.Select(value => PatternTemplate.Parse(value, wildcards, variables))];
        _static = Array.ConvertAll(_templates, template => template.HasVariables ? null : Compile(template.StaticPieces));
        _hasVariables = Array.Exists(_templates, template => template.HasVariables);
    }

    public override bool AllResolvable(RequestContext request)
    {
        if (!_hasVariables)
        {
            return true;
        }

        foreach (var template in _templates)
        {
            if (template.Resolve(request) is null)
            {
                return false;
            }
        }

        return true;
    }

    public override bool AnyMatch(string requestValue, RequestContext request)
    {
        for (var i = 0; i < _templates.Length; i++)
        {
            var compiled = _static[i] ?? Resolve(_templates[i], request);
            if (compiled is not null && Matches(compiled, requestValue))
            {
                return true;
            }
        }

        return false;
    }

    protected abstract TCompiled Compile(PatternPiece[] pieces);

    protected abstract bool Matches(TCompiled compiled, string requestValue);

    private TCompiled? Resolve(PatternTemplate template, RequestContext request) =>
        template.Resolve(request) is { } pieces ? Compile(pieces) : null;
}

/// <summary>StringEquals / StringNotEquals and their IgnoreCase forms: whole-value comparison, no wildcards.</summary>
internal sealed class StringEqualsValues(IReadOnlyList<string> values, bool variables, bool ignoreCase)
    : TemplatedValues<string>(values, variables, wildcards: false)
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    protected override string Compile(PatternPiece[] pieces) => string.Concat(pieces.Select(piece => piece.Text));

    protected override bool Matches(string compiled, string requestValue) => string.Equals(compiled, requestValue, _comparison);
}

/// <summary>StringLike / StringNotLike: case-sensitive, <c>*</c> and <c>?</c> match anything including colons and slashes.</summary>
internal sealed class StringLikeValues(IReadOnlyList<string> values, bool variables)
    : TemplatedValues<Glob>(values, variables, wildcards: true)
{
    protected override Glob Compile(PatternPiece[] pieces) => Glob.Compile(pieces, ignoreCase: false);

    protected override bool Matches(Glob compiled, string requestValue) => compiled.IsMatch(requestValue);
}

/// <summary>ArnEquals / ArnLike (identical in IAM) and their negations: ARN segment matching.</summary>
internal sealed class ArnValues(IReadOnlyList<string> values, bool variables)
    : TemplatedValues<ArnPattern>(values, variables, wildcards: true)
{
    protected override ArnPattern Compile(PatternPiece[] pieces) => ArnPattern.Compile(pieces);

    protected override bool Matches(ArnPattern compiled, string requestValue) => compiled.IsMatch(requestValue);
}
