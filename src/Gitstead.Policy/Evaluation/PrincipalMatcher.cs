namespace Gitstead.Policy;

internal enum PrincipalMatch : byte
{
    /// <summary>The statement does not name the requesting principal.</summary>
    None,

    /// <summary>The statement names the principal itself (its ARN, or <c>*</c>).</summary>
    Direct,

    /// <summary>The statement names the principal's account: it delegates to the account's IAM policies.</summary>
    Account,
}

/// <summary>
/// <c>Principal</c>/<c>NotPrincipal</c> of a resource-based policy, matched against
/// <c>aws:PrincipalArn</c>, <c>aws:PrincipalAccount</c> and <c>aws:PrincipalServiceName</c>.
/// Federated and canonical-user principals never match (Gitstead has none).
/// </summary>
internal sealed class PrincipalMatcher(RawPrincipal principal, bool negated)
{
    private readonly bool _wildcard = principal.IsWildcard || principal.Entries.Any(entry => entry is ("AWS", "*"));
    private readonly (string Type, string Value)[] _entries = [.. principal.Entries];

    public PrincipalMatch Match(RequestContext request)
    {
        if (negated)
        {
            return _wildcard || _entries.Any(entry => NamesRootOrExactly(entry, request)) ? PrincipalMatch.None : PrincipalMatch.Direct;
        }

        if (_wildcard || _entries.Any(entry => NamesExactly(entry, request)))
        {
            return PrincipalMatch.Direct;
        }

        return _entries.Any(entry => NamesAccountOf(entry, request)) ? PrincipalMatch.Account : PrincipalMatch.None;
    }

    private static bool NamesExactly((string Type, string Value) entry, RequestContext request) => entry.Type switch
    {
        "AWS" => !IsAccount(entry.Value) && request.GetSingleValueOrDefault(GlobalConditionKeys.PrincipalArn) == entry.Value,
        "Service" => request.GetValues(GlobalConditionKeys.PrincipalServiceName).Contains(entry.Value, StringComparer.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>In <c>NotPrincipal</c> an account excludes only its root user, not the account's other principals.</summary>
    private static bool NamesRootOrExactly((string Type, string Value) entry, RequestContext request) =>
        NamesExactly(entry, request)
        || (entry.Type == "AWS" && AccountOf(entry.Value) is { } account
            && request.GetSingleValueOrDefault(GlobalConditionKeys.PrincipalArn) is { } arn
            && arn.EndsWith($":iam::{account}:root", StringComparison.Ordinal));

    private static bool NamesAccountOf((string Type, string Value) entry, RequestContext request) =>
        entry.Type == "AWS" && AccountOf(entry.Value) is { } account
        && request.GetSingleValueOrDefault(GlobalConditionKeys.PrincipalAccount) == account;

    private static bool IsAccount(string value) => AccountOf(value) is not null;

    /// <summary>The account of <c>123456789012</c> or <c>arn:PARTITION:iam::123456789012:root</c>.</summary>
    private static string? AccountOf(string value)
    {
        if (PrincipalFormat.IsAccountId(value))
        {
            return value;
        }

        var parts = value.Split(':');
        var isRoot = parts.Length == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5] == "root";
        return isRoot && PrincipalFormat.IsAccountId(parts[4]) ? parts[4] : null;
    }
}
