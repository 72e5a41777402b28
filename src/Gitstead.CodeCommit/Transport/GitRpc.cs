using System.Diagnostics;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Transport;

/// <summary>Which side of a streamed git exchange failed (YARP <c>ForwarderError</c>).</summary>
internal enum GitRpcError
{
    None,

    /// <summary>git could not be started.</summary>
    GitStart,

    /// <summary>Reading the request body failed: the client went away, or sent a corrupt gzip body.</summary>
    RequestBodyClient,

    /// <summary>Reading git's output failed.</summary>
    ResponseBodyGit,

    /// <summary>Writing the response failed: the client went away.</summary>
    ResponseBodyClient,

    /// <summary>git exited with a non-zero status.</summary>
    GitExit,
}

/// <summary>How one git process ended: the first failure, git's exit status, and the end of its stderr.</summary>
internal sealed record GitRpcResult(GitRpcError Error, int ExitCode, string StderrTail, Exception? Exception = null);

/// <summary>
/// Runs one git service process for one HTTP request (DESIGN.md decision 1): the request body
/// (after the bytes already read from it) streamed into git's stdin, git's stdout streamed
/// into the response, both concurrently through pooled buffers, stderr drained (its end kept
/// for the log). A failure of the client on either side kills git, or, for a push, closes its
/// stdin so that it removes its quarantine directory, and kills it only if it lingers.
/// </summary>
internal static class GitRpc
{
    private const int StderrTail = 2048;

    /// <summary>How long receive-pack has to clean up (its quarantine directory) once its client is gone, before it is killed.</summary>
    public static readonly TimeSpan PushCleanupGrace = TimeSpan.FromSeconds(10);

    /// <param name="info">From <see cref="GitStartInfo"/>.</param>
    /// <param name="inputPrefix">Bytes already read from the request that git must see first.</param>
    /// <param name="input">The rest of the request body; null when git reads nothing.</param>
    /// <param name="output">The response body.</param>
    /// <param name="outputPrefix">Written before git's first output byte (the info/refs service line).</param>
    /// <param name="aborted">The request's abort token.</param>
    /// <param name="cleanupGrace">
    /// When the exchange fails, how long git may run on after its stdin is closed, to clean up,
    /// before it is killed: zero kills at once; a push gives <see cref="PushCleanupGrace"/>.
    /// </param>
    /// <param name="stderr">
    /// Where git's stderr goes as it comes, all of it before this returns (SSH has a stream for it;
    /// HTTP has none, so there it is only kept for the log).
    /// </param>
    public static async Task<GitRpcResult> RunAsync(
        ProcessStartInfo info, ReadOnlyMemory<byte> inputPrefix, Stream? input, Stream output, ReadOnlyMemory<byte> outputPrefix, CancellationToken aborted,
        TimeSpan cleanupGrace = default, Stream? stderr = null)
    {
        GitProcess git;
        try
        {
            git = GitProcess.Start(info, StderrTail, stderr);
        }
        catch (GitCommandException ex)
        {
            return new GitRpcResult(GitRpcError.GitStart, -1, "", ex);
        }

        using (git)
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted))
        using (stop.Token.Register(() => git.Terminate(cleanupGrace)))
        {
            var feeding = FeedAsync(git, inputPrefix, input, stop);
            var (copied, copyError) = await StreamCopier.CopyAsync(git.Stdout, output, outputPrefix, stop.Token);
            if (copied != StreamCopyResult.Success)
            {
                await stop.CancelAsync();
            }

            await git.WaitForExitAsync(CancellationToken.None);
            var abandoned = copied == StreamCopyResult.Success && !feeding.IsCompleted;
            if (abandoned)
            {
                // git answered and exited without reading all of the body: nothing more is needed from the client.
                await stop.CancelAsync();
            }

            var (fed, feedError) = await feeding;
            var tail = await git.StderrTail;
            var error = !abandoned && (fed == StreamCopyResult.InputError || (fed == StreamCopyResult.Canceled && copied == StreamCopyResult.Success))
                ? GitRpcError.RequestBodyClient
                : copied switch
                {
                    StreamCopyResult.InputError => GitRpcError.ResponseBodyGit,
                    StreamCopyResult.OutputError or StreamCopyResult.Canceled => GitRpcError.ResponseBodyClient,
                    _ => git.ExitCode != 0 ? GitRpcError.GitExit : GitRpcError.None,
                };
            return new GitRpcResult(error, git.ExitCode, tail, error == GitRpcError.RequestBodyClient ? feedError : copyError);
        }
    }

    /// <summary>
    /// Writes the prefix and the body into git's stdin, then closes it. A failed write to git
    /// (it exited or closed stdin early) is git's decision and ends feeding quietly; a failed
    /// read of the client's body stops everything.
    /// </summary>
    private static async Task<(StreamCopyResult, Exception?)> FeedAsync(
        GitProcess git, ReadOnlyMemory<byte> prefix, Stream? input, CancellationTokenSource stop)
    {
        var result = (StreamCopyResult.Success, (Exception?)null);
        try
        {
            if (!prefix.IsEmpty)
            {
                await git.Stdin.WriteAsync(prefix, stop.Token);
            }

            if (input is not null)
            {
                result = await StreamCopier.CopyAsync(input, git.Stdin, ReadOnlyMemory<byte>.Empty, stop.Token);
            }
        }
        catch (IOException)
        {
            result = (StreamCopyResult.OutputError, null);
        }
        catch (OperationCanceledException ex)
        {
            result = (StreamCopyResult.Canceled, ex);
        }

        if (result.Item1 is StreamCopyResult.InputError)
        {
            await stop.CancelAsync();
        }

        git.CloseStdin();
        return result;
    }
}
