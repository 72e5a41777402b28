using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gitstead.Aws;

/// <summary>
/// Request parameters as an audit record keeps them: member names as CloudTrail writes them
/// (first letter lower case), secrets replaced (passwords, secret keys, private keys, session
/// tokens, plaintext and ciphertext blobs) and long values cut, so a record never holds a secret
/// or a file's content.
/// </summary>
public static class AuditRedaction
{
    /// <summary>What AWS writes in place of a value it does not log.</summary>
    public const string Hidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

    private const int MaxValueLength = 1024;

    private static readonly string[] SecretParts = ["password", "secret", "privatekey", "plaintext", "ciphertext", "sessiontoken", "filecontent", "content"];

    /// <summary>True for a member whose value is never recorded.</summary>
    public static bool IsSecret(string member)
    {
        // Every call's members pass here: plain ASCII names (nearly all) are searched in place;
        // the rest are lowered first, so that any name lowering makes secret counts as secret.
        var plain = System.Text.Ascii.IsValid(member) && !member.Contains('.', StringComparison.Ordinal);
        var lower = plain ? member : member.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
        foreach (var part in SecretParts)
        {
            if (lower.Contains(part, plain ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The parameters of a Query call (<c>Action</c>, <c>Version</c> and signature members left out).</summary>
    public static JsonObject? FromForm(IEnumerable<KeyValuePair<string, string>> form)
    {
        JsonObject? json = null;
        foreach (var (key, value) in form)
        {
            if (key is "Action" or "Version" || key.StartsWith("X-Amz-", StringComparison.Ordinal))
            {
                continue;
            }

            json ??= [];
            json[Camel(key)] = IsSecret(key) ? Hidden : Cut(value);
        }

        return json;
    }

    /// <summary>The parameters of a JSON call.</summary>
    public static JsonObject? FromJson(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var json = (JsonObject)Clean(body)!;
        return json.Count > 0 ? json : null;
    }

    private static JsonNode? Clean(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => CleanObject(element),
        JsonValueKind.Array => new JsonArray([.. element.EnumerateArray().Select(Clean)]),
        JsonValueKind.String => JsonValue.Create(Cut(element.GetString() ?? "")),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonNode.Parse(element.GetRawText()),
    };

    private static JsonObject CleanObject(JsonElement element)
    {
        var json = new JsonObject();
        foreach (var member in element.EnumerateObject())
        {
            json[Camel(member.Name)] = IsSecret(member.Name) ? Hidden : Clean(member.Value);
        }

        return json;
    }

    private static string Cut(string value) => value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value;

    private static string Camel(string name) =>
        name.Length > 0 && char.IsUpper(name[0])
            ? string.Create(name.Length, name, static (span, n) =>
            {
                n.AsSpan().CopyTo(span);
                span[0] = char.ToLowerInvariant(n[0]);
            })
            : name;
}
