namespace Gitstead.Aws;

/// <summary>
/// Which page of a list to read: where the previous page ended (an opaque token the service
/// handed out, null for the first page) and at most how many items. The wire layer reads it
/// from <c>Marker</c>/<c>MaxItems</c> (Query) or <c>nextToken</c>/<c>maxResults</c> (JSON);
/// a console page makes it directly.
/// </summary>
public sealed record PageRequest(string? Token, int MaxItems)
{
    public static PageRequest First(int maxItems) => new(null, maxItems);
}

/// <summary>One page of a list; <see cref="NextToken"/> continues it and is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken)
{
    public bool IsTruncated => NextToken is not null;

    public Page<TResult> Select<TResult>(Func<T, TResult> map) => new(Items.Select(map).ToList(), NextToken);

    /// <summary>
    /// The page from up to <c>maxItems + 1</c> rows read in order: when there are more than
    /// <paramref name="maxItems"/>, the extra row is dropped and the token names the last row kept.
    /// </summary>
    public static Page<T> FromOverfetch(List<T> rows, int maxItems, Func<T, string> tokenOf)
    {
        if (rows.Count <= maxItems)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveRange(maxItems, rows.Count - maxItems);
        return new Page<T>(rows, tokenOf(rows[^1]));
    }
}
