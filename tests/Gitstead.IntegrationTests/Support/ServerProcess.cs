using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// One running <c>gitstead serve</c> process: its output goes to a <see cref="ServerLog"/> as it
/// arrives, and the port comes from Kestrel's "Now listening on:" line.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private const int Sigterm = 15;

    /// <summary>Servers still running when the test host exits are killed, never left behind.</summary>
    private static readonly ConcurrentDictionary<int, Process> s_running = new();

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ServerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in s_running.Values)
            {
                TryKill(process);
            }
        };
    }

    private ServerProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task<int> ExitTask => _process.WaitForExitAsync().ContinueWith(_ => _process.ExitCode, TaskScheduler.Default);

    public static ServerProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, ServerLog log)
    {
        var argList = args.ToList();
        if (!File.Exists(argList[0]))
        {
            throw new InvalidOperationException($"{argList[0]} does not exist: build src/Gitstead ({RepositoryLayout.Configuration}) first");
        }

        var info = ProcessRunner.StartInfo("dotnet", argList, environment);
        info.RedirectStandardInput = false;
        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(log, "out", e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(log, "err", e.Data);
        process.Start();
        s_running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The port from "Now listening on: https://127.0.0.1:PORT"; throws if the process exits first.</summary>
    public async Task<int> WaitForPortAsync(TimeSpan timeout)
    {
        var exited = ExitTask;
        var finished = await Task.WhenAny(_listening.Task, exited, Task.Delay(timeout));
        if (finished == _listening.Task)
        {
            return await _listening.Task;
        }

        throw new InvalidOperationException(finished == exited
            ? $"the server exited with code {await exited} before listening"
            : $"the server did not report \"Now listening on:\" within {timeout}");
    }

    /// <summary>Kills the server process alone (SIGKILL), as a crash or the OOM killer would: nothing it started is stopped.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Stops the server like an operator would (SIGTERM), and kills it if it does not stop.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _ = SendSignal(_process.Id, Sigterm);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    TryKill(_process);
                    await _process.WaitForExitAsync();
                }
            }
            else
            {
                // Drain the redirected streams so the log is complete.
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            s_running.TryRemove(_process.Id, out _);
            _process.Dispose();
        }
    }

    private void OnLine(ServerLog log, string stream, string line)
    {
        if (line is null)
        {
            return;
        }

        log.Append(stream, line);
        if (ListeningPattern().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Now listening on: https://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningPattern();
}
