using System.Text;

namespace Gitstead.CodeCommit.Git;

/// <summary>What a buffered git command printed and how it ended.</summary>
internal sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>A git command failed in a way no client input explains (a broken repository, a missing git).</summary>
internal sealed class GitCommandException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Runs short git commands (ref reads and updates) through <see cref="GitRunner"/> with stdin
/// closed and stdout read as UTF-8 text, stderr's end kept for the error, and a timeout after
/// which the process tree is killed. Bytes and streams go through <see cref="GitRunner"/>.
/// </summary>
internal static class GitCommand
{
    public static readonly TimeSpan DefaultTimeout = GitInvocation.DefaultTimeout;

    /// <summary>Runs git inside the bare repository at <paramref name="repositoryPath"/> (never a discovered one).</summary>
    public static Task<GitResult> InRepositoryAsync(
        string repositoryPath, IReadOnlyList<string> options, IReadOnlyList<string> values, CancellationToken ct, TimeSpan? timeout = null) =>
        RunAsync(GitInvocation.InRepository(repositoryPath, options, values) with { Timeout = timeout ?? DefaultTimeout }, ct);

    /// <param name="workingDirectory">Where git runs.</param>
    /// <param name="options">Trusted literal arguments, the subcommand first.</param>
    /// <param name="values">Arguments derived from requests; none may start with '-'.</param>
    /// <param name="ct">Cancels the command and kills the process.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    public static Task<GitResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> options, IReadOnlyList<string> values, CancellationToken ct, TimeSpan? timeout = null) =>
        RunAsync(new GitInvocation(workingDirectory, options, values) { Timeout = timeout ?? DefaultTimeout }, ct);

    /// <summary>Runs <paramref name="invocation"/> (with its stdin and environment) and decodes stdout as UTF-8.</summary>
    /// <exception cref="GitCommandException">git could not be started, or did not finish within the invocation's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; git was killed.</exception>
    public static async Task<GitResult> RunAsync(GitInvocation invocation, CancellationToken ct)
    {
        var output = await GitRunner.RunToBytesAsync(invocation, Array.MaxLength, ct);
        return new GitResult(output.ExitCode, Encoding.UTF8.GetString(output.Stdout), output.StderrTail);
    }

    /// <summary>The result's stdout; a <see cref="GitCommandException"/> with stderr when git failed.</summary>
    public static string Expect(this GitResult result, string what) =>
        result.Succeeded
            ? result.Stdout
            : throw new GitCommandException($"{what} failed (exit {result.ExitCode}): {result.Stderr.Trim()}");
}
