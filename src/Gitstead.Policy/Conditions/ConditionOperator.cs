namespace Gitstead.Policy;

internal enum OperatorFamily : byte
{
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

internal enum Comparison : byte
{
    Equal,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}

internal enum SetQualifier : byte
{
    None,
    ForAnyValue,
    ForAllValues,
}

/// <summary>
/// A condition operator name resolved once at parse time, e.g.
/// <c>ForAllValues:StringNotLikeIfExists</c> → (StringLike, negated, ForAllValues, IfExists).
/// </summary>
internal sealed record ConditionOperator(string Name, OperatorFamily Family, Comparison Comparison, bool Negated, SetQualifier Set, bool IfExists)
{
    private const string IfExistsSuffix = "IfExists";

    private static readonly Dictionary<string, (OperatorFamily Family, Comparison Comparison, bool Negated)> BaseOperators =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["StringEquals"] = (OperatorFamily.StringEquals, Comparison.Equal, false),
            ["StringNotEquals"] = (OperatorFamily.StringEquals, Comparison.Equal, true),
            ["StringEqualsIgnoreCase"] = (OperatorFamily.StringEqualsIgnoreCase, Comparison.Equal, false),
            ["StringNotEqualsIgnoreCase"] = (OperatorFamily.StringEqualsIgnoreCase, Comparison.Equal, true),
            ["StringLike"] = (OperatorFamily.StringLike, Comparison.Equal, false),
            ["StringNotLike"] = (OperatorFamily.StringLike, Comparison.Equal, true),
            ["NumericEquals"] = (OperatorFamily.Numeric, Comparison.Equal, false),
            ["NumericNotEquals"] = (OperatorFamily.Numeric, Comparison.Equal, true),
            ["NumericLessThan"] = (OperatorFamily.Numeric, Comparison.LessThan, false),
            ["NumericLessThanEquals"] = (OperatorFamily.Numeric, Comparison.LessThanOrEqual, false),
            ["NumericGreaterThan"] = (OperatorFamily.Numeric, Comparison.GreaterThan, false),
            ["NumericGreaterThanEquals"] = (OperatorFamily.Numeric, Comparison.GreaterThanOrEqual, false),
            ["DateEquals"] = (OperatorFamily.Date, Comparison.Equal, false),
            ["DateNotEquals"] = (OperatorFamily.Date, Comparison.Equal, true),
            ["DateLessThan"] = (OperatorFamily.Date, Comparison.LessThan, false),
            ["DateLessThanEquals"] = (OperatorFamily.Date, Comparison.LessThanOrEqual, false),
            ["DateGreaterThan"] = (OperatorFamily.Date, Comparison.GreaterThan, false),
            ["DateGreaterThanEquals"] = (OperatorFamily.Date, Comparison.GreaterThanOrEqual, false),
            ["Bool"] = (OperatorFamily.Bool, Comparison.Equal, false),
            ["BinaryEquals"] = (OperatorFamily.Binary, Comparison.Equal, false),
            ["IpAddress"] = (OperatorFamily.IpAddress, Comparison.Equal, false),
            ["NotIpAddress"] = (OperatorFamily.IpAddress, Comparison.Equal, true),
            ["ArnEquals"] = (OperatorFamily.Arn, Comparison.Equal, false),
            ["ArnLike"] = (OperatorFamily.Arn, Comparison.Equal, false),
            ["ArnNotEquals"] = (OperatorFamily.Arn, Comparison.Equal, true),
            ["ArnNotLike"] = (OperatorFamily.Arn, Comparison.Equal, true),
            ["Null"] = (OperatorFamily.Null, Comparison.Equal, false),
        };

    /// <summary>Whether values of this operator may contain policy variables.</summary>
    public bool AllowsVariables => Family is OperatorFamily.StringEquals or OperatorFamily.StringEqualsIgnoreCase
        or OperatorFamily.StringLike or OperatorFamily.Arn;

    /// <summary>Resolves an operator name; null if it is not a valid IAM condition operator.</summary>
    public static ConditionOperator? Parse(string name)
    {
        if (SplitQualifier(name) is not var (set, remainder))
        {
            return null;
        }

        var ifExists = remainder.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase);
        var baseName = ifExists ? remainder[..^IfExistsSuffix.Length] : remainder;
        if (!BaseOperators.TryGetValue(baseName, out var op))
        {
            return null;
        }

        var nullWithModifiers = op.Family == OperatorFamily.Null && (ifExists || set != SetQualifier.None);
        return nullWithModifiers ? null : new ConditionOperator(name, op.Family, op.Comparison, op.Negated, set, ifExists);
    }

    /// <summary>Splits <c>ForAnyValue:</c>/<c>ForAllValues:</c> off the name; null for any other prefix.</summary>
    private static (SetQualifier Set, string Remainder)? SplitQualifier(string name)
    {
        var colon = name.IndexOf(':');
        if (colon < 0)
        {
            return (SetQualifier.None, name);
        }

        var remainder = name[(colon + 1)..];
        var qualifier = name.AsSpan(0, colon);
        if (qualifier.Equals("ForAnyValue", StringComparison.OrdinalIgnoreCase))
        {
            return (SetQualifier.ForAnyValue, remainder);
        }

        return qualifier.Equals("ForAllValues", StringComparison.OrdinalIgnoreCase) ? (SetQualifier.ForAllValues, remainder) : null;
    }
}
