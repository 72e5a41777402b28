using System.Text.Json;
using Gitstead.Aws;

namespace Gitstead.CodeCommit.Api;

/// <summary>Members of a JSON 1.1 request body; a member of the wrong JSON type is a SerializationException.</summary>
internal static class JsonArgs
{
    /// <summary>The string member, or null when it is absent or null.</summary>
    public static string? String(this JsonElement json, string member) =>
        Member(json, member) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw Unexpected(member)
            : null;

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

    private static JsonElement? Member(JsonElement json, string member) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static AwsServiceException Unexpected(string member) =>
        new("SerializationException", $"Unexpected value type for member '{member}'.");
}
