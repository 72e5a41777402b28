using System.Diagnostics;

namespace Gitstead.Hosting;

/// <summary>
/// With <c>GITSTEAD_STARTUP_TRACE=1</c>, one line on standard error per phase of the start:
/// wall and CPU milliseconds since the process began, and the methods JIT-compiled by then
/// (those ReadyToRun code did not cover) with the time the JIT took. What bench/startup.sh's notes are read from.
/// </summary>
internal static class StartupTrace
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("GITSTEAD_STARTUP_TRACE") == "1";

    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }

        using var process = Process.GetCurrentProcess();
        var wall = DateTime.Now - process.StartTime;
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
        System.Console.Error.WriteLine($"startup: {wall.TotalMilliseconds,6:F0} ms wall {process.TotalProcessorTime.TotalMilliseconds,6:F0} ms cpu {jitted,6} jitted {jitTime,5:F0} ms jit  {phase}");
    }
}

/// <summary>Marks the hosted services' phases (registered only when tracing).</summary>
internal sealed class StartupTraceService : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Mark("hosted services resolved");

    public Task StartAsync(CancellationToken cancellationToken) => Mark("web host started (listening)");

    public Task StartedAsync(CancellationToken cancellationToken) => Mark("hosted services started");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Task Mark(string phase)
    {
        StartupTrace.Mark(phase);
        return Task.CompletedTask;
    }
}
