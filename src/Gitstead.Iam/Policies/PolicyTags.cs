using System.Xml.Linq;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;

namespace Gitstead.Iam.Policies;

/// <summary>Tags given to CreatePolicy: IAM's rules for one request, and rendering.</summary>
internal static class PolicyTags
{
    /// <summary>Keys are compared case-insensitively, so a request may not name a key twice; <c>aws:</c> is reserved.</summary>
    public static void CheckRequest(IReadOnlyList<TagInput> tags)
    {
        if (tags.Select(t => t.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() != tags.Count)
        {
            throw IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }

        if (tags.Any(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
        {
            throw IamErrors.InvalidInput("Policy tag keys cannot start with the reserved prefix 'aws:'.");
        }
    }

    public static XElement Render(IEnumerable<TagInput> tags) =>
        IamXml.Members("Tags", tags.Select(t => IamXml.E("Tag", IamXml.E("Key", t.Key), IamXml.E("Value", t.Value))));
}
