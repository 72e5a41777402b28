using System.Globalization;
using System.Text.RegularExpressions;

namespace Gitstead.Aws;

/// <summary>
/// The decoded form parameters of a Query-protocol call, with accessors that validate the
/// model's constraints and fail with IAM/STS's <c>ValidationError</c>, since botocore checks
/// only <c>required</c> and <c>min</c> client-side.
/// </summary>
public sealed class QueryArgs(IReadOnlyDictionary<string, string> values)
{
    public static QueryArgs Empty { get; } = new(new Dictionary<string, string>());

    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public string? Get(string name) => Values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) =>
        Get(name) ?? throw Validation.Error($"Value null at '{Validation.Field(name)}' failed to satisfy constraint: Member must not be null");

    /// <summary>A string with length and pattern constraints; null when absent.</summary>
    public string? String(string name, int min, int max, Regex? pattern = null)
    {
        var value = Get(name);
        if (value is not null)
        {
            Validation.Check(value, name, min, max, pattern);
        }

        return value;
    }

    public string RequiredString(string name, int min, int max, Regex? pattern = null) =>
        String(name, min, max, pattern) ?? Required(name);

    public int? Int(string name, int min, int max)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new AwsServiceException("MalformedInput", $"Invalid value for parameter {name}: '{raw}' is not an integer.");
        }

        if (value < min)
        {
            throw Validation.Error($"Value '{value}' at '{Validation.Field(name)}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }

        if (value > max)
        {
            throw Validation.Error($"Value '{value}' at '{Validation.Field(name)}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        }

        return value;
    }

    /// <summary>
    /// The page a list call asks for: <c>Marker</c> (1–320 characters, the token of the previous
    /// page) and <c>MaxItems</c> (1–1000, default <paramref name="defaultMaxItems"/>).
    /// </summary>
    public PageRequest Page(int defaultMaxItems = 100) =>
        new(String("Marker", 1, 320), Int("MaxItems", 1, 1000) ?? defaultMaxItems);

    public bool? Bool(string name) => Get(name) switch
    {
        null => null,
        var s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var s => throw new AwsServiceException("MalformedInput", $"Invalid value for parameter {name}: '{s}' is not a boolean."),
    };

    /// <summary>A value restricted to <paramref name="allowed"/> (model enum).</summary>
    public string? Enum(string name, params string[] allowed)
    {
        var value = Get(name);
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            throw Validation.Error($"Value '{value}' at '{Validation.Field(name)}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return value;
    }

    /// <summary>A list serialized as <c>Name.member.N</c> (an empty list arrives as <c>Name=</c>).</summary>
    public IReadOnlyList<string> List(string name)
    {
        var items = new List<string>();
        for (var i = 1; Values.TryGetValue($"{name}.member.{i}", out var v); i++)
        {
            items.Add(v);
        }

        return items;
    }

    /// <summary>
    /// A list of structures: returns one sub-view per member (<c>Name.member.N.Field</c>), in
    /// member order up to the first missing N. One pass over the form, so a request with
    /// thousands of members costs time in proportion to its size, not its square.
    /// </summary>
    public IReadOnlyList<QueryArgs> Structures(string name)
    {
        var prefix = name + ".member.";
        var members = new Dictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in Values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
            {
                continue;
            }

            if (!members.TryGetValue(index, out var fields))
            {
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                members[index] = fields;
            }

            fields[key[(prefix.Length + dot + 1)..]] = value;
        }

        var items = new List<QueryArgs>(members.Count);
        for (var i = 1; members.TryGetValue(i, out var fields); i++)
        {
            items.Add(new QueryArgs(fields));
        }

        return items;
    }
}
