using System.Formats.Asn1;
using System.Security.Cryptography;
using Gitstead.Aws;
using Gitstead.Iam.Common;

namespace Gitstead.Iam.SshKeys;

/// <summary>
/// Parses the bodies <c>UploadSSHPublicKey</c> accepts: an OpenSSH <c>ssh-rsa</c> line or a
/// PEM RSA public key (SubjectPublicKeyInfo or PKCS #1), of at least 2048 bits. A body in no
/// known encoding, or of another key type, is <c>UnrecognizedPublicKeyEncoding</c>; a known
/// encoding with damaged content, or a short key, is <c>InvalidPublicKey</c>.
/// </summary>
internal static class SshPublicKeyParser
{
    public const int MinimumBits = 2048;

    /// <summary>OpenSSH's own ceiling for RSA moduli.</summary>
    public const int MaximumBits = 16384;

    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    public static SshRsaPublicKey Parse(string body)
    {
        var text = body.Trim();
        var key = text.StartsWith("-----BEGIN ", StringComparison.Ordinal) ? ParsePem(text) : ParseOpenSsh(text);
        CheckStrength(key);
        return key;
    }

    private static SshRsaPublicKey ParseOpenSsh(string text)
    {
        if (text.Contains('\n') || text.Contains('\r'))
        {
            throw Unrecognized();
        }

        var parts = text.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            throw Unrecognized();
        }

        if (parts[0] != SshRsaPublicKey.KeyType)
        {
            throw IamErrors.UnrecognizedPublicKeyEncoding($"Keys of type {parts[0]} are not supported; upload an ssh-rsa key.");
        }

        var blob = DecodeBase64(parts[1]);
        var comment = parts.Length == 3 ? parts[2].Trim() : null;
        return SshWire.ReadRsaBlob(blob, comment) ?? throw Invalid("The key data is not a valid ssh-rsa public key.");
    }

    private static SshRsaPublicKey ParsePem(string text)
    {
        if (!PemEncoding.TryFind(text, out var fields) || fields.Location.Start.Value != 0 || fields.Location.End.Value != text.Length)
        {
            throw Invalid("The PEM body is malformed.");
        }

        var label = text[fields.Label];
        if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw Invalid("This is a private key. Upload only the public key.");
        }

        var der = Convert.FromBase64String(text[fields.Base64Data]);
        return label switch
        {
            "PUBLIC KEY" => FromSubjectPublicKeyInfo(der),
            "RSA PUBLIC KEY" => FromRsa(rsa =>
            {
                rsa.ImportRSAPublicKey(der, out var read);
                return read == der.Length;
            }),
            _ => throw Unrecognized(),
        };
    }

    private static SshRsaPublicKey FromSubjectPublicKeyInfo(byte[] der)
    {
        string algorithm;
        try
        {
            var spki = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            algorithm = spki.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            throw Invalid("The PEM body is not a valid SubjectPublicKeyInfo.");
        }

        if (algorithm != RsaEncryptionOid)
        {
            throw IamErrors.UnrecognizedPublicKeyEncoding("Only RSA public keys are supported.");
        }

        return FromRsa(rsa =>
        {
            rsa.ImportSubjectPublicKeyInfo(der, out var read);
            return read == der.Length;
        });
    }

    private static SshRsaPublicKey FromRsa(Func<RSA, bool> import)
    {
        using var rsa = RSA.Create();
        try
        {
            if (!import(rsa))
            {
                throw Invalid("The PEM body has trailing data.");
            }

            var p = rsa.ExportParameters(includePrivateParameters: false);
            return new SshRsaPublicKey(SshWire.TrimLeadingZeros(p.Exponent!), SshWire.TrimLeadingZeros(p.Modulus!), null);
        }
        catch (CryptographicException)
        {
            throw Invalid("The PEM body is not a valid RSA public key.");
        }
    }

    private static void CheckStrength(SshRsaPublicKey key)
    {
        var bits = key.Bits;
        if (bits < MinimumBits)
        {
            throw Invalid($"The key is {bits} bits long; RSA keys must have at least {MinimumBits} bits.");
        }

        if (bits > MaximumBits || (key.Modulus[^1] & 1) == 0 || (key.Exponent[^1] & 1) == 0 || key.Exponent is [1] or [])
        {
            throw Invalid("The key data is not a valid RSA public key.");
        }
    }

    private static byte[] DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Invalid("The key data is not valid base64.");
        }
    }

    private static AwsServiceException Invalid(string detail) =>
        IamErrors.InvalidPublicKey($"The public key is malformed or otherwise invalid: {detail}");

    private static AwsServiceException Unrecognized() =>
        IamErrors.UnrecognizedPublicKeyEncoding("The public key encoding format is unsupported or unrecognized. Use the ssh-rsa format or PEM.");
}
