using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// The two small programs sshd runs (as <c>gitstead ssh-keys</c> and <c>gitstead ssh-git</c>), and
/// the wire between them and the running server: a Unix socket in the server's private runtime
/// directory. The helper sends one JSON line; for a Git request it then streams its standard
/// input and reads frames back (a kind byte, a 4-byte big-endian length, the bytes): standard
/// output, standard error, and the exit code that ends the conversation. The helpers decide
/// nothing: the server answers which key may log in, and authorizes and runs git.
/// </summary>
public static class SshRelay
{
    internal const byte StdoutFrame = 1;
    internal const byte StderrFrame = 2;
    internal const byte ExitFrame = 3;
    internal const int MaxHeaderBytes = 16 * 1024;

    /// <summary>
    /// <c>AuthorizedKeysCommand</c>: prints the <c>authorized_keys</c> line for the key id, or
    /// nothing (sshd then refuses the login). Exit 0 either way, 1 when the server cannot be reached.
    /// </summary>
    public static async Task<int> KeysAsync(string socketPath, string keyId)
    {
        try
        {
            using var socket = await ConnectAsync(socketPath);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await WriteHeaderAsync(stream, new SshRelayRequest("keys", keyId, null, null, null));
            socket.Shutdown(SocketShutdown.Send);
            await using var stdout = System.Console.OpenStandardOutput();
            await stream.CopyToAsync(stdout);
            return 0;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            await System.Console.Error.WriteLineAsync("gitstead ssh-keys: the Gitstead server is not reachable.");
            return 1;
        }
    }

    /// <summary>
    /// The forced command of every key: hands <c>SSH_ORIGINAL_COMMAND</c> and <c>GIT_PROTOCOL</c>
    /// to the server and relays the conversation; its exit code is git's (or 128 when refused).
    /// </summary>
    public static async Task<int> GitAsync(string socketPath, string keyId)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(socketPath);
        }
        catch (SocketException)
        {
            await System.Console.Error.WriteLineAsync("Gitstead is not reachable over SSH right now; try again later.");
            return 128;
        }

        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            var request = new SshRelayRequest(
                "git",
                keyId,
                Environment.GetEnvironmentVariable("SSH_ORIGINAL_COMMAND"),
                Environment.GetEnvironmentVariable("GIT_PROTOCOL"),
                Environment.GetEnvironmentVariable("SSH_CONNECTION"));
            await WriteHeaderAsync(stream, request);
            _ = PumpStdinAsync(socket, stream);
            return await ReadFramesAsync(stream);
        }
    }

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

    private static async Task<Socket> ConnectAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task WriteHeaderAsync(Stream stream, SshRelayRequest request)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(request);
        await stream.WriteAsync(header);
        await stream.WriteAsync("\n"u8.ToArray());
    }

    private static async Task PumpStdinAsync(Socket socket, Stream stream)
    {
        try
        {
            await using var stdin = System.Console.OpenStandardInput();
            await stdin.CopyToAsync(stream, 65536);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // the server ended the conversation first
        }
    }

    private static async Task<int> ReadFramesAsync(Stream stream)
    {
        await using var stdout = System.Console.OpenStandardOutput();
        await using var stderr = System.Console.OpenStandardError();
        var head = new byte[5];
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(head);
                var length = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(1));
                if (length < 0 || length > buffer.Length)
                {
                    return 128;
                }

                await stream.ReadExactlyAsync(buffer.AsMemory(0, length));
                switch (head[0])
                {
                    case StdoutFrame:
                        await stdout.WriteAsync(buffer.AsMemory(0, length));
                        await stdout.FlushAsync();
                        break;
                    case StderrFrame:
                        await stderr.WriteAsync(buffer.AsMemory(0, length));
                        break;
                    case ExitFrame:
                        return BinaryPrimitives.ReadInt32BigEndian(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            return 128;
        }
    }
}

/// <summary>The helper's one line to the server.</summary>
/// <param name="Op"><c>keys</c> or <c>git</c>.</param>
/// <param name="KeyId">The SSH user name: the key id sshd asks about, or the one the forced command was written for.</param>
/// <param name="Command"><c>SSH_ORIGINAL_COMMAND</c>: what the client asked to run; null for a shell.</param>
/// <param name="Protocol"><c>GIT_PROTOCOL</c>, the only variable sshd accepts from the client.</param>
/// <param name="Connection"><c>SSH_CONNECTION</c>: client address and port, server address and port.</param>
internal sealed record SshRelayRequest(string Op, string KeyId, string? Command, string? Protocol, string? Connection);

/// <summary>Writes the server's side of a Git conversation as frames; git's output becomes a write-only stream.</summary>
internal sealed class SshFrameWriter(Stream socket) : Stream
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public Task WriteStderrAsync(string text, CancellationToken ct) => FrameAsync(SshRelay.StderrFrame, Encoding.UTF8.GetBytes(text + "\n"), ct);

    /// <summary>Bytes for the helper's stderr as they are (git's progress, with its carriage returns).</summary>
    public Task WriteStderrAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => FrameAsync(SshRelay.StderrFrame, bytes, ct);

    public Task WriteExitAsync(int code, CancellationToken ct)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, code);
        return FrameAsync(SshRelay.ExitFrame, payload, ct);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var chunk = buffer[..Math.Min(buffer.Length, 65536)];
            await FrameAsync(SshRelay.StdoutFrame, chunk, cancellationToken);
            buffer = buffer[chunk.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => socket.FlushAsync(cancellationToken);

    public override void Flush() => socket.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
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
            await socket.WriteAsync(head, ct);
            await socket.WriteAsync(payload, ct);
        }
        finally
        {
            _lock.Release();
        }
    }
}
