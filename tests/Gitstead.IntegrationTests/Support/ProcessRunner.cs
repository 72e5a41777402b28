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
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // What was running at that moment and what the client had said tell a hung client
            // from a hung server the next time; the arguments may hold a URL with a password.
            var running = Snapshot();
            process.Kill(entireProcessTree: true);
            var said = await stderr.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(unread)", TaskScheduler.Default);
            throw new TimeoutException(
                $"{file} {string.Join(' ', args.Select(Redacted))} did not finish within {timeout ?? DefaultTimeout}\n"
                + $"its stderr:\n{Tail(said)}\nprocesses then:\n{running}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Redacted(string arg) => arg.Contains("://", StringComparison.Ordinal) && arg.Contains('@') ? "(a URL)" : arg;

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    /// <summary>The git, dotnet and ssh processes of this machine with their parents, states and ages (<c>ps</c>), command lines cut short.</summary>
    private static string Snapshot()
    {
        try
        {
            using var ps = Process.Start(new ProcessStartInfo("ps", "-eo pid,ppid,stat,etime,comm") { RedirectStandardOutput = true, UseShellExecute = false })!;
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
