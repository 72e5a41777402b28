using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gitstead.Storage;

namespace Gitstead.Hosting;

/// <summary>
/// The local CA of a data directory: created on first start (<c>tls/ca.pem</c>, and the key
/// owner-only in <c>tls/ca.key</c>), then used to issue the server certificate in memory at
/// every start, for <c>localhost</c>, <c>*.localhost</c>, <c>git-codecommit.REGION.localhost</c>
/// and the loopback addresses. The CA is name-constrained (RFC 5280 §4.2.1.10) to exactly
/// those, so trusting it can never make a client accept it for any other site, even if its
/// key leaked.
/// </summary>
public sealed class LocalCertificateAuthority
{
    private LocalCertificateAuthority(string caPemPath, X509Certificate2 ca, bool created)
    {
        CaPemPath = caPemPath;
        Certificate = ca;
        Created = created;
    }

    private static readonly string[] SingleLabelHosts = ["gitstead", "git-codecommit", "codecommit", "iam", "sts", "kms", "console"];

    public string CaPemPath { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>True when this start created the CA.</summary>
    public bool Created { get; }

    public static LocalCertificateAuthority LoadOrCreate(DataDirectory dataDir)
    {
        dataDir.EnsureCreated();
        var pem = Path.Combine(dataDir.TlsDirectory, "ca.pem");
        var key = Path.Combine(dataDir.TlsDirectory, "ca.key");
        if (File.Exists(pem) && File.Exists(key))
        {
            return new LocalCertificateAuthority(pem, X509Certificate2.CreateFromPemFile(pem, key), created: false);
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Gitstead Local CA, O=Gitstead", ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(NameConstraints());
        var now = DateTimeOffset.UtcNow;
        var ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        // The key first, each file written whole under its name: a start killed in between
        // leaves no certificate without its key, and a reader never sees half a file.
        DataDirectory.WriteSecretFileAtomically(key, System.Text.Encoding.ASCII.GetBytes(ecdsa.ExportPkcs8PrivateKeyPem()), replace: true);
        DataDirectory.WriteSecretFileAtomically(pem, System.Text.Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"), replace: true);
        return new LocalCertificateAuthority(pem, ca, created: true);
    }

    /// <summary>OID of the X.509 name constraints extension.</summary>
    public const string NameConstraintsOid = "2.5.29.30";

    /// <summary>True when the CA carries name constraints (CAs made before they were added do not).</summary>
    public bool IsNameConstrained => Certificate.Extensions[NameConstraintsOid] is not null;

    /// <summary>
    /// Critical name constraints permitting only what <see cref="IssueServerCertificate"/>
    /// names: <c>localhost</c> and its subdomains, 127.0.0.0/8 and ::1.
    /// </summary>
    private static X509Extension NameConstraints()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // permittedSubtrees [0] GeneralSubtrees
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                using (writer.PushSequence())
                {
                    // dNSName [2] IA5String: "localhost" permits it and every name below it.
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, "localhost", new Asn1Tag(TagClass.ContextSpecific, 2));
                }

                using (writer.PushSequence())
                {
                    // iPAddress [7]: address then mask.
                    writer.WriteOctetString([127, 0, 0, 0, 255, 0, 0, 0], new Asn1Tag(TagClass.ContextSpecific, 7));
                }

                using (writer.PushSequence())
                {
                    byte[] range = [.. IPAddress.IPv6Loopback.GetAddressBytes(), .. Enumerable.Repeat((byte)0xFF, 16)];
                    writer.WriteOctetString(range, new Asn1Tag(TagClass.ContextSpecific, 7));
                }
            }
        }

        return new X509Extension(NameConstraintsOid, writer.Encode(), critical: true);
    }

    /// <summary>Issues a fresh server certificate (kept in memory only).</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> regions)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddDnsName("*.localhost");

        // TLS clients refuse a wildcard directly under a one-label name, so *.localhost alone
        // covers nothing: name the single-label hosts people use, and a wildcard per region.
        foreach (var host in SingleLabelHosts)
        {
            san.AddDnsName($"{host}.localhost");
        }

        foreach (var region in regions)
        {
            san.AddDnsName($"*.{region}.localhost");
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var notAfter = now.AddDays(397) < Certificate.NotAfter ? now.AddDays(397) : Certificate.NotAfter.ToUniversalTime();
        using var issued = request.Create(Certificate, now.AddDays(-1), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
