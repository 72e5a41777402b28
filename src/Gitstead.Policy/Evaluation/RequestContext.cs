namespace Gitstead.Policy;

/// <summary>
/// What is being authorized: the action (<c>codecommit:GitPush</c>), the resource ARN (or
/// <c>*</c> for actions without resource-level permissions) and the condition context keys.
/// Key names are case-insensitive; each key holds one or more string values. A key given
/// with no values is treated as absent. Instances are immutable; the <c>With*</c> methods
/// return copies.
/// </summary>
public sealed class RequestContext
{
    private static readonly Dictionary<string, string[]> NoKeys = new(StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, string[]> _keys;

    public RequestContext(string action, string resource, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>? keys = null)
        : this(action, resource, Copy(keys))
    {
    }

    private RequestContext(string action, string resource, Dictionary<string, string[]> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        Action = action;
        Resource = resource;
        _keys = keys;
    }

    public string Action { get; }

    public string Resource { get; }

    /// <summary>The names of the keys present (in their original spelling).</summary>
    public IReadOnlyCollection<string> KeyNames => _keys.Keys;

    public bool ContainsKey(string key) => _keys.ContainsKey(key);

    /// <summary>The values of a key, or an empty list if the key is absent.</summary>
    public IReadOnlyList<string> GetValues(string key) => _keys.TryGetValue(key, out var values) ? values : [];

    public RequestContext WithAction(string action) => new(action, Resource, _keys);

    public RequestContext WithResource(string resource) => new(Action, resource, _keys);

    /// <summary>A copy with the key set to these values (no values removes the key).</summary>
    public RequestContext WithKey(string key, params IEnumerable<string> values)
    {
        var keys = new Dictionary<string, string[]>(_keys, StringComparer.OrdinalIgnoreCase);
        Set(keys, key, values);
        return new RequestContext(Action, Resource, keys);
    }

    public RequestContext WithoutKey(string key)
    {
        var keys = new Dictionary<string, string[]>(_keys, StringComparer.OrdinalIgnoreCase);
        keys.Remove(key);
        return new RequestContext(Action, Resource, keys);
    }

    internal static RequestContext FromOwnedKeys(string action, string resource, Dictionary<string, string[]> keys) =>
        new(action, resource, keys);

    internal bool TryGetValues(string key, out string[] values) => _keys.TryGetValue(key, out values!);

    /// <summary>The value of a single-valued key; null if absent or multivalued (policy variables).</summary>
    internal string? GetSingleValueOrDefault(string key) =>
        _keys.TryGetValue(key, out var values) && values.Length == 1 ? values[0] : null;

    internal static void Set(Dictionary<string, string[]> keys, string key, IEnumerable<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        string[] array = [.. values];
        keys.Remove(key);
        if (array.Length > 0)
        {
            keys[key] = array;
        }
    }

    private static Dictionary<string, string[]> Copy(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>? keys)
    {
        if (keys is null)
        {
            return NoKeys;
        }

        var copy = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in keys)
        {
            Set(copy, key, values);
        }

        return copy;
    }
}
