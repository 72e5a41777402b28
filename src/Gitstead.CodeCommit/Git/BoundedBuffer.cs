namespace Gitstead.CodeCommit.Git;

/// <summary>
/// A write-only stream into memory that refuses to grow past a limit: the write that would
/// cross it throws <see cref="GitOutputTooLargeException"/> and keeps nothing of that write.
/// </summary>
internal sealed class BoundedBuffer(int limit) : Stream
{
    private readonly MemoryStream _bytes = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _bytes.Length;

    public override long Position
    {
        get => _bytes.Length;
        set => throw new NotSupportedException();
    }

    /// <summary>A copy of what was written.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_bytes.Length + buffer.Length > limit)
        {
            throw new GitOutputTooLargeException(limit);
        }

        _bytes.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bytes.Dispose();
        }

        base.Dispose(disposing);
    }
}
