using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Gitstead.Kms.Crypto;

/// <summary>
/// A KMS ciphertext blob: it names its key and the key's material version, so Decrypt needs no
/// KeyId and ciphertext made before a rotation still opens. AES-256-GCM under that material,
/// with the header and the canonical encryption context as associated data, so neither the
/// key reference nor the context can be changed without the blob failing to open. Layout:
/// <c>format(1)=1 | keyId(16, UUID big-endian) | version(4, big-endian) | nonce(12) | tag(16) | ciphertext</c>.
/// </summary>
internal static class Ciphertext
{
    public const byte Format = 1;
    public const int HeaderSize = 1 + 16 + 4;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = HeaderSize + NonceSize + TagSize;

    /// <summary>Seals <paramref name="plaintext"/> under one version of a key's 32-byte material.</summary>
    public static byte[] Seal(Guid keyId, int version, ReadOnlySpan<byte> material, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        var blob = new byte[Overhead + plaintext.Length];
        var span = blob.AsSpan();
        span[0] = Format;
        keyId.TryWriteBytes(span.Slice(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(span.Slice(17, 4), version);
        var nonce = span.Slice(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(material, TagSize);
        aes.Encrypt(nonce, plaintext, span[Overhead..], span.Slice(HeaderSize + NonceSize, TagSize), Aad(span[..HeaderSize], context));
        return blob;
    }

    /// <summary>The key and version a blob names; false when it is not a blob of this format.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> blob, out Guid keyId, out int version)
    {
        keyId = Guid.Empty;
        version = 0;
        if (blob.Length < Overhead || blob[0] != Format)
        {
            return false;
        }

        keyId = new Guid(blob.Slice(1, 16), bigEndian: true);
        version = BinaryPrimitives.ReadInt32BigEndian(blob.Slice(17, 4));
        return version > 0;
    }

    /// <summary>Opens a blob with the material of the version it names; false when it does not authenticate.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> material, IReadOnlyDictionary<string, string>? context, [NotNullWhen(true)] out byte[]? plaintext)
    {
        plaintext = null;
        if (!TryReadHeader(blob, out _, out _))
        {
            return false;
        }

        var plain = new byte[blob.Length - Overhead];
        try
        {
            using var aes = new AesGcm(material, TagSize);
            aes.Decrypt(blob.Slice(HeaderSize, NonceSize), blob[Overhead..], blob.Slice(HeaderSize + NonceSize, TagSize), plain, Aad(blob[..HeaderSize], context));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = plain;
        return true;
    }

    private static byte[] Aad(ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string>? context)
    {
        var canonical = EncryptionContexts.Canonical(context);
        var aad = new byte[header.Length + canonical.Length];
        header.CopyTo(aad);
        canonical.CopyTo(aad.AsSpan(header.Length));
        return aad;
    }
}
