using System.Diagnostics;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>What one run of git printed.</summary>
public sealed record GitOutcome(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"git exited with {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>
/// The real git, logging in with HTTPS Git credentials as a person would paste them: its own
/// HOME and empty global config, trust in the server's CA only, never a prompt, the login in a
/// <c>store</c> credential-helper file (as the integration tests' GitClient does).
/// </summary>
public sealed class GitLogin(GitsteadServer server) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("gitstead-console-git-").FullName;

    /// <summary><c>git ls-remote URL</c> with this user name and password.</summary>
    public async Task<GitOutcome> LsRemoteAsync(string url, string userName, string password)
    {
        var store = Path.Combine(_home, $"credentials-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(store, $"https://{Uri.EscapeDataString(userName)}:{Uri.EscapeDataString(password)}@{new Uri(url).Authority}\n");
        return await RunAsync("-c", "credential.helper=", "-c", $"credential.helper=store --file={store}", "ls-remote", url);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<GitOutcome> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var globalConfig = Path.Combine(_home, ".gitconfig");
        File.WriteAllText(globalConfig, "");
        start.Environment["HOME"] = _home;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = globalConfig;
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ASKPASS"] = "";
        start.Environment["SSH_ASKPASS"] = "";
        start.Environment["GIT_SSL_CAINFO"] = server.CaBundlePath;
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new GitOutcome(process.ExitCode, await stdout, await stderr);
    }
}
