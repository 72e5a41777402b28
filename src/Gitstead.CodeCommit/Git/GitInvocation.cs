using System.Diagnostics;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// One run of git for <see cref="GitRunner"/>: the arguments as <see cref="GitStartInfo"/> takes
/// them, what to write to stdin, extra environment variables and a time limit; vary one with
/// <c>with { … }</c>. Nothing is checked until the run starts, where a bad value throws
/// <see cref="ArgumentException"/>.
/// </summary>
/// <param name="WorkingDirectory">Where git runs.</param>
/// <param name="Options">Trusted literal arguments, the subcommand first.</param>
/// <param name="Values">Arguments derived from requests; none may start with '-'.</param>
internal sealed record GitInvocation(string WorkingDirectory, IReadOnlyList<string> Options, IReadOnlyList<string> Values)
{
    /// <summary>The limit when <see cref="Timeout"/> is not set.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Written to stdin first.</summary>
    public ReadOnlyMemory<byte> Input { get; init; }

    /// <summary>Copied to stdin after <see cref="Input"/> until it ends; read, never disposed.</summary>
    public Stream? InputStream { get; init; }

    /// <summary>Added to the fixed environment; names and values as <see cref="GitStartInfo.WithEnvironment"/> accepts. Never logged.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>After this git is killed; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The subcommand, for messages (never a value, which may hold request data); a <c>-c</c> setting before it is skipped.</summary>
    public string Verb
    {
        get
        {
            for (var i = 0; i < Options.Count; i++)
            {
                if (Options[i] == "-c")
                {
                    i++;
                }
                else if (!Options[i].StartsWith('-'))
                {
                    return Options[i];
                }
            }

            return "";
        }
    }

    /// <summary>Runs git inside the bare repository at <paramref name="repositoryPath"/> (never a discovered one).</summary>
    public static GitInvocation InRepository(string repositoryPath, IReadOnlyList<string> options, IReadOnlyList<string> values) =>
        new(repositoryPath, ["--git-dir=" + repositoryPath, .. options], values);

    /// <exception cref="ArgumentException">A value starting with '-', or an environment variable that is not accepted.</exception>
    public ProcessStartInfo ToStartInfo() =>
        GitStartInfo.Create(WorkingDirectory, Options, Values).WithEnvironment(Environment);
}

/// <summary>How a git run ended: its exit code and the end of its stderr. A non-zero exit is not an exception.</summary>
internal sealed record GitExit(int ExitCode, string StderrTail)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>A git run with its whole stdout in memory.</summary>
internal sealed record GitOutput(int ExitCode, byte[] Stdout, string StderrTail)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Stdout; a <see cref="GitCommandException"/> with the stderr tail when git failed.</summary>
    public byte[] Expect(string what) =>
        Succeeded ? Stdout : throw new GitCommandException($"{what} failed (exit {ExitCode}): {StderrTail}");
}

/// <summary>git produced more than a caller agreed to hold in memory; git was stopped.</summary>
internal sealed class GitOutputTooLargeException(long limit)
    : Exception($"git produced more than {limit} bytes, the most this call holds in memory; it was stopped.")
{
    /// <summary>The number of bytes that was allowed.</summary>
    public long Limit { get; } = limit;
}
