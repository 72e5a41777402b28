using System.Text.Json;

namespace Gitstead.Aws;

/// <summary>
/// Members of a JSON 1.1 request body. An absent or null member reads as null; a member of the
/// wrong JSON type is a <c>SerializationException</c>, as AWS's JSON services answer it. What a
/// missing required member means is the operation's own modelled error, so the caller decides.
/// </summary>
public static class JsonArgs
{
    private static readonly double MinEpochMilliseconds = (DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;

    private static readonly double MaxEpochMilliseconds = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;

    /// <summary>The string member, or null when it is absent or null.</summary>
    public static string? String(this JsonElement json, string member) =>
        Member(json, member) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw Unexpected(member)
            : null;

    /// <summary>An integer member (JSON number without fraction), or null.</summary>
    public static long? Long(this JsonElement json, string member)
    {
        if (Member(json, member) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw Unexpected(member);
    }

    /// <summary>An integer member that fits in 32 bits, or null.</summary>
    public static int? Int(this JsonElement json, string member) =>
        json.Long(member) is { } value
            ? value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Unexpected(member)
            : null;

    /// <summary>A boolean member, or null.</summary>
    public static bool? Bool(this JsonElement json, string member) =>
        Member(json, member) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Unexpected(member),
            }
            : null;

    /// <summary>
    /// A blob member (base64 in JSON 1.1), decoded; null when absent. Decoded straight from the
    /// body's UTF-8, never through a string: a 6 MiB file arrives as 8 MiB of base64, which as a
    /// .NET string would take 16 MiB more of a heap that is kept small.
    /// </summary>
    public static byte[]? Blob(this JsonElement json, string member)
    {
        if (Member(json, member) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Unexpected(member);
        }

        return value.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw new AwsServiceException("SerializationException", $"Base64 encoded value for member '{member}' is not valid.");
    }

    /// <summary>
    /// How many bytes a base64 member decodes to, worked out from its text without decoding it
    /// (a size limit can then refuse a large value before it is copied twice); null when the
    /// member is absent, not a string, or escaped (then only decoding tells).
    /// </summary>
    public static long? Base64Length(this JsonElement json, string member)
    {
        if (Member(json, member) is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        var text = raw.Length >= 2 ? raw[1..^1] : raw;
        if (text.Contains((byte)'\\'))
        {
            return null;
        }

        var padding = text.EndsWith("=="u8) ? 2 : text.EndsWith("="u8) ? 1 : 0;
        return ((long)text.Length / 4 * 3) - padding;
    }

    /// <summary>A timestamp member (epoch seconds as a number, as botocore sends it), or null.</summary>
    public static DateTimeOffset? Timestamp(this JsonElement json, string member)
    {
        if (Member(json, member) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds))
        {
            throw Unexpected(member);
        }

        // Only years 1–9999 exist for DateTimeOffset; 1e300 seconds is a client error, not an overflow.
        var milliseconds = Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        return milliseconds >= MinEpochMilliseconds && milliseconds <= MaxEpochMilliseconds
            ? DateTimeOffset.UnixEpoch.AddMilliseconds(milliseconds)
            : throw new AwsServiceException("SerializationException", $"Timestamp value for member '{member}' is out of range.");
    }

    /// <summary>The list of strings, or null when absent.</summary>
    public static List<string>? StringList(this JsonElement json, string member)
    {
        if (Member(json, member) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected(member);
        }

        return value.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Unexpected(member))
            .ToList();
    }

    /// <summary>The map of strings to strings, or null when absent.</summary>
    public static Dictionary<string, string>? StringMap(this JsonElement json, string member)
    {
        if (Member(json, member) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(member);
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : throw Unexpected(member);
        }

        return map;
    }

    /// <summary>A structure member, or null when absent.</summary>
    public static JsonElement? Object(this JsonElement json, string member) =>
        Member(json, member) is { } value
            ? value.ValueKind == JsonValueKind.Object ? value : throw Unexpected(member)
            : null;

    /// <summary>A list of structures, or null when absent.</summary>
    public static List<JsonElement>? ObjectList(this JsonElement json, string member)
    {
        if (Member(json, member) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected(member);
        }

        return value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Object ? item : throw Unexpected(member)).ToList();
    }

    /// <summary>
    /// The page a list call asks for: the token member (e.g. <c>nextToken</c>) and the size
    /// member (e.g. <c>maxResults</c>, <c>Limit</c>), which must lie in 1..<paramref name="maxItems"/>
    /// when present. An out-of-range size is the operation's own error, made by <paramref name="invalidSize"/>.
    /// </summary>
    public static PageRequest Page(
        this JsonElement json, string tokenMember, string sizeMember, int defaultItems, int maxItems, Func<long, Exception> invalidSize)
    {
        var size = json.Long(sizeMember);
        if (size is { } n && (n < 1 || n > maxItems))
        {
            throw invalidSize(n);
        }

        return new PageRequest(json.String(tokenMember), size is { } given ? (int)given : defaultItems);
    }

    private static JsonElement? Member(JsonElement json, string member) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static AwsServiceException Unexpected(string member) =>
        new("SerializationException", $"Unexpected value type for member '{member}'.");
}
