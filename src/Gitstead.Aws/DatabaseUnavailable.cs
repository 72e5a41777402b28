using System.Data.Common;

namespace Gitstead.Aws;

/// <summary>
/// Whether a failure means the database cannot be reached right now (PostgreSQL stopped or
/// restarting, refusing or dropping connections, the network to it down, a connection that did
/// not come within its timeout), as opposed to a bug or a bad request. Such a call is answered
/// 503 in the client's own format (AWS's <c>ServiceUnavailable</c>, a Git <c>remote:</c> line, a
/// console page), so clients retry, and the next call after the database is back works: the
/// connection pool opens new connections by itself.
/// </summary>
public static class DatabaseUnavailable
{
    public const string Message = "The service is temporarily unavailable: its database cannot be reached. Try again shortly.";

    /// <summary>True when <paramref name="exception"/> or one it wraps says the database is unreachable.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(Is);
            }

            if (e is DbException db && IsUnavailable(db))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// PostgreSQL's classes 08 (connection exception) and 57P (the server shutting down or not
    /// yet accepting connections), and a driver failure with no server answer that the driver
    /// itself calls transient (a refused or broken socket, a timeout opening a connection).
    /// </summary>
    private static bool IsUnavailable(DbException db) => db.SqlState is { } state
        ? state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal)
        : db.IsTransient;
}
