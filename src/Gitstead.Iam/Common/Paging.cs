using Gitstead.Aws;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Common;

/// <summary>
/// IAM's <c>Marker</c>/<c>MaxItems</c> paging of a <see cref="PageRequest"/>. The marker is a
/// <see cref="PageTokens"/> key cursor naming the last key returned, so each page of a query
/// is one indexed query and a marker is never handed out twice; one IAM did not issue is
/// <c>InvalidInput</c> (<c>Invalid Marker.</c>).
/// </summary>
internal static class Paging
{
    /// <summary>A page of a query ordered by a unique string key: keyset paging, one query.</summary>
    /// <param name="ordered">The query, ordered by <paramref name="key"/>.</param>
    /// <param name="key">The unique key of a row, as the marker carries it.</param>
    /// <param name="after">The query narrowed to the rows after a key (translated to SQL).</param>
    /// <param name="request">The page asked for.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
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

    /// <summary>Pages an in-memory list ordered by a unique key (small lists, or lists that are not database rows).</summary>
    public static Page<T> PageList<T>(IEnumerable<T> ordered, Func<T, string> key, PageRequest request) =>
        PageTokens.PageOrdered(ordered, key, request, InvalidMarker);

    /// <summary>The key a marker continues after; InvalidInput when IAM did not issue it.</summary>
    public static string AfterKey(string token) => PageTokens.TryDecodeKey(token, out var key) ? key : throw InvalidMarker();

    private static AwsServiceException InvalidMarker() => IamErrors.InvalidInput("Invalid Marker.");
}
