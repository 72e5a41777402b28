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
/// Runs short git commands (ref reads and updates, object reads) started by
/// <see cref="GitStartInfo"/>, with output buffered in memory, stderr kept for the error, and a
/// timeout after which the process tree is killed. Not for pack traffic, which is streamed.
/// </summary>
internal static class GitCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs git inside the bare repository at <paramref name="repositoryPath"/> (never a discovered one).</summary>
    public static Task<GitResult> InRepositoryAsync(
        string repositoryPath, IReadOnlyList<string> options, IReadOnlyList<string> values, CancellationToken ct, TimeSpan? timeout = null) =>
        RunAsync(repositoryPath, ["--git-dir=" + repositoryPath, .. options], values, ct, timeout);

    /// <param name="workingDirectory">Where git runs.</param>
    /// <param name="options">Trusted literal arguments, the subcommand first.</param>
    /// <param name="values">Arguments derived from requests; none may start with '-'.</param>
    /// <param name="ct">Cancels the command and kills the process.</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    public static async Task<GitResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> options, IReadOnlyList<string> values, CancellationToken ct, TimeSpan? timeout = null)
    {
        var info = GitStartInfo.Create(workingDirectory, options, values);
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        using var process = GitStartInfo.Start(info);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            GitStartInfo.Kill(process);
            ct.ThrowIfCancellationRequested();
            throw new GitCommandException($"git {Verb(options)} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s.");
        }

        return new GitResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The result's stdout; a <see cref="GitCommandException"/> with stderr when git failed.</summary>
    public static string Expect(this GitResult result, string what) =>
        result.Succeeded
            ? result.Stdout
            : throw new GitCommandException($"{what} failed (exit {result.ExitCode}): {result.Stderr.Trim()}");

    private static string Verb(IReadOnlyList<string> options) =>
        options.FirstOrDefault(o => !o.StartsWith('-')) ?? "";
}
