using System.Globalization;
using System.Net;

namespace Gitstead.Policy;

/// <summary>Parsers shared by policy values (at parse time) and request values (at evaluation).</summary>
internal static class ConditionLiterals
{
    private const DateTimeStyles UtcStyles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public static bool TryParseNumber(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryParseBool(ReadOnlySpan<char> text, out bool value)
    {
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>ISO 8601 (<c>2024-01-02</c>, <c>2024-01-02T03:04:05Z</c>, offsets) or epoch seconds.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (LooksLikeEpoch(text))
        {
            return TryParseEpoch(text, out utcTicks);
        }

        if (!LooksLikeIsoDate(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, UtcStyles, out var date))
        {
            return false;
        }

        utcTicks = date.UtcTicks;
        return true;
    }

    public static bool TryParseIp(ReadOnlySpan<char> text, out IPAddress address)
    {
        if (!IPAddress.TryParse(text, out var parsed))
        {
            address = IPAddress.None;
            return false;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    private static bool LooksLikeEpoch(ReadOnlySpan<char> text) =>
        text.Length > 0 && !text.ContainsAnyExcept("0123456789.-") && text.LastIndexOf('-') <= 0;

    private static bool TryParseEpoch(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var ticks = (seconds * TimeSpan.TicksPerSecond) + DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        utcTicks = (long)ticks;
        return true;
    }

    private static bool LooksLikeIsoDate(ReadOnlySpan<char> text) =>
        text.Length >= 10 && !text[..4].ContainsAnyExceptInRange('0', '9') && text[4] == '-';
}
