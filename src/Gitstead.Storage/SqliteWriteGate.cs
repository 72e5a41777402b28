using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gitstead.Storage;

/// <summary>
/// Lets this process's SQLite writers wait for the database's one write lock without holding a
/// thread. SQLite admits one writer at a time: a second writer's <c>BEGIN IMMEDIATE</c> is
/// answered busy, and Microsoft.Data.Sqlite retries it every 150 ms, asleep on its thread, until
/// the command timeout. Under a burst of concurrent writes each waiting writer then blocks a
/// thread-pool thread (so the pool adds threads, which stay for a while after the burst) and
/// starts up to 150 ms after the lock came free. Here a writer first waits for the gate
/// asynchronously, one after the other, and reaches SQLite when the previous writer has finished.
/// </summary>
/// <remarks>
/// What passes the gate: every transaction an EF Core context of this process begins (SQLite's
/// contexts begin a transaction for every <c>SaveChanges</c>, see
/// <see cref="SqliteGitsteadDbContext"/>), held until it commits, rolls back, fails or its
/// connection closes; and every non-query command run outside a transaction
/// (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, <c>ExecuteSql</c>), held while it runs. A
/// connection that holds the gate passes again without waiting. A writer that has waited as long
/// as the database's own timeout goes on without the gate, to SQLite's busy retry as before, so a
/// holder that never lets go (a transaction left open while another context of the same call
/// writes) cannot stop everyone else. Readers never pass it: in WAL mode they do not wait for
/// writers. Writers in other processes meet SQLite's lock as before.
/// </remarks>
public sealed class SqliteWriteGate(ILogger<SqliteWriteGate> logger) : DbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor
{
    /// <summary>As long as SQLite's own busy retry waits (the connection string's default timeout).</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(StorageServiceCollectionExtensions.SqliteDefaultTimeoutSeconds);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _holder;

    /// <summary>Whether a connection holds the gate now.</summary>
    internal bool IsHeld => Volatile.Read(ref _holder) is not null;

    /// <summary>Writers that waited as long as <see cref="Timeout"/> and went on without the gate.</summary>
    internal long TimedOut => Interlocked.Read(ref _timedOut);

    private long _timedOut;

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, cancellationToken);
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData);
        return Task.CompletedTask;
    }

    // A transaction disposed without a commit or rollback is rolled back by SQLite and reported to
    // no interceptor; EF Core closes the connection it opened for it, and that lets go.
    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    void IDbConnectionInterceptor.ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    Task IDbConnectionInterceptor.ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    InterceptionResult<int> IDbCommandInterceptor.NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (command.Transaction is null)
        {
            Enter(command.Connection!);
        }

        return result;
    }

    async ValueTask<InterceptionResult<int>> IDbCommandInterceptor.NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken)
    {
        if (command.Transaction is null)
        {
            await EnterAsync(command.Connection!, cancellationToken);
        }

        return result;
    }

    int IDbCommandInterceptor.NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        LeaveAfter(command);
        return result;
    }

    ValueTask<int> IDbCommandInterceptor.NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken)
    {
        LeaveAfter(command);
        return ValueTask.FromResult(result);
    }

    void IDbCommandInterceptor.CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveAfter(command);

    Task IDbCommandInterceptor.CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken)
    {
        LeaveAfter(command);
        return Task.CompletedTask;
    }

    void IDbCommandInterceptor.CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveAfter(command);

    Task IDbCommandInterceptor.CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken)
    {
        LeaveAfter(command);
        return Task.CompletedTask;
    }

    private void Enter(DbConnection connection)
    {
        if (!Holds(connection))
        {
            Entered(connection, _gate.Wait(Timeout));
        }
    }

    private async ValueTask EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!Holds(connection))
        {
            Entered(connection, await _gate.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false));
        }
    }

    private bool Holds(DbConnection connection) => ReferenceEquals(Volatile.Read(ref _holder), connection);

    private void Entered(DbConnection connection, bool entered)
    {
        if (entered)
        {
            Volatile.Write(ref _holder, connection);
            return;
        }

        Interlocked.Increment(ref _timedOut);
        logger.LogWarning("A SQLite writer waited {Seconds} s for the write gate and goes on without it", Timeout.TotalSeconds);
    }

    // A command outside a transaction holds the gate only while it runs; inside one, the
    // transaction's end lets go.
    private void LeaveAfter(DbCommand command)
    {
        if (command.Transaction is null && command.Connection is { } connection)
        {
            Leave(connection);
        }
    }

    // A transaction's end: SQLite's transaction no longer knows its connection once it has ended.
    private void Leave(TransactionEventData eventData) => Leave(eventData.Context?.Database.GetDbConnection());

    private void Leave(DbConnection? connection)
    {
        if (connection is not null && ReferenceEquals(Interlocked.CompareExchange(ref _holder, null, connection), connection))
        {
            _gate.Release();
        }
    }
}
