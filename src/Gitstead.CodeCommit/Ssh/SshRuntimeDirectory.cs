using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// The one place that knows where sshd's runtime files are: a private directory (mode 0700) made
/// at each start under the machine's temporary directory (a Unix socket's path must be short,
/// and these files belong to this machine, not to the nodes sharing the data directory) with
/// <c>sshd_config</c>, the key-id users, the helpers' socket and the pids of the server and its
/// sshd. Removed when the server stops; a server that was killed cannot remove it, so every start
/// first removes the directories of servers that no longer run, and stops the sshd such a server
/// left running (it would hold the port with a configuration whose socket is gone).
/// </summary>
internal sealed partial class SshRuntimeDirectory : IDisposable
{
    private const string Prefix = "gitstead-ssh-";
    private const string OwnerFile = "server.pid";
    private const string ConfigFile = "sshd_config";
    private const string SocketFile = "gitstead.sock";

    /// <summary>A directory without an owner is another server's that is being made, unless it is older than this.</summary>
    private static readonly TimeSpan s_ownerGrace = TimeSpan.FromMinutes(1);

    private SshRuntimeDirectory(string root) => Root = root;

    public string Root { get; }

    /// <summary>The Unix socket the helpers sshd runs connect to (<see cref="SshRelayClient"/>).</summary>
    public string SocketPath => Path.Combine(Root, SocketFile);

    public string ConfigPath => Path.Combine(Root, ConfigFile);

    /// <summary>The user and group files sshd reads through nss_wrapper.</summary>
    public string PasswdPath => Path.Combine(Root, "passwd");

    public string GroupPath => Path.Combine(Root, "group");

    /// <summary>Removes what killed servers left behind, then makes this server's directory.</summary>
    public static SshRuntimeDirectory Create(ILogger logger)
    {
        RemoveStale(Path.GetTempPath(), logger);
        var runtime = new SshRuntimeDirectory(Directory.CreateTempSubdirectory(Prefix).FullName);
        File.WriteAllText(Path.Combine(runtime.Root, OwnerFile), ProcessIdentity(Environment.ProcessId));
        return runtime;
    }

    /// <summary>
    /// Binds a listening socket at <see cref="SocketPath"/> that only this process's user can open (mode
    /// 0600 in a 0700 directory): whoever can connect can speak for any key id.
    /// </summary>
    public Socket Listen()
    {
        File.Delete(SocketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            listener.Listen(128);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // already gone
        }
    }

    /// <summary>
    /// Removes every runtime directory under <paramref name="temp"/> whose server is gone: its
    /// recorded process no longer runs (or the pid now belongs to a younger process). An sshd
    /// still running on that directory's configuration is killed first.
    /// </summary>
    internal static void RemoveStale(string temp, ILogger logger)
    {
        foreach (var directory in Directory.EnumerateDirectories(temp, Prefix + "*"))
        {
            try
            {
                if (!IsStale(directory))
                {
                    continue;
                }

                var config = Path.Combine(directory, ConfigFile);
                foreach (var pid in ProcessesMentioning(config))
                {
                    LogStaleSshd(logger, pid, directory);
                    StopProcess(pid);
                }

                Directory.Delete(directory, recursive: true);
                LogRemoved(logger, directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // another user's, or removed meanwhile
            }
        }
    }

    private static bool IsStale(string directory)
    {
        var owner = Path.Combine(directory, OwnerFile);
        if (!File.Exists(owner))
        {
            // Being made right now, or made by a version that recorded no owner: stale only once
            // old, with no server answering on its socket and no sshd running on its configuration.
            return DateTime.UtcNow - Directory.GetCreationTimeUtc(directory) > s_ownerGrace
                && !Answers(Path.Combine(directory, SocketFile))
                && !ProcessesMentioning(Path.Combine(directory, ConfigFile)).Any();
        }

        var recorded = File.ReadAllText(owner).Trim();
        return recorded.Split(' ') is not [var pid, _]
            || !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ProcessIdentity(id) != recorded;
    }

    /// <summary>Whether a server listens on the socket (a connection it accepts and closes at once, since no request follows).</summary>
    private static bool Answers(string socketPath)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A process's pid and start time (clock ticks after boot, from <c>/proc/PID/stat</c>), which together never repeat; "" when it does not run.</summary>
    private static string ProcessIdentity(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the command name in parentheses: state is field 3, starttime field 22.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid} {fields[19]}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return "";
        }
    }

    /// <summary>The pids of the processes whose command line holds <paramref name="text"/> (an sshd started with <c>-f CONFIG</c>).</summary>
    private static IEnumerable<int> ProcessesMentioning(string text)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(entry, "cmdline"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // sshd rewrites its arguments into one title ("sshd: /usr/sbin/sshd -D -e -f CONFIG [listener] …").
            if (commandLine.Contains(text, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private static void StopProcess(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // exited meanwhile
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ssh: stopping sshd (pid {Pid}) left running by a server that was killed ({Directory})")]
    private static partial void LogStaleSshd(ILogger logger, int pid, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "ssh: removed {Directory}, left behind by a server that no longer runs")]
    private static partial void LogRemoved(ILogger logger, string directory);
}
