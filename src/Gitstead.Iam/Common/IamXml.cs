using System.Globalization;
using System.Xml.Linq;

namespace Gitstead.Iam.Common;

/// <summary>Small helpers for building Query-protocol result elements.</summary>
public static class IamXml
{
    public static string Date(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static XElement E(string name, params object?[] content) => new(name, content);

    public static XElement? Opt(string name, string? value) => value is null ? null : new XElement(name, value);

    public static XElement? Opt(string name, DateTime? value) => value is null ? null : new XElement(name, Date(value.Value));

    public static XElement Bool(string name, bool value) => new(name, value ? "true" : "false");

    public static XElement Members(string name, IEnumerable<XElement> members) =>
        new(name, members.Select(m => new XElement("member", m.Nodes())));

    public static XElement StringMembers(string name, IEnumerable<string> values) =>
        new(name, values.Select(v => new XElement("member", v)));
}
