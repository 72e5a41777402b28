using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.RootKeys;

/// <summary>
/// A table column that holds envelope blobs: rows are read in pages ordered by their string
/// key, and a blob is replaced by <c>UPDATE … SET blob = @new WHERE key = @key AND blob = @old</c>.
/// </summary>
/// <param name="db">The database.</param>
/// <param name="kind">What the blobs are, for the report.</param>
/// <param name="rowId">The row's primary key (a string column).</param>
/// <param name="blob">The column holding the blob.</param>
/// <param name="context">The context the blob was sealed with, from its row.</param>
public sealed class SealedColumn<TEntity>(
    IGitsteadDb db,
    string kind,
    Expression<Func<TEntity, string>> rowId,
    Expression<Func<TEntity, byte[]>> blob,
    Func<TEntity, string> context) : ISealedSecretSource
    where TEntity : class
{
    private const int PageSize = 256;

    private static readonly System.Reflection.MethodInfo s_compare =
        typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private readonly Func<TEntity, string> _rowId = rowId.Compile();
    private readonly Func<TEntity, byte[]> _blob = blob.Compile();

    public string Kind => kind;

    public async IAsyncEnumerable<SealedSecret> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            List<TEntity> page;
            await using (var context = db.Create())
            {
                var rows = context.Set<TEntity>().AsNoTracking();
                if (after is not null)
                {
                    rows = rows.Where(After(after));
                }

                // The page is read in full before anything is written: no reader stays open across updates.
                page = await rows.OrderBy(rowId).Take(PageSize).ToListAsync(cancellationToken);
            }

            foreach (var row in page)
            {
                yield return new SealedSecret(_rowId(row), context(row), _blob(row));
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = _rowId(page[^1]);
        }
    }

    public async Task<bool> ReplaceAsync(SealedSecret secret, byte[] rewrapped, CancellationToken cancellationToken)
    {
        await using var context = db.Create();
        var updated = await context.Set<TEntity>()
            .Where(Equal(rowId, secret.RowId))
            .Where(Equal(blob, secret.Blob))
            .ExecuteUpdateAsync(s => s.SetProperty(blob, rewrapped), cancellationToken);
        return updated == 1;
    }

    /// <summary><c>e => string.Compare(rowId(e), after) &gt; 0</c>, which EF translates to <c>key &gt; @after</c>.</summary>
    private Expression<Func<TEntity, bool>> After(string after)
    {
        var compare = Expression.Call(s_compare, rowId.Body, Parameterized(after));
        return Expression.Lambda<Func<TEntity, bool>>(Expression.GreaterThan(compare, Expression.Constant(0)), rowId.Parameters);
    }

    private static Expression<Func<TEntity, bool>> Equal<T>(Expression<Func<TEntity, T>> column, T value) =>
        Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(column.Body, Parameterized(value)), column.Parameters);

    /// <summary>A captured value, so EF sends it as a parameter rather than a literal in the SQL.</summary>
    private static MemberExpression Parameterized<T>(T value) =>
        Expression.Property(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    private sealed record Box<T>(T Value);
}
