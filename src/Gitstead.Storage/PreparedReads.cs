using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gitstead.Storage;

/// <summary>
/// A read the request path runs on every call (the credential lookup, GetUser), as SQL that
/// stays prepared: parameters <c>@p0</c>, <c>@p1</c>, … in the quoting both databases accept,
/// and <see cref="Read"/>, which is given the reader before its first row and returns what the
/// rows describe, or null when there are none.
/// </summary>
public sealed record PreparedRead<T>(string Sql, Func<DbDataReader, T?> Read)
    where T : class;

/// <summary>
/// Runs <see cref="PreparedRead{T}"/>s without EF Core's per-execution work. Even a compiled EF
/// Core query builds a new command, parameters and reader on every execution, and
/// Microsoft.Data.Sqlite prepares a statement anew for every command: about 50–90 µs of CPU for
/// the credential lookup on a 2-core machine, where executing a statement kept prepared takes
/// about 10 µs (bench/RESULTS.md, "API hot path"). On SQLite, a few connections of its own, each
/// preparing a statement once and running it again with new values; a statement is reset as its
/// reader closes, so no read transaction outlives a call and every call sees what was last
/// committed. On PostgreSQL, a connection from the context's pool, the statement prepared on it
/// (Npgsql keeps it on the physical connection, so preparing it again is a lookup).
/// </summary>
public sealed class PreparedReads(IOptions<StorageOptions> options, DataDirectory dataDir, IGitsteadDb db) : IDisposable
{
    /// <summary>Idle SQLite connections kept: as many as calls that commonly run at once on a small machine.</summary>
    private static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentBag<SqliteSlot> _idle = [];
    private readonly bool _postgres = options.Value.Database == DatabaseProvider.Postgres;
    private readonly Lazy<string> _sqlite = new(() => StorageServiceCollectionExtensions.SqliteConnectionString(options.Value, dataDir));
    private int _idleCount;
    private bool _disposed;

    /// <summary>Runs <paramref name="read"/> with <paramref name="arguments"/> as <c>@p0</c>, <c>@p1</c>, ….</summary>
    public async Task<T?> ReadAsync<T>(PreparedRead<T> read, CancellationToken ct, params object[] arguments)
        where T : class
    {
        if (_postgres)
        {
            return await OnPostgresAsync(read, arguments, ct);
        }

        var slot = Rent();
        T? result;
        try
        {
            var command = slot.Command(read.Sql, arguments.Length);
            for (var i = 0; i < arguments.Length; i++)
            {
                command.Parameters[i].Value = arguments[i];
            }

            using var reader = command.ExecuteReader();
            result = read.Read(reader);
        }
        catch
        {
            // A connection that failed mid-call is not reused.
            slot.Dispose();
            throw;
        }

        // Only once its reader is closed (the statement reset) may another call take it.
        Return(slot);
        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var slot))
        {
            slot.Dispose();
        }
    }

    private async Task<T?> OnPostgresAsync<T>(PreparedRead<T> read, object[] arguments, CancellationToken ct)
        where T : class
    {
        await using var context = db.Create();
        await context.Database.OpenConnectionAsync(ct);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = read.Sql;
        for (var i = 0; i < arguments.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameter.Value = arguments[i];
            command.Parameters.Add(parameter);
        }

        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return read.Read(reader);
    }

    private SqliteSlot Rent()
    {
        if (_idle.TryTake(out var slot))
        {
            Interlocked.Decrement(ref _idleCount);
            return slot;
        }

        return new SqliteSlot(_sqlite.Value);
    }

    private void Return(SqliteSlot slot)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= MaxIdle)
        {
            _idle.Add(slot);
            return;
        }

        Interlocked.Decrement(ref _idleCount);
        slot.Dispose();
    }

    /// <summary>One open SQLite connection and the statements prepared on it, by SQL.</summary>
    private sealed class SqliteSlot : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteSlot(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
        }

        public SqliteCommand Command(string sql, int parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                for (var i = 0; i < parameters; i++)
                {
                    // No type: each call's value is bound as what it is (text, integer).
                    command.Parameters.Add(new SqliteParameter { ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                }

                command.Prepare();
                _commands[sql] = command;
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _connection.Dispose();
        }
    }
}

/// <summary>The nullable columns a <see cref="PreparedRead{T}"/> reads.</summary>
public static class PreparedReadColumns
{
    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTime? GetDateTimeOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);

    public static byte[]? GetBytesOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
}
