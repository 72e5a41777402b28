using System.Diagnostics;
using System.Text;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// A started git process with its pipes as byte streams: stdin and stdout for the caller,
/// stderr drained in the background from the start (only its end kept, and, when asked, each
/// piece passed on as it comes) so git never blocks writing to it. The process plumbing every way
/// of running git shares.
/// </summary>
internal sealed class GitProcess : IDisposable
{
    /// <summary>How much of the end of stderr is kept when the caller does not say.</summary>
    public const int DefaultStderrTailBytes = 16 * 1024;

    private readonly Process _process;

    private GitProcess(Process process, int stderrTailBytes, Stream? stderrCopy, Action<ReadOnlyMemory<byte>>? stderrObserver)
    {
        _process = process;
        Stdin = process.StandardInput.BaseStream;
        Stdout = process.StandardOutput.BaseStream;
        StderrTail = ReadTailAsync(process.StandardError.BaseStream, stderrTailBytes, stderrCopy, stderrObserver);
    }

    /// <summary>Written by the caller; <see cref="CloseStdin"/> tells git the input has ended.</summary>
    public Stream Stdin { get; }

    /// <summary>Read by the caller until it ends.</summary>
    public Stream Stdout { get; }

    /// <summary>The last bytes of stderr (UTF-8, trimmed); completes when git has closed stderr and all of it was copied.</summary>
    public Task<string> StderrTail { get; }

    /// <summary>Valid once git has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <param name="info">From <see cref="GitStartInfo.Create"/>.</param>
    /// <param name="stderrTailBytes">How many of stderr's last bytes to keep.</param>
    /// <param name="stderrCopy">
    /// Where all of stderr is also written as it comes (over SSH, the client's standard error); a
    /// failed write stops the copying, not the draining.
    /// </param>
    /// <param name="stderrObserver">Sees each chunk of stderr as it is read (progress to pass on); must not block, nor keep the memory.</param>
    /// <exception cref="GitCommandException">git could not be started.</exception>
    public static GitProcess Start(
        ProcessStartInfo info, int stderrTailBytes = DefaultStderrTailBytes, Stream? stderrCopy = null, Action<ReadOnlyMemory<byte>>? stderrObserver = null) =>
        new(GitStartInfo.Start(info), stderrTailBytes, stderrCopy, stderrObserver);

    /// <summary>Completes when git has exited; cancelling stops the wait, not git.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills git and everything it started (<see cref="GitStartInfo.Kill"/>); safe to repeat.</summary>
    public void Kill() => GitStartInfo.Kill(_process);

    /// <summary>
    /// Lets git end on its own, so that it cleans up after itself, and kills it if it still runs
    /// after <paramref name="grace"/> (at once when zero). The caller closes stdin: on that end of
    /// input receive-pack fails the push and removes its quarantine directory
    /// (<c>objects/tmp_objdir-incoming-*</c>), which a kill, or even SIGTERM, leaves behind for good.
    /// </summary>
    public void Terminate(TimeSpan grace)
    {
        if (grace <= TimeSpan.Zero)
        {
            Kill();
            return;
        }

        _ = KillLaterAsync(grace);
    }

    private async Task KillLaterAsync(TimeSpan grace)
    {
        await Task.Delay(grace);
        try
        {
            Kill();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or System.ComponentModel.Win32Exception)
        {
            // exited and disposed meanwhile
        }
    }

    /// <summary>Closes stdin; git having closed its end already is not an error.</summary>
    public void CloseStdin()
    {
        try
        {
            Stdin.Dispose();
        }
        catch (IOException)
        {
            // git already closed its end
        }
    }

    /// <summary>Kills git if it still runs and closes the pipes this side owns.</summary>
    public void Dispose()
    {
        Kill();
        CloseStdin();
        Stdout.Dispose();
        _process.Dispose();
    }

    /// <summary>Drains stderr until git closes it, keeping only its last bytes, showing each piece to the observer and copying it; closes it at the end.</summary>
    private static async Task<string> ReadTailAsync(Stream stderr, int limit, Stream? copy, Action<ReadOnlyMemory<byte>>? observer)
    {
        var tail = new byte[limit];
        var chunk = new byte[Math.Min(limit, 4096)];
        var length = 0;
        int read;
        try
        {
            while ((read = await stderr.ReadAsync(chunk)) > 0)
            {
                observer?.Invoke(chunk.AsMemory(0, read));
                copy = await CopyOrStopAsync(copy, chunk.AsMemory(0, read));
                var overflow = length + read - limit;
                if (overflow > 0)
                {
                    tail.AsSpan(overflow, length - overflow).CopyTo(tail);
                    length -= overflow;
                }

                chunk.AsSpan(0, read).CopyTo(tail.AsSpan(length));
                length += read;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // git was killed; what was read is enough for the log
        }
        finally
        {
            await stderr.DisposeAsync();
        }

        return Encoding.UTF8.GetString(tail, 0, length).Trim();
    }

    /// <summary>Writes the piece to the copy; null from then on once a write failed (the reader went away).</summary>
    private static async Task<Stream?> CopyOrStopAsync(Stream? copy, ReadOnlyMemory<byte> piece)
    {
        if (copy is null)
        {
            return null;
        }

        try
        {
            await copy.WriteAsync(piece);
            return copy;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
