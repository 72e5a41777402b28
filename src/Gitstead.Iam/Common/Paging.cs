using Gitstead.Aws;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Common;

/// <summary>
/// IAM's <c>Marker</c>/<c>MaxItems</c> paging over a query ordered by a unique string key. The
/// marker is a <see cref="PageTokens"/> key cursor naming the last key returned, so each page
/// is one indexed query and a marker is never handed out twice; one IAM did not issue is
/// <c>InvalidInput</c>.
/// </summary>
public static class Paging
{
    public const int DefaultMaxItems = 100;

    public static PageRequest Read(QueryArgs args) => args.Page(DefaultMaxItems);

    public static Task<Page<T>> PageAsync<T>(
        IQueryable<T> ordered, Func<T, string> key, Func<IQueryable<T>, string, IQueryable<T>> after, QueryArgs args, CancellationToken cancellationToken) =>
        PageAsync(ordered, key, after, Read(args), cancellationToken);

    public static async Task<Page<T>> PageAsync<T>(
        IQueryable<T> ordered,
        Func<T, string> key,
        Func<IQueryable<T>, string, IQueryable<T>> after,
        PageRequest request,
        CancellationToken cancellationToken)
    {
        var query = request.Token is null ? ordered : after(ordered, AfterKey(request.Token));
        var items = await query.Take(request.MaxItems + 1).ToListAsync(cancellationToken);
        return Page<T>.FromOverfetch(items, request.MaxItems, i => PageTokens.EncodeKey(key(i)));
    }

    public static Page<T> PageList<T>(IEnumerable<T> ordered, Func<T, string> key, QueryArgs args) => PageList(ordered, key, Read(args));

    /// <summary>Pages an in-memory list (small lists, or lists that are not database rows).</summary>
    public static Page<T> PageList<T>(IEnumerable<T> ordered, Func<T, string> key, PageRequest request) =>
        PageTokens.PageOrdered(ordered, key, request, InvalidMarker);

    /// <summary>The key a marker continues after; InvalidInput when IAM did not issue it.</summary>
    public static string AfterKey(string token) => PageTokens.TryDecodeKey(token, out var key) ? key : throw InvalidMarker();

    private static AwsServiceException InvalidMarker() => IamErrors.InvalidInput("Invalid Marker.");
}
