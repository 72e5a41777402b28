using Gitstead.Aws;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// ListRepositories: keyset pages of 1,000 (the model's page size) in the requested order, so
/// a page boundary stays put while repositories are created or deleted. The console asks for
/// smaller pages and may limit the names to those containing a text, in the query itself, so a
/// search among many thousands of repositories reads only what it shows. ListRepositories'
/// own pages (no name filter) read through statements kept prepared (<see cref="PreparedReads"/>),
/// one for each order and for the first and later pages; the console's searches through EF Core.
/// </summary>
internal sealed class RepositoryListing(IGitsteadDb db, PreparedReads reads)
{
    public const int PageSize = 1000;

    public async Task<Page<RepositorySummary>> ListAsync(
        string accountId, string region, RepositorySort sort, bool ascending, string? nextToken, CancellationToken ct,
        string? nameContains = null, int pageSize = PageSize)
    {
        var order = $"{sort}:{(ascending ? "asc" : "desc")}";
        var after = ListToken.Decode(nextToken, order);
        var rows = string.IsNullOrEmpty(nameContains)
            ? await reads.ReadAsync(Pages[(sort, ascending, after is not null)], ct, PageArguments(accountId, region, sort, after, pageSize + 1)) ?? []
            : await SearchAsync(accountId, region, sort, ascending, after, nameContains, pageSize + 1, ct);
        string? token = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            var last = rows[^1];
            token = new ListToken(order, last.RepositoryName, last.LastModifiedDate.Ticks, last.Key).Encode();
        }

        return new Page<RepositorySummary>(rows.Select(r => new RepositorySummary(r.RepositoryName, r.RepositoryId)).ToList(), token);
    }

    private async Task<List<Row>> SearchAsync(
        string accountId, string region, RepositorySort sort, bool ascending, ListToken? after, string nameContains, int limit, CancellationToken ct)
    {
        await using var context = db.Create();
        // Names are ASCII letters, digits and ._- only: lowering both sides is a case-insensitive match on every provider.
        var text = nameContains.ToLowerInvariant();
        var query = context.Repositories.AsNoTracking().Where(r => r.AccountId == accountId && r.Region == region);
        query = query.Where(r => r.RepositoryName.ToLower().Contains(text));
        query = sort == RepositorySort.RepositoryName ? ByName(query, ascending, after) : ByDate(query, ascending, after);
        return await query.Take(limit)
            .Select(r => new Row(r.RepositoryName, r.RepositoryId, r.LastModifiedDate, r.Key))
            .ToListAsync(ct);
    }

    /// <summary>What a page needs of a repository: its name and id, and the keyset's columns.</summary>
    private sealed record Row(string RepositoryName, string RepositoryId, DateTime LastModifiedDate, long Key);

    /// <summary>
    /// The statements of <see cref="Pages"/> take the account, the region, the keyset's values
    /// (a later page only: the last name, or the last date and key) and the row limit, in that order.
    /// </summary>
    private static object[] PageArguments(string accountId, string region, RepositorySort sort, ListToken? after, int limit) =>
        after is null ? [accountId, region, limit]
        : sort == RepositorySort.RepositoryName ? [accountId, region, after.Name, limit]
        : [accountId, region, new DateTime(after.Ticks, DateTimeKind.Utc), after.Key, limit];

    /// <summary>
    /// ListRepositories' statements by (order, ascending, later page). The same comparisons and
    /// orders as <see cref="ByName"/> and <see cref="ByDate"/> write for the console's search, so
    /// a token from either continues in the other.
    /// </summary>
    private static readonly Dictionary<(RepositorySort Sort, bool Ascending, bool After), PreparedRead<List<Row>>> Pages = BuildPages();

    private static Dictionary<(RepositorySort, bool, bool), PreparedRead<List<Row>>> BuildPages()
    {
        var pages = new Dictionary<(RepositorySort, bool, bool), PreparedRead<List<Row>>>();
        foreach (var sort in new[] { RepositorySort.RepositoryName, RepositorySort.LastModifiedDate })
        {
            foreach (var ascending in new[] { true, false })
            {
                var (lt, direction) = ascending ? (">", "ASC") : ("<", "DESC");
                var byName = sort == RepositorySort.RepositoryName;
                var order = byName ? $"\"RepositoryName\" {direction}" : $"\"LastModifiedDate\" {direction}, \"Key\" {direction}";
                foreach (var later in new[] { false, true })
                {
                    var keyset = !later ? ""
                        : byName ? $" AND \"RepositoryName\" {lt} @p2"
                        : $" AND (\"LastModifiedDate\" {lt} @p2 OR (\"LastModifiedDate\" = @p2 AND \"Key\" {lt} @p3))";
                    var limit = !later ? "@p2" : byName ? "@p3" : "@p4";
                    pages[(sort, ascending, later)] = new PreparedRead<List<Row>>(
                        $"""
                        SELECT "RepositoryName", "RepositoryId", "LastModifiedDate", "Key"
                        FROM "Repositories"
                        WHERE "AccountId" = @p0 AND "Region" = @p1{keyset}
                        ORDER BY {order}
                        LIMIT {limit}
                        """,
                        ReadRows);
                }
            }
        }

        return pages;
    }

    private static List<Row> ReadRows(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.GetInt64(3)));
        }

        return rows;
    }

    private static IQueryable<Repository> ByName(IQueryable<Repository> query, bool ascending, ListToken? after)
    {
        if (after is not null)
        {
            var name = after.Name;
            query = ascending
                ? query.Where(r => string.Compare(r.RepositoryName, name) > 0)
                : query.Where(r => string.Compare(r.RepositoryName, name) < 0);
        }

        return ascending ? query.OrderBy(r => r.RepositoryName) : query.OrderByDescending(r => r.RepositoryName);
    }

    private static IQueryable<Repository> ByDate(IQueryable<Repository> query, bool ascending, ListToken? after)
    {
        if (after is not null)
        {
            var date = new DateTime(after.Ticks, DateTimeKind.Utc);
            var key = after.Key;
            query = ascending
                ? query.Where(r => r.LastModifiedDate > date || (r.LastModifiedDate == date && r.Key > key))
                : query.Where(r => r.LastModifiedDate < date || (r.LastModifiedDate == date && r.Key < key));
        }

        return ascending
            ? query.OrderBy(r => r.LastModifiedDate).ThenBy(r => r.Key)
            : query.OrderByDescending(r => r.LastModifiedDate).ThenByDescending(r => r.Key);
    }
}
