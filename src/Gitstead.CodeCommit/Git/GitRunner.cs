using System.Runtime.ExceptionServices;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// Runs one git process as a byte stream: stdin fed, stdout copied and stderr drained all at
/// once, so git never blocks on a full pipe however much flows either way; a timeout or a
/// cancellation kills the whole process tree. <see cref="GitCommand"/> is the text form of
/// the same run.
/// </summary>
internal static class GitRunner
{
    /// <summary>
    /// Runs git with its stdout copied into <paramref name="stdout"/> as it comes, through one
    /// pooled buffer (<see cref="StreamCopier"/>): memory stays flat whatever git prints.
    /// </summary>
    /// <param name="invocation">What to run, its stdin, environment and time limit.</param>
    /// <param name="stdout">Receives git's stdout; written and flushed, never disposed.</param>
    /// <param name="cancellationToken">Kills git and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The exit code and the end of stderr; a non-zero exit is not an exception.</returns>
    /// <exception cref="ArgumentException">A value or an environment variable that is refused.</exception>
    /// <exception cref="GitCommandException">git could not be started, or ran past the invocation's timeout and was killed.</exception>
    /// <remarks>
    /// An exception from reading <see cref="GitInvocation.InputStream"/> or writing
    /// <paramref name="stdout"/> kills git and is rethrown. git closing stdin before it has read
    /// all the input is git's decision, not an error.
    /// </remarks>
    public static async Task<GitExit> RunAsync(GitInvocation invocation, Stream stdout, CancellationToken cancellationToken)
    {
        var info = invocation.ToStartInfo();
        cancellationToken.ThrowIfCancellationRequested();
        using var git = GitProcess.Start(info);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(invocation.Timeout);
        using var killOnLimit = limit.Token.Register(git.Kill);
        using var stopFeeding = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
        var feeding = Task.Run(() => FeedAsync(git, invocation, stopFeeding.Token), CancellationToken.None);
        var (copied, copyError) = await StreamCopier.CopyAsync(git.Stdout, stdout, ReadOnlyMemory<byte>.Empty, limit.Token);
        if (copied != StreamCopyResult.Success)
        {
            git.Kill();
        }

        await WaitForExitAsync(git, limit.Token);
        await stopFeeding.CancelAsync(); // git is gone: input it did not read stays unread
        var feedError = await feeding;
        var tail = await git.StderrTail;
        ThrowIfStopped(invocation, limit.IsCancellationRequested, cancellationToken);
        if ((feedError ?? copyError) is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return new GitExit(git.ExitCode, tail);
    }

    /// <summary>
    /// Runs git and returns all of its stdout, at most <paramref name="maxOutputBytes"/>: one byte
    /// more kills git and throws <see cref="GitOutputTooLargeException"/>, so no caller can be
    /// made to buffer what a repository holds.
    /// </summary>
    /// <exception cref="GitOutputTooLargeException">git printed more than <paramref name="maxOutputBytes"/>.</exception>
    /// <inheritdoc cref="RunAsync" path="/exception"/>
    /// <remarks>
    /// A run whose git could not write an object because the object's fan-out directory vanished
    /// under it (<see cref="LostObjectDirectory"/>) is run again, up to <see cref="MaxAttempts"/>
    /// times, when its input can be fed again (no <see cref="GitInvocation.InputStream"/>).
    /// Background maintenance causes it: <c>git repack -d</c> ends with <c>prune-packed</c>,
    /// which removes every fan-out directory it emptied, and a writer that had just created one
    /// finds it gone when it makes its temporary file. Writing an object again is harmless:
    /// objects are named by their content.
    /// </remarks>
    public static async Task<GitOutput> RunToBytesAsync(GitInvocation invocation, int maxOutputBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputBytes);
        var replayable = invocation.InputStream is null;
        for (var attempt = 1; ; attempt++)
        {
            using var buffer = new BoundedBuffer(maxOutputBytes);
            var exit = await RunAsync(invocation, buffer, cancellationToken);
            if (exit.ExitCode != 0 && replayable && LostObjectDirectory(exit.StderrTail))
            {
                if (attempt < MaxAttempts)
                {
                    continue;
                }

                return new GitOutput(exit.ExitCode, buffer.ToArray(), $"{exit.StderrTail} (the same in each of {MaxAttempts} attempts)");
            }

            return new GitOutput(exit.ExitCode, buffer.ToArray(), exit.StderrTail);
        }
    }

    /// <summary>How many times <see cref="RunToBytesAsync"/> runs git whose object directory vanished under it.</summary>
    internal const int MaxAttempts = 3;

    /// <summary>
    /// Whether git failed only because a directory it was about to write a temporary object into
    /// did not exist any more: git's own words for a temporary file that cannot be created for
    /// want of its directory.
    /// </summary>
    internal static bool LostObjectDirectory(string stderr) =>
        stderr.Contains("unable to create temporary file: No such file or directory", StringComparison.Ordinal);

    /// <summary>
    /// Writes <see cref="GitInvocation.Input"/> then <see cref="GitInvocation.InputStream"/> into
    /// stdin and closes it. A failed write to git (it exited or closed stdin) ends feeding quietly;
    /// a failed read of the input stream kills git and is returned.
    /// </summary>
    private static async Task<Exception?> FeedAsync(GitProcess git, GitInvocation invocation, CancellationToken stop)
    {
        try
        {
            if (!invocation.Input.IsEmpty)
            {
                await git.Stdin.WriteAsync(invocation.Input, stop);
            }

            if (invocation.InputStream is { } input)
            {
                var (fed, error) = await StreamCopier.CopyAsync(input, git.Stdin, ReadOnlyMemory<byte>.Empty, stop);
                if (fed == StreamCopyResult.InputError)
                {
                    git.Kill();
                    return error;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // git stopped reading, or the run is over
        }
        finally
        {
            git.CloseStdin();
        }

        return null;
    }

    /// <summary>Waits for git to exit; past the limit it has been killed, and the wait goes on until it is gone.</summary>
    private static async Task WaitForExitAsync(GitProcess git, CancellationToken limit)
    {
        try
        {
            await git.WaitForExitAsync(limit);
        }
        catch (OperationCanceledException)
        {
            await git.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static void ThrowIfStopped(GitInvocation invocation, bool stopped, CancellationToken cancellationToken)
    {
        if (stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new GitCommandException($"git {invocation.Verb} did not finish within {invocation.Timeout.TotalSeconds:0} s.");
        }
    }
}
