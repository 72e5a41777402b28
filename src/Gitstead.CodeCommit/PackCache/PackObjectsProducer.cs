using System.Net.Sockets;
using System.Threading.Channels;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Ssh;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// The one <c>git pack-objects</c> behind a cached pack: its input from the spooled request,
/// its stdout appended to the pack's file chunk by chunk (each flushed before readers are told
/// it is there), through one pooled buffer. It runs apart from the request that started it, so
/// that request's client leaving hurts none of the others reading the pack; it is stopped only
/// when every reader has left (<see cref="CachedPacks.Leave"/>) or the server stops. Its
/// progress (stderr) goes to the request that started it, while that request is there; the
/// requests that join later read the pack without it.
/// </summary>
internal sealed partial class PackObjectsProducer(CachedPacks packs, ILogger<PackObjectsProducer> logger)
{
    /// <param name="lease">The pack, with its writer.</param>
    /// <param name="arguments">What git runs (checked by <see cref="PackObjectsRequest.Validate"/>).</param>
    /// <param name="repositoryPath">Where it runs.</param>
    /// <param name="inputPath">The spooled input, deleted at the end.</param>
    /// <param name="progress">Where pack-objects' stderr goes (the starting request's hook), or null.</param>
    public async Task RunAsync(CachedPackLease lease, IReadOnlyList<string> arguments, string repositoryPath, string inputPath, SshFrameWriter? progress)
    {
        var pack = lease.Pack;
        var succeeded = false;

        // Forwarded from a queue, never from the stderr drain itself: a slow client must not hold pack-objects.
        var queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        Action<ReadOnlyMemory<byte>>? observer = null;
        if (progress is not null)
        {
            observer = chunk => queue.Writer.TryWrite(chunk.ToArray());
            _ = ForwardAsync(queue.Reader, progress);
        }

        try
        {
            using var git = GitProcess.Start(GitStartInfo.Create(repositoryPath, arguments), GitProcess.DefaultStderrTailBytes, stderrObserver: observer);
            using var stop = pack.Producer.Token.Register(git.Kill);
            var feeding = FeedAsync(git, inputPath);
            await packs.FillAsync(lease, git.Stdout);
            await git.WaitForExitAsync(CancellationToken.None);
            await feeding;
            var stderr = await git.StderrTail;
            succeeded = git.ExitCode == 0 && !pack.Producer.IsCancellationRequested;
            if (!succeeded && !pack.Producer.IsCancellationRequested)
            {
                LogFailed(pack.Key, git.ExitCode, stderr);
            }
        }
        catch (Exception ex) when (ex is IOException or GitCommandException or ObjectDisposedException or InvalidOperationException)
        {
            LogBroken(ex, pack.Key);
        }
        finally
        {
            queue.Writer.TryComplete();
            await lease.Writer!.DisposeAsync();
            File.Delete(inputPath);
            packs.Finish(pack, succeeded);
        }
    }

    /// <summary>pack-objects' progress to the hook that started it, until it has gone.</summary>
    private static async Task ForwardAsync(ChannelReader<byte[]> queue, SshFrameWriter progress)
    {
        try
        {
            await foreach (var chunk in queue.ReadAllAsync())
            {
                await progress.WriteStderrAsync(chunk, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the request that started the pack has ended: nobody is left to see its progress
        }
    }

    /// <summary>The spooled input into git's stdin, then end of input; git leaving early ends it quietly.</summary>
    private static async Task FeedAsync(GitProcess git, string inputPath)
    {
        try
        {
            await using var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
            await input.CopyToAsync(git.Stdin, StreamCopier.BufferSize);
        }
        catch (IOException)
        {
            // git exited or closed its stdin: its exit status tells what happened
        }
        finally
        {
            git.CloseStdin();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pack cache: pack-objects for {Key} failed (exit {ExitCode}): {Stderr}")]
    private partial void LogFailed(string key, int exitCode, string stderr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pack cache: writing {Key} failed")]
    private partial void LogBroken(Exception exception, string key);
}
