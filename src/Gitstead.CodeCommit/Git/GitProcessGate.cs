using Microsoft.Extensions.Options;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// Limits on the git processes that serve Git requests (<c>Gitstead:GitProcesses</c>): how many
/// run at once in all, how many for one caller, and how long a request over a limit waits for
/// a slot before it is refused.
/// </summary>
public sealed class GitProcessOptions
{
    /// <summary>Git processes serving requests at once, for everyone (each may hold tens of MB).</summary>
    public int MaxTotal { get; set; } = 32;

    /// <summary>Git processes serving one caller at once: one client cannot take every slot.</summary>
    public int MaxPerCaller { get; set; } = 8;

    /// <summary>How long a request over a limit waits for a slot before it is refused.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// A slot for one git process of a Git request, whatever the transport: at most
/// <see cref="GitProcessOptions.MaxTotal"/> in all and <see cref="GitProcessOptions.MaxPerCaller"/>
/// per caller. A request over a limit waits up to <see cref="GitProcessOptions.QueueTimeout"/>
/// and is then refused, so a client holding many slow requests open cannot exhaust the
/// server's memory and processes. Counts are per node, as the processes are.
/// </summary>
internal sealed class GitProcessGate(IOptions<GitProcessOptions> options, TimeProvider time)
{
    private readonly GitProcessOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perCaller = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> _waiters = [];
    private int _total;

    /// <summary>Processes running now (for tests and logs).</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>
    /// A slot for <paramref name="callerKey"/> (the caller's ARN), released by disposing it; null
    /// when none freed up in time (the transport answers with a throttling error).
    /// </summary>
    public async Task<IDisposable?> EnterAsync(string callerKey, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + _options.QueueTimeout;
        while (true)
        {
            TaskCompletionSource freed;
            lock (_lock)
            {
                if (TryTake(callerKey))
                {
                    return new Slot(this, callerKey);
                }

                freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(freed);
            }

            var remaining = deadline - time.GetUtcNow();
            try
            {
                if (remaining <= TimeSpan.Zero)
                {
                    return null;
                }

                await freed.Task.WaitAsync(remaining, time, ct);
            }
            catch (TimeoutException)
            {
                return null;
            }
            finally
            {
                lock (_lock)
                {
                    _waiters.Remove(freed);
                }
            }
        }
    }

    private bool TryTake(string callerKey)
    {
        var mine = _perCaller.GetValueOrDefault(callerKey);
        if (_total >= _options.MaxTotal || mine >= _options.MaxPerCaller)
        {
            return false;
        }

        _total++;
        _perCaller[callerKey] = mine + 1;
        return true;
    }

    private void Release(string callerKey)
    {
        TaskCompletionSource[] waiting;
        lock (_lock)
        {
            _total--;
            if (--_perCaller[callerKey] == 0)
            {
                _perCaller.Remove(callerKey);
            }

            waiting = [.. _waiters];
        }

        // Every waiter looks again: the slot freed may be one only some of them may take.
        foreach (var waiter in waiting)
        {
            waiter.TrySetResult();
        }
    }

    private sealed class Slot(GitProcessGate gate, string callerKey) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(callerKey);
            }
        }
    }
}
