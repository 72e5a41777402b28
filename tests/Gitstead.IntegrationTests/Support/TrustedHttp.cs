using System.Security.Cryptography.X509Certificates;

namespace Gitstead.IntegrationTests.Support;

/// <summary>HTTP clients that trust exactly one CA (the server's DATA_DIR/tls/ca.pem), with full validation.</summary>
public static class TrustedHttp
{
    public static HttpClient Create(string caBundlePath, Uri baseAddress = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caBundlePath);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        // The platform still checks the host name and validity; only the trust anchor changes.
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { ca },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }
}
