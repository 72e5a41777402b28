using System.ComponentModel;
using System.Diagnostics;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// The only way Gitstead starts git: an argument list (never a shell string), trusted
/// literal options kept apart from values, values that could be read as options refused,
/// and a fixed environment that ignores system and user configuration.
/// </summary>
internal static class GitStartInfo
{
    /// <param name="workingDirectory">Where git runs (usually the bare repository).</param>
    /// <param name="options">Trusted, literal arguments written by Gitstead.</param>
    /// <param name="values">Arguments derived from requests; any starting with '-' is refused.</param>
    public static ProcessStartInfo Create(string workingDirectory, IEnumerable<string> options, params IEnumerable<string> values)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var option in options)
        {
            info.ArgumentList.Add(option);
        }

        foreach (var value in values)
        {
            if (value.StartsWith('-'))
            {
                throw new ArgumentException("A git argument derived from a request may not start with '-'.", nameof(values));
            }

            info.ArgumentList.Add(value);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        info.Environment["HOME"] = Path.Combine(Path.GetTempPath(), "gitstead-git-home");
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        return info;
    }

    /// <summary>
    /// Passes the client's protocol request to git as <c>GIT_PROTOCOL</c> (how git's own
    /// http-backend does it); only a value <see cref="GitProtocol.Accept"/> lets through.
    /// </summary>
    /// <exception cref="ArgumentException">The value does not have the strict Git-Protocol shape.</exception>
    public static ProcessStartInfo WithProtocol(this ProcessStartInfo info, string? gitProtocol)
    {
        if (gitProtocol is not null)
        {
            info.Environment["GIT_PROTOCOL"] = GitProtocol.Accept(gitProtocol)
                ?? throw new ArgumentException("Not an acceptable Git-Protocol value.", nameof(gitProtocol));
        }

        return info;
    }

    /// <summary>Starts git: the one place a git process is created.</summary>
    /// <exception cref="GitCommandException">git could not be started (not on PATH, no working directory).</exception>
    public static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new GitCommandException("git could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new GitCommandException($"git could not be started: {ex.Message}", ex);
        }
    }

    /// <summary>Ends a git process and everything it started; one that has already exited is left alone.</summary>
    public static void Kill(Process process)
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
}
