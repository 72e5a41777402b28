using System.Text.Json.Nodes;

namespace Gitstead.Aws;

/// <summary>Building JSON 1.1 response bodies: absent optional members are omitted, timestamps are epoch seconds.</summary>
public static class AwsJson
{
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);

    public static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
        {
            json[key] = value;
        }

        return json;
    }

    /// <summary>Sets the member only when the value is not null.</summary>
    public static void AddIfSet(JsonObject json, string member, string? value)
    {
        if (value is not null)
        {
            json[member] = value;
        }
    }

    /// <summary>JSON 1.1 timestamps are epoch seconds as numbers, with milliseconds.</summary>
    public static JsonValue Epoch(DateTime utc) =>
        JsonValue.Create((DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond / 1000.0);

    /// <inheritdoc cref="Epoch(DateTime)"/>
    public static JsonValue Epoch(DateTimeOffset time) => Epoch(time.UtcDateTime);

    /// <summary>Blobs are base64 strings.</summary>
    public static JsonValue Blob(ReadOnlySpan<byte> bytes) => JsonValue.Create(Convert.ToBase64String(bytes));

    /// <summary>Sets <paramref name="member"/> (e.g. <c>nextToken</c>) to the page's token when there is a next page.</summary>
    public static JsonObject WithNextToken<T>(this JsonObject json, Page<T> page, string member = "nextToken")
    {
        AddIfSet(json, member, page.NextToken);
        return json;
    }
}
