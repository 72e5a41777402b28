using System.Buffers;

namespace Gitstead.CodeCommit.Git;

/// <summary>How a copy ended, and which side failed.</summary>
internal enum StreamCopyResult
{
    Success,
    InputError,
    OutputError,
    Canceled,
}

/// <summary>
/// Copies one stream into another through one pooled buffer, so memory stays flat however
/// much flows, and says which side failed (YARP <c>Forwarder/StreamCopier.cs</c>). Every
/// write goes straight through: git's sideband progress reaches the client as git writes it.
/// </summary>
internal static class StreamCopier
{
    /// <summary>64 KiB, YARP's measured choice; a pkt-line is at most 65,520 bytes.</summary>
    public const int BufferSize = 64 * 1024;

    /// <param name="input">Read until it ends.</param>
    /// <param name="output">Written and flushed after each read.</param>
    /// <param name="prefix">Written before the first bytes of <paramref name="input"/>, and only if there are any.</param>
    /// <param name="cancellationToken">Stops the copy (reported as <see cref="StreamCopyResult.Canceled"/>).</param>
    public static async Task<(StreamCopyResult Result, Exception? Error)> CopyAsync(
        Stream input, Stream output, ReadOnlyMemory<byte> prefix, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
                }
                catch (Exception ex)
                {
                    return (Classify(ex, StreamCopyResult.InputError, cancellationToken), ex);
                }

                if (read == 0)
                {
                    return (StreamCopyResult.Success, null);
                }

                try
                {
                    if (!prefix.IsEmpty)
                    {
                        await output.WriteAsync(prefix, cancellationToken);
                        prefix = ReadOnlyMemory<byte>.Empty;
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    await output.FlushAsync(cancellationToken);
                }
                catch (Exception ex)
                {
                    return (Classify(ex, StreamCopyResult.OutputError, cancellationToken), ex);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static StreamCopyResult Classify(Exception ex, StreamCopyResult side, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? StreamCopyResult.Canceled : side;
}
