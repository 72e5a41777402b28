using System.Diagnostics;
using System.Reflection;
using Gitstead.Iam.SshKeys;
using Gitstead.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// Runs OpenSSH's sshd for Git over SSH (DESIGN.md decision 11): host keys (ed25519 and RSA) in
/// <c>DATA_DIR/ssh</c>, made once; <c>sshd_config</c>, the key-id users and the helpers' socket in
/// a private runtime directory made at each start (<see cref="SshRuntimeDirectory"/>); sshd
/// restarted when it dies and stopped with the server. sshd runs <c>gitstead-ssh</c>, the natively
/// compiled helper beside this program, or this program's own verbs when it is absent. Without
/// sshd or nss_wrapper on the machine, SSH stays off and the server says why.
/// </summary>
internal sealed partial class SshDaemon(
    IOptions<SshOptions> options, DataDirectory dataDir, SshGateway gateway, SshKeyVerifier keys, SshKeyEvents events, ILogger<SshDaemon> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _usersChanged = new(0, 1);
    private SshRuntimeDirectory? _runtime;
    private string _writtenUsers = "";
    private volatile bool _supervising;
    private volatile bool _listening;

    /// <summary>
    /// False while SSH should be served and sshd is not listening yet (starting, or started again
    /// after it died); true when it listens, and when SSH is off or cannot run here.
    /// </summary>
    public bool IsReady => !_supervising || _listening;

    public string HostKeyDirectory => Path.Combine(dataDir.Root, "ssh");

    public override void Dispose()
    {
        _usersChanged.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Port == 0)
        {
            return;
        }

        if (Prerequisites(settings) is { } missing)
        {
            LogDisabled(missing);
            return;
        }

        // Set before the first await, so the health check never reports ready in between.
        _supervising = true;
        try
        {
            var hostKeys = await HostKeysAsync(stoppingToken);
            _runtime = SshRuntimeDirectory.Create(logger);
            var socket = _runtime.SocketPath;
            var helper = Helper();
            LogHelper(_runtime.Root, string.Join(' ', helper));
            gateway.Start(_runtime, keyId => ForcedCommand(helper, socket, keyId));
            await WriteUsersAsync(stoppingToken);
            var config = _runtime.ConfigPath;
            await File.WriteAllTextAsync(config, SshdConfig.Render(settings, hostKeys, KeysCommand(helper, socket), Environment.UserName, Ids.Uid == 0), stoppingToken);
            events.Uploaded += OnUploaded;
            var refreshing = RefreshUsersAsync(stoppingToken);
            await SuperviseAsync(settings, config, stoppingToken);
            await refreshing;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            _supervising = false;
            events.Uploaded -= OnUploaded;
            await gateway.DisposeAsync();
            _runtime?.Dispose();
        }
    }

    /// <summary>Why SSH cannot run here, or null.</summary>
    private static string? Prerequisites(SshOptions settings)
    {
        if (!File.Exists(settings.SshdPath))
        {
            return $"{settings.SshdPath} not found (install openssh-server, or set Ssh:SshdPath)";
        }

        return NssWrapper(settings) is null ? "libnss_wrapper.so not found (install libnss-wrapper, or set Ssh:NssWrapperPath)" : null;
    }

    private static string? NssWrapper(SshOptions settings)
    {
        if (settings.NssWrapperPath is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        string[] candidates = ["/usr/lib64/libnss_wrapper.so", "/usr/lib/libnss_wrapper.so"];
        var multiarch = Directory.Exists("/usr/lib") ? Directory.GetDirectories("/usr/lib").Select(d => Path.Combine(d, "libnss_wrapper.so")) : [];
        return candidates.Concat(multiarch).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs sshd until the server stops; when it dies, starts it again after a pause that grows while it keeps dying.</summary>
    private async Task SuperviseAsync(SshOptions settings, string config, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            _listening = false;
            using var sshd = StartSshd(settings, config);
            LogStarted(sshd.Id, settings.Port);
            try
            {
                await sshd.WaitForExitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                sshd.Kill(entireProcessTree: true);
                await sshd.WaitForExitAsync(CancellationToken.None);
                return;
            }

            _listening = false;
            LogExited(sshd.ExitCode);
            backoff = started.Elapsed > TimeSpan.FromMinutes(1) ? TimeSpan.FromMilliseconds(250) : Min(backoff * 2, s_maxBackoff);
            await Task.Delay(backoff, stoppingToken);
        }
    }

    private Process StartSshd(SshOptions settings, string config)
    {
        if (Ids.Uid == 0)
        {
            // Debian's sshd insists on its privilege separation directory.
            Directory.CreateDirectory("/run/sshd");
        }

        var info = new ProcessStartInfo(settings.SshdPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-D", "-e", "-f", config })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["LD_PRELOAD"] = NssWrapper(settings)!;
        info.Environment["NSS_WRAPPER_PASSWD"] = _runtime!.PasswdPath;
        info.Environment["NSS_WRAPPER_GROUP"] = _runtime.GroupPath;
        var sshd = new Process { StartInfo = info };
        sshd.OutputDataReceived += (_, e) => LogLine(e.Data);
        sshd.ErrorDataReceived += (_, e) => LogLine(e.Data);
        sshd.Start();
        sshd.BeginOutputReadLine();
        sshd.BeginErrorReadLine();
        return sshd;
    }

    private void LogLine(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            // sshd's own word that it has bound its port (LogLevel INFO, sshd_config).
            if (line.StartsWith("Server listening on ", StringComparison.Ordinal))
            {
                _listening = true;
            }

            LogSshd(line);
        }
    }

    /// <summary>The host keys, made with ssh-keygen the first time; their fingerprints are printed at every start.</summary>
    private async Task<string[]> HostKeysAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(HostKeyDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(HostKeyDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var paths = new List<string>();
        foreach (var (type, bits) in new[] { ("ed25519", ""), ("rsa", "3072") })
        {
            var path = Path.Combine(HostKeyDirectory, $"ssh_host_{type}_key");
            if (!File.Exists(path))
            {
                string[] size = bits.Length > 0 ? ["-b", bits] : [];
                await RunAsync("ssh-keygen", ["-q", "-t", type, .. size, "-N", "", "-C", "gitstead", "-f", path], ct);
            }

            System.Console.WriteLine($"SSH host key: {(await RunAsync("ssh-keygen", ["-l", "-f", path + ".pub"], ct)).Trim()}");
            paths.Add(path);
        }

        return [.. paths];
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} could not be started.");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} failed: {error.Trim()}");
    }

    private void OnUploaded()
    {
        if (_usersChanged.CurrentCount == 0)
        {
            try
            {
                _usersChanged.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    /// <summary>Rewrites the key-id users when a key is uploaded here, and every few seconds for uploads on other nodes.</summary>
    private async Task RefreshUsersAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _usersChanged.WaitAsync(s_refresh, stoppingToken);
                await WriteUsersAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogRefreshFailed(ex);
            }
        }
    }

    /// <summary>The passwd and group files sshd reads through nss_wrapper, replaced whole (rename) so sshd never reads half of one.</summary>
    private async Task WriteUsersAsync(CancellationToken ct)
    {
        var runtime = _runtime!;
        var ids = await keys.AllKeyIdsAsync(ct);
        var users = SshdConfig.Users(await ReadOrEmptyAsync("/etc/passwd", ct), ids, Ids.Uid, Ids.Gid, runtime.Root);
        if (users == _writtenUsers)
        {
            return;
        }

        if (!File.Exists(runtime.GroupPath))
        {
            await File.WriteAllTextAsync(runtime.GroupPath, await ReadOrEmptyAsync("/etc/group", ct), ct);
        }

        var temporary = runtime.PasswdPath + ".new";
        await File.WriteAllTextAsync(temporary, users, ct);
        File.Move(temporary, runtime.PasswdPath, overwrite: true);
        _writtenUsers = users;
    }

    private static async Task<string> ReadOrEmptyAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : "";

    /// <summary>How sshd starts this program: the apphost itself, or <c>dotnet Gitstead.dll</c>.</summary>
    private static string[] Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && entry is { Length: > 0 } ? [process, entry] : [process];
    }

    /// <summary>
    /// What sshd runs: <c>gitstead-ssh</c> beside this program when the build made it (natively
    /// compiled, it starts in milliseconds), else this program, whose verbs of the same names do
    /// the same with a .NET start each time.
    /// </summary>
    private string[] Helper()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "gitstead-ssh");
        if (!File.Exists(native))
        {
            return Self();
        }

        if (!SshdSafePath.Allows(native, Ids.Uid))
        {
            LogUnsafeHelper(native);
            return Self();
        }

        return [native];
    }

    /// <summary>sshd's <c>AuthorizedKeysCommand</c>: <c>HELPER ssh-keys --socket S %u</c> (its program must be owned by root).</summary>
    private static string KeysCommand(string[] helper, string socket) =>
        string.Join(' ', helper.Select(SshdConfig.Quote)) + $" ssh-keys --socket {SshdConfig.Quote(socket)} %u";

    /// <summary>The forced command of a key, run by <c>/bin/sh -c</c>; inside <c>command="…"</c>, so no double quotes.</summary>
    private static string ForcedCommand(string[] helper, string socket, string keyId) =>
        "exec " + string.Join(' ', helper.Select(SshdConfig.ShellQuote)) + $" ssh-git --socket {SshdConfig.ShellQuote(socket)} {keyId}";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Git over SSH is off: {Reason}")]
    private partial void LogDisabled(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "ssh: runtime directory {Directory}; sshd runs {Helper}")]
    private partial void LogHelper(string directory, string helper);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ssh: {Helper} is in a directory sshd will not run programs from (one of its directories is writable by others or owned by another user); the slower .NET verbs run instead")]
    private partial void LogUnsafeHelper(string helper);

    [LoggerMessage(Level = LogLevel.Information, Message = "sshd started (pid {Pid}) on port {Port}")]
    private partial void LogStarted(int pid, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sshd exited with {ExitCode}; starting it again")]
    private partial void LogExited(int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "sshd: {Line}")]
    private partial void LogSshd(string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ssh: the key-id users could not be refreshed")]
    private partial void LogRefreshFailed(Exception exception);
}

/// <summary>This process's user and group ids (for the key-id users sshd maps to it), from <c>/proc/self/status</c>.</summary>
internal static class Ids
{
    private static readonly Lazy<(int Uid, int Gid)> s_ids = new(Read);

    public static int Uid => s_ids.Value.Uid;

    public static int Gid => s_ids.Value.Gid;

    private static (int, int) Read()
    {
        int Field(string[] lines, string name) =>
            lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, var real, ..]
                ? int.Parse(real, System.Globalization.CultureInfo.InvariantCulture)
                : 0;
        var status = File.ReadAllLines("/proc/self/status");
        return (Field(status, "Uid:"), Field(status, "Gid:"));
    }
}
