using System.Text;
using System.Xml.Linq;
using Gitstead.Aws;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Common;

/// <summary>A page of an IAM list: items, and the marker to continue from when truncated.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker)
{
    public bool IsTruncated => NextMarker is not null;

    /// <summary><c>IsTruncated</c> and, only when truncated, <c>Marker</c>.</summary>
    public IEnumerable<XElement> PagingElements()
    {
        yield return IamXml.Bool("IsTruncated", IsTruncated);
        if (NextMarker is not null)
        {
            yield return new XElement("Marker", NextMarker);
        }
    }
}

/// <summary>
/// <c>Marker</c>/<c>MaxItems</c> paging over a query ordered by a unique string key. The
/// marker is the opaque encoding of the last key returned, so each page is one indexed query
/// and a marker is never handed out twice.
/// </summary>
public static class Paging
{
    public const int DefaultMaxItems = 100;

    public static (string? After, int MaxItems) Read(QueryArgs args)
    {
        var marker = args.String("Marker", 1, 320);
        var max = args.Int("MaxItems", 1, 1000) ?? DefaultMaxItems;
        return (marker is null ? null : Decode(marker), max);
    }

    public static async Task<Page<T>> PageAsync<T>(
        IQueryable<T> ordered,
        Func<T, string> key,
        Func<IQueryable<T>, string, IQueryable<T>> after,
        QueryArgs args,
        CancellationToken cancellationToken)
    {
        var (afterKey, max) = Read(args);
        var query = afterKey is null ? ordered : after(ordered, afterKey);
        var items = await query.Take(max + 1).ToListAsync(cancellationToken);
        if (items.Count <= max)
        {
            return new Page<T>(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new Page<T>(items, Encode(key(items[^1])));
    }

    /// <summary>Pages an in-memory list (small lists, or lists that are not database rows).</summary>
    public static Page<T> PageList<T>(IEnumerable<T> ordered, Func<T, string> key, QueryArgs args)
    {
        var (afterKey, max) = Read(args);
        var rest = afterKey is null ? ordered : ordered.SkipWhile(i => string.CompareOrdinal(key(i), afterKey) <= 0);
        var items = rest.Take(max + 1).ToList();
        if (items.Count <= max)
        {
            return new Page<T>(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new Page<T>(items, Encode(key(items[^1])));
    }

    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string Decode(string marker)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw IamErrors.InvalidInput("Invalid Marker.");
        }
    }
}
