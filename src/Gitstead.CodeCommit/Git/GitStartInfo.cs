using System.Collections.Frozen;
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
    /// <summary>
    /// The variables a caller may add to the fixed environment: the index a commit is built in,
    /// and the identities and dates it records. Never PATH, HOME or anything that points git
    /// at other configuration; extend the list only with a reason.
    /// </summary>
    private static readonly FrozenSet<string> CallerVariables = FrozenSet.Create(
        StringComparer.Ordinal,
        "GIT_INDEX_FILE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_COMMITTER_DATE");

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

    /// <summary>
    /// Adds per-call variables to the fixed environment. Names must be on the allow-list; values
    /// may not hold NUL, CR or LF (they would end or split the value git reads). Values are
    /// never logged, and no exception repeats them.
    /// </summary>
    /// <exception cref="ArgumentException">A name not on the list, or a value with NUL, CR or LF.</exception>
    public static ProcessStartInfo WithEnvironment(this ProcessStartInfo info, IReadOnlyDictionary<string, string>? variables)
    {
        foreach (var (name, value) in variables ?? FrozenDictionary<string, string>.Empty)
        {
            if (!CallerVariables.Contains(name))
            {
                throw new ArgumentException($"{name} is not a variable a git call may set.", nameof(variables));
            }

            if (value.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0)
            {
                throw new ArgumentException($"The value of {name} holds NUL, CR or LF.", nameof(variables));
            }

            info.Environment[name] = value;
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

    /// <summary>
    /// Ends a git process and everything it started; one that has already exited is left alone
    /// without looking for its children, since finding them reads every process's
    /// <c>/proc/PID/stat</c> (about 10 ms on a busy host, paid by every git call that ended
    /// normally) and an exited process's children are no longer linked to it anyway.
    /// </summary>
    public static void Kill(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }
}
