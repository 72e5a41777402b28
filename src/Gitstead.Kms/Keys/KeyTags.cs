using Gitstead.Aws;

namespace Gitstead.Kms.Keys;

/// <summary>Tag rules of KMS keys: keys 1–128 characters, values up to 256, none under <c>aws:</c>, at most 50 a key.</summary>
internal static class KeyTags
{
    public const int MaxTags = 50;

    public static IReadOnlyList<KeyValuePair<string, string>> Check(IReadOnlyList<KeyValuePair<string, string>>? tags)
    {
        var list = tags ?? [];
        foreach (var (key, value) in list)
        {
            if (key.Length is < 1 or > 128 || value.Length > 256)
            {
                throw KmsErrors.Tag("Tag keys must be 1 to 128 characters and tag values at most 256 characters.");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw KmsErrors.Tag("Tags beginning with aws: are reserved for AWS use.");
            }
        }

        if (list.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw KmsErrors.Tag("Duplicate tag keys in the request.");
        }

        return list;
    }

    public static void CheckCount(int count)
    {
        if (count > MaxTags)
        {
            throw KmsErrors.Limit($"A KMS key can have at most {MaxTags} tags.");
        }
    }

    /// <summary><c>aws:RequestTag/KEY</c> for each tag and <c>aws:TagKeys</c>, as TagResource and CreateKey carry them.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Conditions(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in tags)
        {
            keys["aws:RequestTag/" + key] = [value];
        }

        if (tags.Count > 0)
        {
            keys["aws:TagKeys"] = tags.Select(t => t.Key).ToList();
        }

        return keys;
    }

    /// <summary>A page of a list KMS pages with <c>Limit</c>/<c>Marker</c>; InvalidMarkerException for a marker it did not issue.</summary>
    public static PageRequest Page(int? limit, string? marker)
    {
        if (limit is { } n && n is < 1 or > 1000)
        {
            throw KmsErrors.Constraint("limit", n < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1000", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new PageRequest(marker, limit ?? 100);
    }
}
