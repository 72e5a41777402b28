using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Users;

namespace Gitstead.Iam.Policies;

/// <summary>Tags given to CreatePolicy, as the <c>Policy</c> shape renders them.</summary>
internal static class PolicyTags
{
    public static XElement Render(IEnumerable<Tag> tags) =>
        QueryXml.Members("Tags", tags.Select(t => QueryXml.E("Tag", QueryXml.E("Key", t.Key), QueryXml.E("Value", t.Value))));
}
