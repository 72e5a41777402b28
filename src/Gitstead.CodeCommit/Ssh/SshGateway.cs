using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Gitstead.Aws;
using Gitstead.Iam.SshKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// The server's end of <see cref="SshRelayClient"/>, on the runtime directory's socket
/// (<see cref="SshRuntimeDirectory.Listen"/>: only this process's user can open it). Answers
/// sshd's <c>AuthorizedKeysCommand</c> with the one key of a key id, and runs the Git requests
/// the forced command hands over.
/// </summary>
internal sealed partial class SshGateway(IServiceProvider services, ILogger<SshGateway> logger) : IAsyncDisposable
{
    /// <summary>The most keys <see cref="_lastKnownKeys"/> holds; past it a key is not remembered.</summary>
    private const int MaxLastKnownKeys = 10_000;

    private readonly CancellationTokenSource _stop = new();

    /// <summary>
    /// The body of each key id this process last found active, for an outage of the database
    /// only: sshd then still accepts a key it knew, and the Git request that follows, which
    /// checks the key again in the database, tells the client the service is unavailable
    /// instead of sshd's bare "Permission denied". A key found inactive or gone is forgotten.
    /// </summary>
    private readonly ConcurrentDictionary<string, string> _lastKnownKeys = new(StringComparer.Ordinal);
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _disposed;

    /// <summary>Serves the helpers on the runtime directory's socket until disposed.</summary>
    public void Start(SshRuntimeDirectory runtime, Func<string, string> forcedCommand)
    {
        var listener = runtime.Listen();
        _listener = listener;
        _accepting = AcceptAsync(listener, forcedCommand);
    }

    /// <summary>Stops listening and ends the conversations in progress; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener?.Dispose();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync(Socket listener, Func<string, string> forcedCommand)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(connection, forcedCommand);
        }
    }

    private async Task ServeAsync(Socket connection, Func<string, string> forcedCommand)
    {
        using (connection)
        await using (var stream = new NetworkStream(connection, ownsSocket: false))
        {
            try
            {
                var request = await SshRelay.ReadHeaderAsync(stream, _stop.Token);
                switch (request)
                {
                    case { Op: "keys" }:
                        await AnswerKeysAsync(request.KeyId, stream, forcedCommand);
                        break;
                    case { Op: "git" }:
                        await using (var output = new SshFrameWriter(stream))
                        {
                            await services.GetRequiredService<SshGitHandler>().RunAsync(request, stream, output, _stop.Token);
                        }

                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                LogClientGone(ex.GetType().Name);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogFailed(ex);
            }
        }
    }

    /// <summary>
    /// The <c>authorized_keys</c> line for an active key of an existing user, restricted to the
    /// forced command written for that key id: no shell, no forwarding, no TTY, no user rc file.
    /// Nothing for anything else, so sshd refuses the login.
    /// </summary>
    private async Task AnswerKeysAsync(string keyId, Stream stream, Func<string, string> forcedCommand)
    {
        string body;
        try
        {
            var key = await services.GetRequiredService<SshKeyVerifier>().FindActiveAsync(keyId, _stop.Token);
            if (key is null)
            {
                _lastKnownKeys.TryRemove(keyId, out _);
                LogUnknownKey(keyId);
                return;
            }

            body = key.Body;
            if (_lastKnownKeys.Count < MaxLastKnownKeys || _lastKnownKeys.ContainsKey(keyId))
            {
                _lastKnownKeys[keyId] = body;
            }
        }
        catch (Exception ex) when (DatabaseUnavailable.Is(ex) && !_stop.IsCancellationRequested)
        {
            if (!_lastKnownKeys.TryGetValue(keyId, out var known))
            {
                LogKeyUnknownInOutage(keyId);
                return;
            }

            LogKeyFromMemory(keyId);
            body = known;
        }

        var line = $"restrict,command=\"{forcedCommand(keyId)}\" {body}\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line), _stop.Token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ssh: no active key {KeyId} of an existing user; login refused")]
    private partial void LogUnknownKey(string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ssh: the database cannot be reached; key {KeyId}, found active before, is accepted so that its Git request can say so")]
    private partial void LogKeyFromMemory(string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ssh: the database cannot be reached and key {KeyId} was not seen before; login refused")]
    private partial void LogKeyUnknownInOutage(string keyId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ssh: the helper went away ({Failure})")]
    private partial void LogClientGone(string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ssh: a request failed")]
    private partial void LogFailed(Exception exception);
}
