namespace Gitstead.Hosting;

/// <summary>TLS settings. Section <c>Tls</c>. Without files, a local CA issues the certificate.</summary>
public sealed class TlsOptions
{
    /// <summary>PEM certificate (chain) file; replaces the generated one.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }
}
