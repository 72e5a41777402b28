using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// The server's side of the wire <see cref="SshRelayClient"/> speaks: the helper's one JSON line,
/// then, for a Git request, its standard input as it comes and the answer as frames
/// (<see cref="SshFrameWriter"/>).
/// </summary>
internal static class SshRelay
{
    internal const int MaxHeaderBytes = 16 * 1024;

    internal static async Task<SshRelayRequest?> ReadHeaderAsync(Stream stream, CancellationToken ct)
    {
        // One byte at a time: the bytes after the line are the client's stdin, which must stay in the stream.
        var line = new MemoryStream();
        var one = new byte[1];
        while (line.Length < MaxHeaderBytes)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return JsonSerializer.Deserialize<SshRelayRequest>(line.ToArray());
            }

            line.WriteByte(one[0]);
        }

        return null;
    }
}

/// <summary>The helper's one line to the server.</summary>
/// <param name="Op"><c>keys</c> or <c>git</c>.</param>
/// <param name="KeyId">The SSH user name: the key id sshd asks about, or the one the forced command was written for.</param>
/// <param name="Command"><c>SSH_ORIGINAL_COMMAND</c>: what the client asked to run; null for a shell.</param>
/// <param name="Protocol"><c>GIT_PROTOCOL</c>, the only variable sshd accepts from the client.</param>
/// <param name="Connection"><c>SSH_CONNECTION</c>: client address and port, server address and port.</param>
internal sealed record SshRelayRequest(string Op, string KeyId, string? Command, string? Protocol, string? Connection);

/// <summary>
/// Writes the server's side of a Git conversation as frames: git's output becomes a write-only
/// stream, and <see cref="Stderr"/> its standard error, framed apart so that the helper writes it
/// to sshd's stderr channel (what the client shows as <c>remote:</c> lines and errors).
/// </summary>
internal sealed class SshFrameWriter : Stream
{
    private readonly Stream _socket;
    private readonly byte _kind;
    private readonly SemaphoreSlim _lock;
    private readonly bool _ownsLock;

    public SshFrameWriter(Stream socket)
        : this(socket, SshRelayClient.StdoutFrame, new SemaphoreSlim(1, 1), ownsLock: true)
    {
        Stderr = new SshFrameWriter(socket, SshRelayClient.StderrFrame, _lock, ownsLock: false);
    }

    private SshFrameWriter(Stream socket, byte kind, SemaphoreSlim frameLock, bool ownsLock)
    {
        _socket = socket;
        _kind = kind;
        _lock = frameLock;
        _ownsLock = ownsLock;
        Stderr = this;
    }

    /// <summary>The standard error of the conversation, as a stream (frames of their own, never interleaved within one).</summary>
    public Stream Stderr { get; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public Task WriteStderrAsync(string text, CancellationToken ct) => FrameAsync(SshRelayClient.StderrFrame, Encoding.UTF8.GetBytes(text + "\n"), ct);

    /// <summary>Bytes for the helper's stderr as they are (git's progress, with its carriage returns).</summary>
    public Task WriteStderrAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => FrameAsync(SshRelayClient.StderrFrame, bytes, ct);

    public Task WriteExitAsync(int code, CancellationToken ct)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, code);
        return FrameAsync(SshRelayClient.ExitFrame, payload, ct);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var chunk = buffer[..Math.Min(buffer.Length, SshRelayClient.MaxFrameBytes)];
            await FrameAsync(_kind, chunk, cancellationToken);
            buffer = buffer[chunk.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _socket.FlushAsync(cancellationToken);

    public override void Flush() => _socket.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsLock)
        {
            _lock.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task FrameAsync(byte kind, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var head = new byte[5];
        head[0] = kind;
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(1), payload.Length);
        await _lock.WaitAsync(ct);
        try
        {
            await _socket.WriteAsync(head, ct);
            await _socket.WriteAsync(payload, ct);
        }
        finally
        {
            _lock.Release();
        }
    }
}
