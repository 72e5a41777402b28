using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>A server started on an empty data directory bootstraps an account and serves HTTPS.</summary>
public abstract class FirstStartTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task Healthz_AnswersOverHttpsTrustedThroughTheCaBundleOnly()
    {
        using var response = await server.Http.GetAsync("/healthz");

        Assert.Equal("https", server.Endpoint.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_IsUntrustedWithoutTheCaBundle()
    {
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(server.Endpoint, "/healthz")));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public void CaBundle_IsACertificateAuthority()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(server.CaBundlePath);

        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(ca.NotAfter > DateTime.Now.AddDays(30), $"CA expires {ca.NotAfter:O}");
    }

    [Fact]
    public void InitialCredentials_AreReadableByTheOwnerOnly()
    {
        var mode = File.GetUnixFileMode(server.InitialCredentialsPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void InitialCredentials_HoldARootAccessKeyAndConsolePassword()
    {
        var initial = server.Initial;

        Assert.Matches("^[0-9]{12}$", initial.AccountId);
        Assert.Matches("^AKIA[A-Z0-9]{16}$", initial.AccessKeyId);
        Assert.Equal(40, initial.SecretAccessKey.Length);
        Assert.Contains('@', initial.RootEmail);
        Assert.True(initial.RootPassword.Length >= 12, "root password shorter than 12 characters");
    }
}

public sealed class FirstStartOnSqlite(SqliteServer server) : FirstStartTests<SqliteServer>(server);

public sealed class FirstStartOnPostgres(PostgresServer server) : FirstStartTests<PostgresServer>(server);
