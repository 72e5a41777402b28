using System.Globalization;
using Gitstead.Kms.RootKeys;
using Gitstead.Storage;

namespace Gitstead.Cli;

/// <summary>
/// <c>gitstead root-key rotate</c>: a new root key for the installation, every sealed secret
/// re-wrapped under it while the servers run, the old key removed at the end. Prints counts
/// and key ids (public: they are stored in every blob), never a secret.
/// </summary>
internal static class RootKeyCommand
{
    /// <summary>
    /// Test only: stop after this many re-wrapped secrets, as a rotation killed halfway would
    /// (exit code <see cref="StoppedExitCode"/>); running the command again finishes the job.
    /// </summary>
    public const string StopAfterVariable = "GITSTEAD_TEST_ROTATE_STOP_AFTER";

    public const int StoppedExitCode = 75;

    public static async Task<int> RotateAsync(string[] switches)
    {
        var app = Hosting.GitsteadHost.Build(switches);
        using var interrupted = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };

        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(interrupted.Token);
        var options = new RotationOptions(GraceFrom(app.Configuration), StopAfter());
        try
        {
            var report = await app.Services.GetRequiredService<RootKeyRotation>().RunAsync(options, System.Console.Out, interrupted.Token);
            Print(report);
            return report.Stopped ? StoppedExitCode : 0;
        }
        catch (RootKeyRotationException ex)
        {
            await System.Console.Error.WriteLineAsync($"gitstead root-key rotate: {ex.Message}");
            return 1;
        }
    }

    private static void Print(RotationReport report)
    {
        foreach (var count in report.Counts)
        {
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count.Kind}: {count.Rewrapped} re-wrapped, {count.Verified} verified under the current key, {count.Changed} changed meanwhile, {count.Unreadable} unreadable (left as they were)"));
        }

        if (report.Stopped)
        {
            System.Console.WriteLine($"Stopped early ({StopAfterVariable}); run the command again to finish. Retired keys are kept.");
            return;
        }

        System.Console.WriteLine(report.RetiredKeyIds.Count > 0
            ? $"Removed retired root key {string.Join(", ", report.RetiredKeyIds)}. Current root key: {report.CurrentKeyId}."
            : $"Current root key: {report.CurrentKeyId}; no retired key file to remove.");
        if (report.ConfiguredRetiredKeyIds.Count > 0)
        {
            System.Console.WriteLine($"No secret is sealed under {string.Join(", ", report.ConfiguredRetiredKeyIds)} any more: remove Gitstead:RetiredRootKeys from every server's configuration.");
        }
    }

    private static TimeSpan GraceFrom(IConfiguration configuration) =>
        configuration["Cli:GraceSeconds"] is { Length: > 0 } seconds
            ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture))
            : RotationOptions.DefaultGrace;

    private static int? StopAfter() =>
        Environment.GetEnvironmentVariable(StopAfterVariable) is { Length: > 0 } value
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : null;
}
