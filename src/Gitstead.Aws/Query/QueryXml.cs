using System.Globalization;
using System.Xml.Linq;

namespace Gitstead.Aws;

/// <summary>
/// Building the children of a Query-protocol <c>&lt;OpResult&gt;</c> (IAM, STS): elements,
/// optional members, timestamps, lists of <c>member</c>s, and the paging members.
/// </summary>
public static class QueryXml
{
    /// <summary>Timestamps as <c>2026-12-02T15:04:05Z</c>.</summary>
    public static string Date(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static XElement E(string name, params object?[] content) => new(name, content);

    public static XElement? Opt(string name, string? value) => value is null ? null : new XElement(name, value);

    public static XElement? Opt(string name, DateTime? value) => value is null ? null : new XElement(name, Date(value.Value));

    public static XElement Bool(string name, bool value) => new(name, value ? "true" : "false");

    /// <summary>A list: each element's children re-wrapped in <c>member</c>.</summary>
    public static XElement Members(string name, IEnumerable<XElement> members) =>
        new(name, members.Select(m => new XElement("member", m.Nodes())));

    public static XElement StringMembers(string name, IEnumerable<string> values) =>
        new(name, values.Select(v => new XElement("member", v)));

    /// <summary><c>IsTruncated</c> and, only when truncated, <c>Marker</c>.</summary>
    public static IEnumerable<XElement> PagingElements<T>(this Page<T> page)
    {
        yield return Bool("IsTruncated", page.IsTruncated);
        if (page.NextToken is { } marker)
        {
            yield return new XElement("Marker", marker);
        }
    }
}
