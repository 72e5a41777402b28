using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// One TLS connection to the server on which a test writes exactly the bytes it wants, when it
/// wants: what a slow or hostile client does and no HTTP client library would.
/// </summary>
public sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private Task<string> _answer;

    private RawConnection(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
    }

    public static async Task<RawConnection> OpenAsync(GitsteadServer server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");
        return new RawConnection(tcp, tls);
    }

    /// <summary>Everything the server sends until it closes the connection ("" if it closed it without a word).</summary>
    public Task<string> Answer => _answer ??= ReadToEndAsync();

    /// <summary>Whether the server has closed the connection (the answer is complete).</summary>
    public bool ClosedByServer => Answer.IsCompleted;

    public async Task SendAsync(string text) => await SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        _ = Answer;
        await _tls.WriteAsync(bytes);
        await _tls.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
        if (_answer is not null)
        {
            await _answer;
        }
    }

    private async Task<string> ReadToEndAsync()
    {
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _tls.ReadAsync(buffer)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // A reset is a close too.
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
