using Gitstead.Aws;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// ListRepositories: keyset pages of 1,000 (the model's page size) in the requested order, so
/// a page boundary stays put while repositories are created or deleted. The console asks for
/// smaller pages and may limit the names to those containing a text, in the query itself, so a
/// search among many thousands of repositories reads only what it shows.
/// </summary>
internal sealed class RepositoryListing(IGitsteadDb db)
{
    public const int PageSize = 1000;

    public async Task<Page<RepositorySummary>> ListAsync(
        string accountId, string region, RepositorySort sort, bool ascending, string? nextToken, CancellationToken ct,
        string? nameContains = null, int pageSize = PageSize)
    {
        var order = $"{sort}:{(ascending ? "asc" : "desc")}";
        var after = ListToken.Decode(nextToken, order);
        await using var context = db.Create();
        var query = context.Repositories.AsNoTracking().Where(r => r.AccountId == accountId && r.Region == region);
        if (!string.IsNullOrEmpty(nameContains))
        {
            // Names are ASCII letters, digits and ._- only: lowering both sides is a case-insensitive match on every provider.
            var text = nameContains.ToLowerInvariant();
            query = query.Where(r => r.RepositoryName.ToLower().Contains(text));
        }

        query = sort == RepositorySort.RepositoryName ? ByName(query, ascending, after) : ByDate(query, ascending, after);
        var rows = await query.Take(pageSize + 1)
            .Select(r => new { r.RepositoryName, r.RepositoryId, r.LastModifiedDate, r.Key })
            .ToListAsync(ct);
        string? token = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            var last = rows[^1];
            token = new ListToken(order, last.RepositoryName, last.LastModifiedDate.Ticks, last.Key).Encode();
        }

        return new Page<RepositorySummary>(rows.Select(r => new RepositorySummary(r.RepositoryName, r.RepositoryId)).ToList(), token);
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
