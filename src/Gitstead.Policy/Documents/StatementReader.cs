using System.Text.Json;
using static Gitstead.Policy.PolicyJsonReader;

namespace Gitstead.Policy;

/// <summary>Reads one statement object; see <see cref="PolicyJsonReader"/>.</summary>
internal static class StatementReader
{
    private static readonly string[] KnownElements =
        ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal"];

    private static readonly HashSet<string> PrincipalTypes = ["AWS", "Service", "Federated", "CanonicalUser"];

    public static RawStatement Read(JsonElement element, int index, PolicyKind kind)
    {
        Require(element.ValueKind == JsonValueKind.Object);
        var elements = Properties(element, StringComparer.Ordinal);
        CheckElementNames(element, elements, kind);
        Require(elements.ContainsKey("Effect"), PolicyErrors.MissingEffect);
        return new RawStatement(index, Optional(elements, "Sid", ReadString), ReadEffect(elements["Effect"]), ReadConditions(elements))
        {
            Action = Optional(elements, "Action", ReadStringList),
            NotAction = Optional(elements, "NotAction", ReadStringList),
            Resource = Optional(elements, "Resource", ReadStringList),
            NotResource = Optional(elements, "NotResource", ReadStringList),
            Principal = Optional(elements, "Principal", ReadPrincipal),
            NotPrincipal = Optional(elements, "NotPrincipal", ReadPrincipal),
        };
    }

    private static void CheckElementNames(JsonElement element, Dictionary<string, JsonElement> elements, PolicyKind kind)
    {
        var hasPrincipal = elements.ContainsKey("Principal") || elements.ContainsKey("NotPrincipal");
        Require(kind == PolicyKind.Resource || !hasPrincipal, PolicyErrors.PrincipalNotAllowed);
        foreach (var property in element.EnumerateObject())
        {
            if (!KnownElements.Contains(property.Name))
            {
                throw new MalformedPolicyDocumentException(PolicyErrors.UnknownField(property.Name));
            }
        }

        Require(!(elements.ContainsKey("Action") && elements.ContainsKey("NotAction")));
        Require(!(elements.ContainsKey("Resource") && elements.ContainsKey("NotResource")));
        Require(!(elements.ContainsKey("Principal") && elements.ContainsKey("NotPrincipal")));
    }

    private static T? Optional<T>(Dictionary<string, JsonElement> elements, string name, Func<JsonElement, T> read)
        where T : class =>
        elements.TryGetValue(name, out var value) ? read(value) : null;

    private static string ReadEffect(JsonElement element)
    {
        var effect = ReadString(element);
        Require(effect.Equals("Allow", StringComparison.OrdinalIgnoreCase) || effect.Equals("Deny", StringComparison.OrdinalIgnoreCase));
        return effect;
    }

    private static RawPrincipal ReadPrincipal(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            Require(element.GetString() == "*", PolicyErrors.InvalidPrincipal);
            return new RawPrincipal(IsWildcard: true, []);
        }

        Require(element.ValueKind == JsonValueKind.Object);
        var entries = new List<(string Type, string Value)>();
        foreach (var (type, values) in Properties(element, StringComparer.Ordinal))
        {
            Require(PrincipalTypes.Contains(type), PolicyErrors.InvalidPrincipal);
            entries.AddRange(ReadStringList(values).Select(value => (type, value)));
        }

        Require(entries.Count > 0, PolicyErrors.InvalidPrincipal);
        return new RawPrincipal(IsWildcard: false, entries);
    }

    private static RawCondition[] ReadConditions(Dictionary<string, JsonElement> elements)
    {
        if (!elements.TryGetValue("Condition", out var block))
        {
            return [];
        }

        Require(block.ValueKind == JsonValueKind.Object);
        return [.. Properties(block, StringComparer.Ordinal).SelectMany(pair => ReadOperatorBlock(pair.Key, pair.Value))];
    }

    private static IEnumerable<RawCondition> ReadOperatorBlock(string operatorName, JsonElement block)
    {
        var op = ConditionOperator.Parse(operatorName) ?? throw new MalformedPolicyDocumentException(PolicyErrors.Syntax);
        Require(block.ValueKind == JsonValueKind.Object);

        // Key names are case-insensitive, so aws:SourceIp and aws:sourceip twice is a duplicate.
        var keys = Properties(block, StringComparer.OrdinalIgnoreCase);
        return keys.Select(pair => new RawCondition(op, pair.Key, ReadConditionValues(pair.Value)));
    }

    private static IReadOnlyList<string> ReadConditionValues(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array
            ? [.. element.EnumerateArray().Select(ReadScalar)]
            : [ReadScalar(element)];

    /// <summary>Condition values are strings, but numbers and booleans are accepted as written.</summary>
    private static string ReadScalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new MalformedPolicyDocumentException(PolicyErrors.Syntax),
    };
}
