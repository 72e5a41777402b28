using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Gitstead.Aws;

/// <summary>
/// A successful answer. Query handlers give the children of <c>&lt;OpResult&gt;</c>
/// (namespaces on them are ignored: the renderer writes the service's namespace); JSON
/// handlers give the body object.
/// </summary>
public sealed class AwsResult
{
    private AwsResult(IReadOnlyList<XElement>? xml, JsonObject? json)
    {
        XmlChildren = xml;
        JsonBody = json;
    }

    /// <summary>No output shape: Query renders no Result element, JSON renders <c>{}</c>.</summary>
    public static AwsResult Empty { get; } = new(null, null);

    public IReadOnlyList<XElement>? XmlChildren { get; }

    public JsonObject? JsonBody { get; }

    public static AwsResult Xml(params XElement?[] children) =>
        new(children.Where(c => c is not null).Select(c => c!).ToArray(), null);

    public static AwsResult Json(JsonObject body) => new(null, body);
}
