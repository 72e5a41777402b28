using System.Xml.Linq;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;

namespace Gitstead.Iam.Policies;

/// <summary>Tags given to CreatePolicy, as the <c>Policy</c> shape renders them.</summary>
internal static class PolicyTags
{
    public static XElement Render(IEnumerable<TagInput> tags) =>
        IamXml.Members("Tags", tags.Select(t => IamXml.E("Tag", IamXml.E("Key", t.Key), IamXml.E("Value", t.Value))));
}
