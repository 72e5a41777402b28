using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;

namespace Gitstead.Iam.Users;

/// <summary>Tags of users and managed policies: parsing with the model's constraints, IAM's rules, rendering.</summary>
internal static class UserTags
{
    public const int MaxPerUser = 50;

    /// <summary>
    /// <c>Tags.member.N.Key/Value</c> with the model's constraints (<c>tagListType</c> max 50,
    /// <c>Tag</c> key 1–128 and value 0–256 with their patterns). Null when the list is absent.
    /// </summary>
    public static IReadOnlyList<Tag>? Parse(QueryArgs query, string name = "Tags")
    {
        var members = query.Structures(name);
        if (members.Count == 0)
        {
            // An empty list is serialized as "Tags=".
            return query.Get(name) is null ? null : [];
        }

        CheckCount(members.Count, name);
        var field = Validation.Field(name);
        return members.Select((m, i) => new Tag(
            Checked(m.Get("Key"), $"{field}.{i + 1}.member.key", 1, 128, IamPatterns.TagKey),
            Checked(m.Get("Value"), $"{field}.{i + 1}.member.value", 0, 256, IamPatterns.TagValue))).ToList();
    }

    /// <summary><c>TagKeys.member.N</c> (<c>tagKeyListType</c>): required, at most 50 keys.</summary>
    public static IReadOnlyList<string> ParseKeys(QueryArgs query, string name = "TagKeys")
    {
        var keys = query.List(name);
        if (keys.Count == 0 && query.Get(name) is null)
        {
            query.Required(name);
        }

        CheckCount(keys.Count, name);
        return keys.Select((k, i) => Checked(k, $"{Validation.Field(name)}.{i + 1}.member", 1, 128, IamPatterns.TagKey)).ToList();
    }

    /// <summary>
    /// IAM's rules for tags in one request, for users and policies alike: keys are compared
    /// case-insensitively, so a request may not name a key twice; keys starting with
    /// <c>aws:</c> are reserved.
    /// </summary>
    /// <param name="tags">The request's tags.</param>
    /// <param name="entity">What is tagged as the reserved-prefix message names it: <c>User</c>, <c>Policy</c>.</param>
    public static void CheckRequest(IReadOnlyList<Tag> tags, string entity)
    {
        if (tags.Select(t => t.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() != tags.Count)
        {
            throw IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }

        if (tags.Any(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
        {
            throw IamErrors.InvalidInput($"{entity} tag keys cannot start with the reserved prefix 'aws:'.");
        }
    }

    /// <summary>Condition keys of a tagging request: <c>aws:RequestTag/KEY</c> and <c>aws:TagKeys</c>.</summary>
    public static Dictionary<string, IReadOnlyList<string>> RequestConditions(IReadOnlyList<Tag>? tags)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (tags is { Count: > 0 })
        {
            foreach (var tag in tags)
            {
                keys[$"aws:RequestTag/{tag.Key}"] = [tag.Value];
            }

            keys["aws:TagKeys"] = tags.Select(t => t.Key).ToList();
        }

        return keys;
    }

    /// <summary>A <c>Tags</c> list (<c>tagListType</c>), in the order given.</summary>
    public static XElement Render(IEnumerable<Tag> tags) =>
        QueryXml.Members("Tags", tags.Select(t => QueryXml.E("Tag", QueryXml.E("Key", t.Key), QueryXml.E("Value", t.Value))));

    private static void CheckCount(int count, string name)
    {
        if (count > MaxPerUser)
        {
            throw Validation.Error($"Value at '{Validation.Field(name)}' failed to satisfy constraint: Member must have length less than or equal to {MaxPerUser}");
        }
    }

    private static string Checked(string? value, string field, int min, int max, ModelPattern pattern)
    {
        if (value is null)
        {
            throw Validation.Error($"Value null at '{field}' failed to satisfy constraint: Member must not be null");
        }

        Validation.Check(value, field, min, max, pattern);
        return value;
    }
}
