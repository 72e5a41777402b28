namespace Gitstead.Policy;

/// <summary>
/// <c>Resource</c> or <c>NotResource</c>. An entry whose policy variable cannot be resolved
/// never matches; in <c>NotResource</c> it makes the statement not apply at all, so an
/// unresolvable variable can never widen a statement to every resource.
/// </summary>
internal sealed class ResourceMatcher(IEnumerable<string> patterns, bool negated, bool variables)
{
    private readonly ResourcePattern[] _patterns = [.. patterns.Select(pattern => new ResourcePattern(pattern, variables))];

    public bool Matches(RequestContext request) => negated ? NoneMatch(request) : AnyMatches(request);

    private bool AnyMatches(RequestContext request)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.Resolve(request) is { } arn && arn.IsMatch(request.Resource))
            {
                return true;
            }
        }

        return false;
    }

    private bool NoneMatch(RequestContext request)
    {
        foreach (var pattern in _patterns)
        {
            var arn = pattern.Resolve(request);
            if (arn is null || arn.IsMatch(request.Resource))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One resource entry, compiled at parse time unless it contains policy variables.</summary>
internal sealed class ResourcePattern
{
    private readonly PatternTemplate _template;
    private readonly ArnPattern? _static;

    public ResourcePattern(string pattern, bool variables)
    {
        _template = PatternTemplate.Parse(pattern, wildcards: true, variables);
        _static = _template.HasVariables ? null : ArnPattern.Compile(_template.StaticPieces);
    }

    public ArnPattern? Resolve(RequestContext request) =>
        _static ?? (_template.Resolve(request) is { } pieces ? ArnPattern.Compile(pieces) : null);
}
