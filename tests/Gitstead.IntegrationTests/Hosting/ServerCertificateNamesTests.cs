using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>
/// The certificate issued by the local CA is valid for the host names clients use: the
/// regional Git host of every enabled region and the single-label service names under
/// <c>localhost</c>, checked by a client that resolves them to the server and validates fully.
/// </summary>
public abstract class ServerCertificateNamesTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("git-codecommit.us-east-1.localhost")]
    [InlineData("git-codecommit.eu-west-1.localhost")]
    [InlineData("iam.localhost")]
    [InlineData("git-codecommit.localhost")]
    public async Task Healthz_ByHostName_IsTrusted(string host)
    {
        using var client = ClientResolvingTo(server.Endpoint.Port);

        using var response = await client.GetAsync($"https://{host}:{server.Endpoint.Port}/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_ByUncoveredHostName_FailsValidation()
    {
        using var client = ClientResolvingTo(server.Endpoint.Port);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://other.localhost:{server.Endpoint.Port}/healthz"));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    private HttpClient ClientResolvingTo(int port)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { X509CertificateLoader.LoadCertificateFromFile(server.CaBundlePath) },
        };
        return new HttpClient(handler);
    }
}

public sealed class ServerCertificateNamesOnSqlite(SqliteServer server) : ServerCertificateNamesTests<SqliteServer>(server);
