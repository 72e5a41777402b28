using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// The pack cache's front (DESIGN.md decision 12). At start: this process's cache directory, a
/// private runtime directory with the hook (<see cref="HookScript"/>) and the Unix socket it
/// calls (mode 0600 in a 0700 directory: only this user can connect). Each upload-pack a
/// transport starts gets <c>-c uploadpack.packObjectsHook=HOOK</c> (git honours it only on the
/// command line or in other protected configuration) and a token naming its repository
/// (<see cref="Attach"/>). When the hook calls, <see cref="PackObjectsRelay"/> serves it.
/// Without perl, or with <c>Gitstead:PackCache:Enabled=false</c>, nothing is attached and git
/// runs pack-objects itself.
/// </summary>
internal sealed partial class PackObjectsHook(
    IOptions<PackCacheOptions> options, DataDirectory dataDir, CachedPacks packs, PackObjectsRelay relay, ILogger<PackObjectsHook> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>The variable upload-pack passes on to the hook: which request (and so which repository) it serves.</summary>
    public const string TokenVariable = "GITSTEAD_PACK_TOKEN";

    private readonly ConcurrentDictionary<string, RepositoryInfo> _requests = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private string? _runtime;
    private string? _hookConfig;
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;
    private Task _sweeping = Task.CompletedTask;
    private int _stopped;

    /// <summary>True when fetches go through the cache.</summary>
    public bool Active => _hookConfig is not null;

    /// <summary>
    /// Routes the pack-objects of an upload-pack through the cache: adds the hook to its
    /// command line and its token to its environment. Dispose the result when upload-pack has
    /// exited; null (nothing to dispose) when the cache is off.
    /// </summary>
    public IDisposable? Attach(ProcessStartInfo info, RepositoryInfo repository)
    {
        if (_hookConfig is not { } hook)
        {
            return null;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _requests[token] = repository;
        info.ArgumentList.Insert(0, "-c");
        info.ArgumentList.Insert(1, hook);

        // Set here, not through GitStartInfo.WithEnvironment: a value this class made, never one from a request.
        info.Environment[TokenVariable] = token;
        return new Registration(_requests, token);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Task.CompletedTask;
        }

        if (!File.Exists(settings.PerlPath))
        {
            LogDisabled($"{settings.PerlPath} not found (install perl, or set Gitstead:PackCache:PerlPath)");
            return Task.CompletedTask;
        }

        var root = settings.Directory is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.Combine(dataDir.Root, "pack-cache");
        packs.Open(root);
        _runtime = Directory.CreateTempSubdirectory("gitstead-pack-").FullName;
        var socket = Path.Combine(_runtime, "pack.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(socket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        listener.Listen(256);
        _listener = listener;
        var script = Path.Combine(_runtime, "pack-objects-hook");
        WriteScript(script, HookScript.Render(settings.PerlPath, socket));
        _accepting = AcceptAsync(listener);
        _sweeping = SweepAsync(settings.MaxAge);
        _hookConfig = "uploadpack.packObjectsHook=" + ShellQuote(script);
        LogEnabled(packs.Directory, settings.MaxAge, settings.MaxBytes);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _hookConfig = null;
        await _stop.CancelAsync();
        _listener?.Dispose();
        await _accepting;
        await _sweeping;
        packs.Dispose();
        if (_runtime is not null)
        {
            Directory.Delete(_runtime, recursive: true);
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Socket listener)
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

            _ = relay.ServeAsync(connection, _requests, _stop.Token);
        }
    }

    /// <summary>Drops expired packs every little while, so their disk is freed without waiting for the next fetch.</summary>
    private async Task SweepAsync(TimeSpan maxAge)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(maxAge.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        try
        {
            while (true)
            {
                await Task.Delay(period, _stop.Token);
                packs.Sweep();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private static void WriteScript(string path, string text)
    {
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), file);
        writer.Write(text);
    }

    /// <summary>git runs the hook through the shell (<c>sh -c 'HOOK "$@"'</c>): one single-quoted word.</summary>
    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private sealed class Registration(ConcurrentDictionary<string, RepositoryInfo> requests, string token) : IDisposable
    {
        public void Dispose() => requests.TryRemove(token, out _);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pack cache on: {Directory}, packs kept {MaxAge} after they are made, {MaxBytes} bytes at most")]
    private partial void LogEnabled(string directory, TimeSpan maxAge, long maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pack cache off: {Reason}")]
    private partial void LogDisabled(string reason);
}
