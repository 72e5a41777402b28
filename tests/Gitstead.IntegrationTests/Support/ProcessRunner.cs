using System.Diagnostics;
using System.Text;

namespace Gitstead.IntegrationTests.Support;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs a client program to completion with a controlled environment.</summary>
internal static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Starts <paramref name="file"/> with the current environment minus every <c>AWS_*</c>
    /// variable (so the machine's own AWS settings never leak in), plus <paramref name="environment"/>.
    /// </summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (key.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public static async Task<ProcessResult> RunAsync(
        string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string stdin = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(file, args, environment))
            ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var limit = timeout ?? DefaultTimeout;

        // A blocking wait on a thread of its own, not WaitForExitAsync: that one completes through
        // the Exited event, and once in CI (a push whose git was gone from the process table) it did
        // not complete within three minutes; the blocking wait reads the process's exit state itself.
        var pid = process.Id;
        var exited = await Task.Factory.StartNew(
            () => process.WaitForExit(limit), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!exited)
        {
            // What was running at that moment and what the client had said tell a hung client
            // from a hung server the next time; the arguments may hold a URL with a password.
            var running = Snapshot();
            var state = ProcessState(pid);
            process.Kill(entireProcessTree: true);
            var said = await stderr.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(unread)", TaskScheduler.Default);
            throw new TimeoutException(
                $"{file} {string.Join(' ', args.Select(Redacted))} did not finish within {limit}\n"
                + $"its process {pid}: {state}\nits stderr:\n{Tail(said)}\nprocesses then:\n{running}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The kernel's state of <paramref name="pid"/> (R, S, D, Z, …), or that it is gone from the process table.</summary>
    private static string ProcessState(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length ? $"state {stat[end + 2]}" : "state unknown";
        }
        catch (IOException)
        {
            return "gone from /proc";
        }
    }

    private static string Redacted(string arg) => arg.Contains("://", StringComparison.Ordinal) && arg.Contains('@') ? "(a URL)" : arg;

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    /// <summary>
    /// The git, dotnet and ssh processes of this machine with their parents, states, what each is
    /// blocked in (a pipe read or a poll tells which side of a git exchange waits) and ages (<c>ps</c>).
    /// </summary>
    private static string Snapshot()
    {
        try
        {
            using var ps = Process.Start(new ProcessStartInfo("ps", "-eo pid,ppid,stat,wchan:24,etime,comm") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var lines = ps.StandardOutput.ReadToEnd().Split('\n')
                .Where((line, i) => i == 0 || line.Contains("git", StringComparison.Ordinal) || line.Contains("dotnet", StringComparison.Ordinal) || line.Contains("ssh", StringComparison.Ordinal));
            ps.WaitForExit(5000);
            return string.Join('\n', lines);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "(ps failed: " + ex.Message + ")";
        }
    }
}
