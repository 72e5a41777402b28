using System.Text.RegularExpressions;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// A server killed with SIGKILL cleans up nothing: its sshd keeps running (holding the SSH port,
/// with a configuration whose socket is gone) and its runtime directory stays. The next start on
/// the machine stops that sshd, removes the directory, and serves Git over SSH again.
/// </summary>
public sealed partial class SshAfterKilledServerOnSqlite(SqliteSshServer server) : IClassFixture<SqliteSshServer>
{
    [Fact]
    public async Task NextStart_RemovesWhatTheKilledServerLeftAndServesSshAgain()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-killed", commits: 1);
        var (user, _) = await server.NewGitUserAsync("ssh-killed", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        (await git.RunAsync(git.Root, ssh.Environment(), "ls-remote", ssh.UrlWithKeyId(repository.Name))).Ok();
        var (runtime, sshd) = (RuntimeDirectories().Single(), SshdPids().Last());

        await server.KillAsync();
        var leftBehind = Directory.Exists(runtime);
        var sshdLeftRunning = IsRunning(sshd);
        var started = SshdPids().Length;
        await server.StartAsync();
        for (var attempt = 0; attempt < 600 && SshdPids().Length == started; attempt++)
        {
            await Task.Delay(100);
        }

        var clone = await RetryAsync(() => git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), git.NewPath("after")));

        Assert.True(leftBehind, "SIGKILL should leave the runtime directory behind (nothing else removes it)");
        Assert.True(sshdLeftRunning, "SIGKILL should leave the server's sshd running");
        Assert.False(Directory.Exists(runtime), $"{runtime} is still there after the next start");
        Assert.False(IsRunning(sshd), $"the killed server's sshd (pid {sshd}) still runs");
        var current = RuntimeDirectories().Last();
        Assert.NotEqual(runtime, current);
        Assert.True(Directory.Exists(current));
        clone.Ok();
    }

    /// <summary>Every runtime directory the server logged, in order of the starts.</summary>
    private string[] RuntimeDirectories() => [.. RuntimePattern().Matches(server.LogText).Select(m => m.Groups[1].Value)];

    private int[] SshdPids() =>
        [.. SshdPattern().Matches(server.LogText).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Whether the pid runs a program other than a zombie (an orphan's zombie is reaped by init).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>sshd listens a moment after it is started: a refused connection right then is tried again.</summary>
    private static async Task<GitRun> RetryAsync(Func<Task<GitRun>> run)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await run();
            if (result.Succeeded || attempt == 50 || !result.Stderr.Contains("Connection refused", StringComparison.Ordinal))
            {
                return result;
            }

            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"ssh: runtime directory (\S+);")]
    private static partial Regex RuntimePattern();

    [GeneratedRegex(@"sshd started \(pid (\d+)\)")]
    private static partial Regex SshdPattern();
}
