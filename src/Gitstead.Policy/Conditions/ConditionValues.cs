namespace Gitstead.Policy;

/// <summary>
/// The policy values of one condition key, pre-parsed for their operator family. Several
/// values are OR'ed: <see cref="AnyMatch"/> is true when the request value matches at least
/// one of them (the positive form; negation is applied by <see cref="ConditionClause"/>).
/// </summary>
internal abstract class ConditionValues
{
    /// <summary>False when a policy variable in some value cannot be resolved for this request.</summary>
    public virtual bool AllResolvable(RequestContext request) => true;

    public abstract bool AnyMatch(string requestValue, RequestContext request);

    public static ConditionValues Create(ConditionOperator op, IReadOnlyList<string> values, bool variables)
    {
        var withVariables = variables && op.AllowsVariables;
        return op.Family switch
        {
            OperatorFamily.StringEquals => new StringEqualsValues(values, withVariables, ignoreCase: false),
            OperatorFamily.StringEqualsIgnoreCase => new StringEqualsValues(values, withVariables, ignoreCase: true),
            OperatorFamily.StringLike => new StringLikeValues(values, withVariables),
            OperatorFamily.Arn => new ArnValues(values, withVariables),
            OperatorFamily.Numeric => new NumericValues(values, op.Comparison),
            OperatorFamily.Date => new DateValues(values, op.Comparison),
            OperatorFamily.Bool => new BoolValues(values),
            OperatorFamily.Binary => new BinaryValues(values),
            OperatorFamily.IpAddress => new IpAddressValues(values),
            _ => new NullValues(values),
        };
    }

    protected static T[] ParseAll<T>(IReadOnlyList<string> values, Func<string, T?> parse)
        where T : struct
    {
        var parsed = new T[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            parsed[i] = parse(values[i]) ?? throw new MalformedPolicyDocumentException(PolicyErrors.Syntax);
        }

        return parsed;
    }

    protected static bool AnyCompares<T>(T requestValue, T[] policyValues, Comparison comparison)
        where T : IComparable<T>
    {
        foreach (var policyValue in policyValues)
        {
            if (Compare(requestValue, policyValue, comparison))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Compare<T>(T requestValue, T policyValue, Comparison comparison)
        where T : IComparable<T>
    {
        var order = requestValue.CompareTo(policyValue);
        return comparison switch
        {
            Comparison.LessThan => order < 0,
            Comparison.LessThanOrEqual => order <= 0,
            Comparison.GreaterThan => order > 0,
            Comparison.GreaterThanOrEqual => order >= 0,
            _ => order == 0,
        };
    }
}
