namespace Gitstead.Policy;

/// <summary>
/// One operator applied to one context key, e.g. <c>"StringEquals": {"aws:username": ["a", "b"]}</c>.
/// The clauses of a statement are AND'ed; the values inside a clause are OR'ed (for a
/// negated operator: the request value must match none of them).
/// </summary>
internal sealed class ConditionClause(ConditionOperator op, string key, ConditionValues values)
{
    public ConditionOperator Operator { get; } = op;

    public string Key { get; } = key;

    public bool IsSatisfied(RequestContext request)
    {
        if (values is NullValues nullValues)
        {
            return nullValues.Matches(request.ContainsKey(Key));
        }

        if (!request.TryGetValues(Key, out var requestValues))
        {
            return WhenKeyMissing();
        }

        if (Operator.Negated && !values.AllResolvable(request))
        {
            return false;
        }

        return Operator.Set switch
        {
            SetQualifier.ForAnyValue => AnyValueMatches(requestValues, request),
            SetQualifier.ForAllValues => AllValuesMatch(requestValues, request),
            _ => Operator.Negated ? !AnyPositiveMatch(requestValues, request) : AnyPositiveMatch(requestValues, request),
        };
    }

    /// <summary>
    /// IfExists → true; ForAllValues → true (vacuous); ForAnyValue → false; otherwise
    /// negated operators are true and positive ones false.
    /// </summary>
    private bool WhenKeyMissing() => Operator.IfExists || Operator.Set switch
    {
        SetQualifier.ForAllValues => true,
        SetQualifier.ForAnyValue => false,
        _ => Operator.Negated,
    };

    private bool Matches(string requestValue, RequestContext request) =>
        values.AnyMatch(requestValue, request) != Operator.Negated;

    private bool AnyValueMatches(string[] requestValues, RequestContext request)
    {
        foreach (var value in requestValues)
        {
            if (Matches(value, request))
            {
                return true;
            }
        }

        return false;
    }

    private bool AllValuesMatch(string[] requestValues, RequestContext request)
    {
        foreach (var value in requestValues)
        {
            if (!Matches(value, request))
            {
                return false;
            }
        }

        return true;
    }

    private bool AnyPositiveMatch(string[] requestValues, RequestContext request)
    {
        foreach (var value in requestValues)
        {
            if (values.AnyMatch(value, request))
            {
                return true;
            }
        }

        return false;
    }
}
