using System.Text;
using System.Text.Json;

namespace Gitstead.Policy;

/// <summary>
/// First stage of parsing: JSON → <see cref="RawPolicy"/>, rejecting anything that is not
/// IAM policy grammar (wrong shapes, unknown or duplicate elements, unknown operators).
/// </summary>
internal static class PolicyJsonReader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32 };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly HashSet<string> TopLevelElements = ["Version", "Id", "Statement"];

    public static RawPolicy Read(string json, PolicyKind kind)
    {
        using var document = ParseJson(json);
        var root = document.RootElement;
        Require(root.ValueKind == JsonValueKind.Object);
        var elements = Properties(root, StringComparer.Ordinal);
        Require(elements.Keys.All(TopLevelElements.Contains) && elements.ContainsKey("Statement"));
        return new RawPolicy(ReadVersion(elements), ReadOptionalString(elements, "Id"), ReadStatements(elements["Statement"], kind));
    }

    internal static Dictionary<string, JsonElement> Properties(JsonElement element, StringComparer comparer)
    {
        var properties = new Dictionary<string, JsonElement>(comparer);
        foreach (var property in element.EnumerateObject())
        {
            Require(properties.TryAdd(property.Name, property.Value));
        }

        return properties;
    }

    internal static IReadOnlyList<string> ReadStringList(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return [element.GetString()!];
        }

        Require(element.ValueKind == JsonValueKind.Array);
        return [.. element.EnumerateArray().Select(ReadString)];
    }

    internal static string ReadString(JsonElement element)
    {
        Require(element.ValueKind == JsonValueKind.String);
        return element.GetString()!;
    }

    internal static void Require(bool condition, string message = PolicyErrors.Syntax)
    {
        if (!condition)
        {
            throw new MalformedPolicyDocumentException(message);
        }
    }

    private static JsonDocument ParseJson(string json)
    {
        try
        {
            var utf8 = StrictUtf8.GetBytes(json);
            RequireReadableStrings(utf8);
            return JsonDocument.Parse(utf8, JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new MalformedPolicyDocumentException(PolicyErrors.Syntax, exception);
        }
        catch (EncoderFallbackException exception)
        {
            // A lone surrogate in the text has no UTF-8 form: not a policy.
            throw new MalformedPolicyDocumentException(PolicyErrors.Syntax, exception);
        }
    }

    /// <summary>
    /// An escaped lone surrogate (<c>"\ud800"</c>) is valid JSON but no string: refused here, once,
    /// rather than as an exception from whichever element reads it later.
    /// </summary>
    private static void RequireReadableStrings(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = JsonOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is (JsonTokenType.PropertyName or JsonTokenType.String) && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException exception)
                {
                    throw new MalformedPolicyDocumentException(PolicyErrors.Syntax, exception);
                }
            }
        }
    }

    private static string? ReadVersion(Dictionary<string, JsonElement> elements)
    {
        var version = ReadOptionalString(elements, "Version");
        Require(version is null or PolicyDocument.Version2008 or PolicyDocument.Version2012);
        return version;
    }

    private static string? ReadOptionalString(Dictionary<string, JsonElement> elements, string name) =>
        elements.TryGetValue(name, out var value) ? ReadString(value) : null;

    private static RawStatement[] ReadStatements(JsonElement element, PolicyKind kind)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return [StatementReader.Read(element, 0, kind)];
        }

        Require(element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0);
        return [.. element.EnumerateArray().Select((statement, index) => StatementReader.Read(statement, index, kind))];
    }
}
