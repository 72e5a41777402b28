using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Common;

/// <summary>
/// Saving rows that a unique index guards against a concurrent request (names, slots,
/// memberships): the index, not the check before it, decides who wins the race, and the loser
/// sees the error the check would have given. Only a real unique violation counts as losing;
/// any other failure of the save propagates unchanged.
/// </summary>
internal static class UniqueSaves
{
    /// <summary>SQLite's extended result codes <c>SQLITE_CONSTRAINT_UNIQUE</c> and <c>SQLITE_CONSTRAINT_PRIMARYKEY</c>.</summary>
    private const int SqliteUnique = 2067;
    private const int SqlitePrimaryKey = 1555;

    /// <summary>PostgreSQL's <c>unique_violation</c>.</summary>
    private const string PostgresUnique = "23505";

    /// <summary>Saves; a unique violation becomes <paramref name="conflict"/>'s error (e.g. EntityAlreadyExists).</summary>
    public static async Task SaveUniqueAsync(this DbContext context, Func<Exception> conflict, CancellationToken ct)
    {
        if (!await context.TrySaveUniqueAsync(ct))
        {
            throw conflict();
        }
    }

    /// <summary>Saves; false when a unique index refused the change (another request wrote the same key first).</summary>
    public static async Task<bool> TrySaveUniqueAsync(this DbContext context, CancellationToken ct)
    {
        try
        {
            await context.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }

    /// <summary>True when the save failed on a unique index or primary key, on either provider.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteUnique or SqlitePrimaryKey,
        DbException other => other.SqlState == PostgresUnique,
        _ => false,
    };
}
