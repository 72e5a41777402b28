using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text.Json;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// The two small programs sshd runs at every SSH connection, and the helper's side of the wire to
/// the running server: a Unix socket in the server's private runtime directory. The helper sends
/// one JSON line; for a Git request it then streams its standard input and reads frames back (a
/// kind byte, a 4-byte big-endian length, the bytes): standard output, standard error, and the
/// exit code that ends the conversation. The helpers decide nothing: the server answers which key
/// may log in, and authorizes and runs git.
/// </summary>
/// <remarks>
/// This file is compiled twice: into the server (the <c>gitstead ssh-keys</c> / <c>ssh-git</c>
/// verbs, the fallback) and into <c>gitstead-ssh</c>, the natively compiled helper sshd runs when
/// it is there, because a .NET start at every connection costs more than serving a small clone.
/// So it uses nothing but the base library, no reflection, and blocking calls (no thread pool to
/// start).
/// </remarks>
public static class SshRelayClient
{
    internal const byte StdoutFrame = 1;
    internal const byte StderrFrame = 2;
    internal const byte ExitFrame = 3;
    internal const int MaxFrameBytes = 65536;

    private const int Refused = 128;

    /// <summary>
    /// <c>AuthorizedKeysCommand</c>: prints the <c>authorized_keys</c> line for the key id, or
    /// nothing (sshd then refuses the login). Exit 0 either way, 1 when the server cannot be reached.
    /// </summary>
    public static int Keys(string socketPath, string keyId)
    {
        try
        {
            using var socket = Connect(socketPath);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            stream.Write(Header("keys", keyId, null, null, null));
            socket.Shutdown(SocketShutdown.Send);
            using var stdout = Console.OpenStandardOutput();
            stream.CopyTo(stdout);
            return 0;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            Console.Error.WriteLine("gitstead ssh-keys: the Gitstead server is not reachable.");
            return 1;
        }
    }

    /// <summary>
    /// The forced command of every key: hands <c>SSH_ORIGINAL_COMMAND</c> and <c>GIT_PROTOCOL</c>
    /// to the server and relays the conversation; its exit code is git's (or 128 when refused).
    /// </summary>
    public static int Git(string socketPath, string keyId)
    {
        Socket socket;
        try
        {
            socket = Connect(socketPath);
        }
        catch (SocketException)
        {
            Console.Error.WriteLine("Gitstead is not reachable over SSH right now; try again later.");
            return Refused;
        }

        using (socket)
        using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                stream.Write(Header(
                    "git",
                    keyId,
                    Environment.GetEnvironmentVariable("SSH_ORIGINAL_COMMAND"),
                    Environment.GetEnvironmentVariable("GIT_PROTOCOL"),
                    Environment.GetEnvironmentVariable("SSH_CONNECTION")));
            }
            catch (IOException)
            {
                return Refused;
            }

            // Standard input is copied on a thread of its own while this one reads the answer; a
            // background thread, so that a client that never closes its input does not keep the
            // helper alive once the server has ended the conversation.
            new Thread(() => PumpStdin(socket, stream)) { IsBackground = true, Name = "stdin" }.Start();
            return ReadFrames(stream);
        }
    }

    /// <summary>The helper's one line to the server: the fields of <c>SshRelayRequest</c> as a JSON object, then a newline.</summary>
    internal static byte[] Header(string op, string keyId, string? command, string? protocol, string? connection)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Op", op);
            json.WriteString("KeyId", keyId);
            json.WriteString("Command", command);
            json.WriteString("Protocol", protocol);
            json.WriteString("Connection", connection);
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static Socket Connect(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void PumpStdin(Socket socket, NetworkStream stream)
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            stdin.CopyTo(stream, MaxFrameBytes);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // the server ended the conversation first
        }
    }

    private static int ReadFrames(NetworkStream stream)
    {
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        Span<byte> head = stackalloc byte[5];
        var buffer = new byte[MaxFrameBytes];
        try
        {
            while (true)
            {
                stream.ReadExactly(head);
                var length = BinaryPrimitives.ReadInt32BigEndian(head[1..]);
                if (length < 0 || length > buffer.Length)
                {
                    return Refused;
                }

                stream.ReadExactly(buffer, 0, length);
                switch (head[0])
                {
                    case StdoutFrame:
                        stdout.Write(buffer, 0, length);
                        break;
                    case StderrFrame:
                        stderr.Write(buffer, 0, length);
                        break;
                    case ExitFrame when length == 4:
                        return BinaryPrimitives.ReadInt32BigEndian(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            return Refused;
        }
    }
}
