using System.Diagnostics;
using System.Security.Cryptography;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Faults;

/// <summary>What the fault scenarios share: big commits, the server's git processes, and a push started in the background.</summary>
internal static class FaultSteps
{
    /// <summary>A commit of <paramref name="files"/> files of random (incompressible) bytes, so its pack is as large as its content.</summary>
    public static async Task<string> CommitRandomFilesAsync(this GitClient git, string clone, string prefix, int files, int bytesPerFile)
    {
        var folder = Path.Combine(clone, prefix);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < files; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, $"blob-{i}.bin"), RandomNumberGenerator.GetBytes(bytesPerFile));
        }

        await git.OkAsync(clone, "add", prefix);
        await git.OkAsync(clone, "commit", "-q", "-m", $"{files} random files in {prefix}");
        return await git.OkAsync(clone, "rev-parse", "HEAD");
    }

    /// <summary>The clone URL and login of a repository on the server as it runs now (a restart changes its port).</summary>
    public static async Task<(string Url, string[] Login)> CurrentUrlAsync(this GitsteadServer server, GitClient git, GitRepository repository, GitCredentials credentials)
    {
        var url = (string)(await server.GetRepositoryAsync(repository.Name))["cloneUrlHttp"];
        return (url, git.LoginWith(credentials, url));
    }

    /// <summary>Starts git without waiting for it; the task ends with its outcome.</summary>
    public static Task<GitRun> StartAsync(this GitClient git, string directory, params string[] args) =>
        Task.Run(() => git.RunAsync(directory, args));

    /// <summary>Polls until <paramref name="condition"/> holds, for at most <paramref name="limit"/>; returns whether it did.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan limit, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(20));
        }

        return condition();
    }

    /// <summary>Whether a push is receiving into the repository: git's quarantine directory exists.</summary>
    public static bool IsReceiving(string bareRepository) =>
        Directory.Exists(Path.Combine(bareRepository, "objects"))
        && Directory.EnumerateDirectories(Path.Combine(bareRepository, "objects"), "tmp_objdir-incoming-*").Any();

    /// <summary>
    /// The processes of this machine working in <paramref name="bareRepository"/> (the server runs
    /// git there) whose command line contains one of <paramref name="words"/>.
    /// </summary>
    public static List<int> GitProcessesIn(string bareRepository, params string[] words)
    {
        var found = new List<int>();
        var target = Path.GetFullPath(bareRepository).TrimEnd('/');
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget;
                if (cwd is null || cwd.TrimEnd('/') != target)
                {
                    continue;
                }

                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (words.Any(w => cmdline.Contains(w, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile
            }
        }

        return found;
    }

    /// <summary>SIGKILL to each process, as a power cut would stop it.</summary>
    public static void KillProcesses(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }
    }

    /// <summary>Every lock file git may leave in a repository (refs, packed-refs, index, gc.pid, pack and graph locks).</summary>
    public static List<string> LockFiles(string bareRepository) =>
        Directory.EnumerateFiles(bareRepository, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".lock", StringComparison.Ordinal) || Path.GetFileName(f) == "gc.pid")
            .Select(f => Path.GetRelativePath(bareRepository, f))
            .ToList();
}
