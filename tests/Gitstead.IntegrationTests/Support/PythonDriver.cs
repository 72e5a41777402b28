using System.Diagnostics;
using System.Text;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// One long-lived Python client script from <c>clients/</c> (boto_call.py, aws_cli.py): a JSON
/// request per line in, a JSON answer per line out. Calls are serialised; a process that hangs
/// or dies is replaced.
/// </summary>
internal sealed class PythonDriver(string script) : IDisposable
{
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The interpreter <c>python3</c> on PATH runs, asked once: on a machine where PATH has pyenv's
    /// shims, each start through a shim runs dozens of shell processes first.
    /// </summary>
    private static readonly Lazy<string> s_python = new(FindPython);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private Process _process;

    public async Task<string> CallAsync(string requestJson)
    {
        await _gate.WaitAsync();
        try
        {
            var process = EnsureStarted();
            await process.StandardInput.WriteLineAsync(requestJson);
            await process.StandardInput.FlushAsync();
            using var cts = new CancellationTokenSource(s_callTimeout);
            string line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Stop();
                throw new TimeoutException($"{script} gave no answer within {s_callTimeout}");
            }

            if (line is null)
            {
                var stderr = StderrText();
                Stop();
                throw new InvalidOperationException($"{script} exited: {stderr}");
            }

            return line;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        Stop();
        _gate.Dispose();
    }

    private Process EnsureStarted()
    {
        if (_process is { HasExited: false })
        {
            return _process;
        }

        Stop();
        var info = ProcessRunner.StartInfo(s_python.Value, [RepositoryLayout.ClientScript(script)], new Dictionary<string, string>
        {
            ["PYTHONUNBUFFERED"] = "1",
            ["PYTHONIOENCODING"] = "utf-8",
            ["AWS_CONFIG_FILE"] = "/nonexistent/gitstead-tests/config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/gitstead-tests/credentials",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        });
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        return _process;
    }

    private static string FindPython()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("python3", ["-c", "import sys; print(sys.executable)"]) { RedirectStandardOutput = true });
            var path = probe?.StandardOutput.ReadToEnd().Trim();
            probe?.WaitForExit();
            return probe is { ExitCode: 0 } && File.Exists(path) ? path : "python3";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "python3";
        }
    }

    private string StderrText()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(2000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        _process = null;
    }
}
