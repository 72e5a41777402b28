using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.RootKeys;

/// <summary>
/// A table column that holds envelope blobs: rows are read in pages ordered by their key (a
/// string or a number), and a blob is replaced by
/// <c>UPDATE … SET blob = @new WHERE key = @key AND blob = @old</c>.
/// </summary>
/// <param name="db">The database.</param>
/// <param name="kind">What the blobs are, for the report.</param>
/// <param name="rowId">The row's primary key (a string or numeric column).</param>
/// <param name="blob">The column holding the blob.</param>
/// <param name="context">The context the blob was sealed with, from its row.</param>
public sealed class SealedColumn<TEntity, TKey>(
    IGitsteadDb db,
    string kind,
    Expression<Func<TEntity, TKey>> rowId,
    Expression<Func<TEntity, byte[]>> blob,
    Func<TEntity, string> context) : ISealedSecretSource
    where TEntity : class
    where TKey : notnull
{
    private const int PageSize = 256;

    private static readonly System.Reflection.MethodInfo s_compare =
        typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private readonly Func<TEntity, TKey> _rowId = rowId.Compile();
    private readonly Func<TEntity, byte[]> _blob = blob.Compile();

    public string Kind => kind;

    public async IAsyncEnumerable<SealedSecret> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = false;
        var after = default(TKey)!;
        while (true)
        {
            List<TEntity> page;
            await using (var context = db.Create())
            {
                var rows = context.Set<TEntity>().AsNoTracking();
                if (started)
                {
                    rows = rows.Where(After(after));
                }

                // The page is read in full before anything is written: no reader stays open across updates.
                page = await rows.OrderBy(rowId).Take(PageSize).ToListAsync(cancellationToken);
            }

            foreach (var row in page)
            {
                yield return new SealedSecret(Convert.ToString(_rowId(row), System.Globalization.CultureInfo.InvariantCulture)!, context(row), _blob(row));
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = _rowId(page[^1]);
            started = true;
        }
    }

    public async Task<bool> ReplaceAsync(SealedSecret secret, byte[] rewrapped, CancellationToken cancellationToken)
    {
        await using var context = db.Create();
        var updated = await context.Set<TEntity>()
            .Where(Equal(rowId, ParseKey(secret.RowId)))
            .Where(Equal(blob, secret.Blob))
            .ExecuteUpdateAsync(s => s.SetProperty(blob, rewrapped), cancellationToken);
        return updated == 1;
    }

    /// <summary>
    /// <c>e =&gt; key(e) &gt; after</c>; for a string key <c>string.Compare(key(e), after) &gt; 0</c>,
    /// which EF translates to the same comparison in SQL.
    /// </summary>
    private Expression<Func<TEntity, bool>> After(TKey after)
    {
        Expression greater = typeof(TKey) == typeof(string)
            ? Expression.GreaterThan(Expression.Call(s_compare, rowId.Body, Parameterized(after)), Expression.Constant(0))
            : Expression.GreaterThan(rowId.Body, Parameterized(after));
        return Expression.Lambda<Func<TEntity, bool>>(greater, rowId.Parameters);
    }

    private static TKey ParseKey(string rowId) =>
        (TKey)Convert.ChangeType(rowId, typeof(TKey), System.Globalization.CultureInfo.InvariantCulture);

    private static Expression<Func<TEntity, bool>> Equal<T>(Expression<Func<TEntity, T>> column, T value) =>
        Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(column.Body, Parameterized(value)), column.Parameters);

    /// <summary>A captured value, so EF sends it as a parameter rather than a literal in the SQL.</summary>
    private static MemberExpression Parameterized<T>(T value) =>
        Expression.Property(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    private sealed record Box<T>(T Value);
}
