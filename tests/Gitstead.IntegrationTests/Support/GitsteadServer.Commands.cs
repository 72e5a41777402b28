namespace Gitstead.IntegrationTests.Support;

/// <summary>Operator verbs run as their own process against this server's data directory and database.</summary>
public abstract partial class GitsteadServer
{
    /// <summary>
    /// Runs <c>gitstead VERB… --data-dir DIR --database …</c> to completion, as an operator
    /// would while the server runs, with <paramref name="environment"/> added.
    /// </summary>
    public async Task<ProcessResult> RunCommandAsync(IReadOnlyDictionary<string, string> environment, params string[] verbAndSwitches)
    {
        var env = new Dictionary<string, string>
        {
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_TieredPGO"] = "0",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var result = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.ServerDll, .. verbAndSwitches, "--data-dir", DataDir, .. DatabaseArguments()], env);
        Log.Append("command", $"gitstead {string.Join(' ', verbAndSwitches)} exited with {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        return result;
    }
}
