using System.Net;

namespace Gitstead.Policy;

internal sealed class NumericValues(IReadOnlyList<string> values, Comparison comparison) : ConditionValues
{
    private readonly decimal[] _values = ParseAll<decimal>(values, text => ConditionLiterals.TryParseNumber(text, out var number) ? number : null);

    public override bool AnyMatch(string requestValue, RequestContext request) =>
        ConditionLiterals.TryParseNumber(requestValue, out var number) && AnyCompares(number, _values, comparison);
}

internal sealed class DateValues(IReadOnlyList<string> values, Comparison comparison) : ConditionValues
{
    private readonly long[] _ticks = ParseAll<long>(values, text => ConditionLiterals.TryParseDate(text, out var ticks) ? ticks : null);

    public override bool AnyMatch(string requestValue, RequestContext request) =>
        ConditionLiterals.TryParseDate(requestValue, out var ticks) && AnyCompares(ticks, _ticks, comparison);
}

internal sealed class BoolValues(IReadOnlyList<string> values) : ConditionValues
{
    private readonly bool[] _values = ParseAll<bool>(values, text => ConditionLiterals.TryParseBool(text, out var flag) ? flag : null);

    public override bool AnyMatch(string requestValue, RequestContext request) =>
        ConditionLiterals.TryParseBool(requestValue, out var flag) && Array.IndexOf(_values, flag) >= 0;
}

/// <summary>BinaryEquals: base64 in the policy and in the request, compared byte for byte.</summary>
internal sealed class BinaryValues(IReadOnlyList<string> values) : ConditionValues
{
    private readonly byte[][] _values = [.. values.Select(Decode)];

    public override bool AnyMatch(string requestValue, RequestContext request)
    {
        var buffer = new byte[requestValue.Length];
        if (!Convert.TryFromBase64String(requestValue, buffer, out var written))
        {
            return false;
        }

        foreach (var value in _values)
        {
            if (buffer.AsSpan(0, written).SequenceEqual(value))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written)
            ? buffer[..written]
            : throw new MalformedPolicyDocumentException(PolicyErrors.Syntax);
    }
}

/// <summary>IpAddress / NotIpAddress: CIDR blocks, IPv4 and IPv6.</summary>
internal sealed class IpAddressValues(IReadOnlyList<string> values) : ConditionValues
{
    private readonly IpRange[] _ranges = [.. values.Select(value => IpRange.Parse(value) ?? throw new MalformedPolicyDocumentException(PolicyErrors.Syntax))];

    public override bool AnyMatch(string requestValue, RequestContext request) =>
        ConditionLiterals.TryParseIp(requestValue, out var address) && AnyContains(address);

    private bool AnyContains(IPAddress address)
    {
        foreach (var range in _ranges)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Null: <c>"true"</c> means the key must be absent, <c>"false"</c> that it must be present.</summary>
internal sealed class NullValues(IReadOnlyList<string> values) : ConditionValues
{
    private readonly bool[] _expectAbsent = ParseAll<bool>(values, text => ConditionLiterals.TryParseBool(text, out var flag) ? flag : null);

    public bool Matches(bool keyPresent) => Array.IndexOf(_expectAbsent, !keyPresent) >= 0;

    public override bool AnyMatch(string requestValue, RequestContext request) => Matches(keyPresent: true);
}
