using System.Security.Cryptography;
using System.Text;

namespace Gitstead.Kms.Envelope;

/// <summary>
/// Envelope encryption for secrets that must be recoverable (secret access keys): each secret
/// gets a fresh data key; the secret is sealed with AES-256-GCM under the data key, and the
/// data key under the root key. Layout:
/// <c>version(1) | rootKeyId(8) | wrapNonce(12) | wrappedKey(32) | wrapTag(16) | nonce(12) | tag(16) | ciphertext</c>.
/// </summary>
public sealed class EnvelopeEncryption(ServerKeys keys)
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeySize = 32;
    private const int HeaderSize = 1 + 8 + NonceSize + KeySize + TagSize + NonceSize + TagSize;

    public byte[] Encrypt(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var aad = Encoding.UTF8.GetBytes(context);
        var blob = new byte[HeaderSize + plain.Length];
        var span = blob.AsSpan();
        span[0] = Version;
        Convert.FromHexString(keys.RootKeyId).CopyTo(span[1..9]);

        Span<byte> dataKey = stackalloc byte[KeySize];
        RandomNumberGenerator.Fill(dataKey);
        var wrapNonce = span.Slice(9, NonceSize);
        RandomNumberGenerator.Fill(wrapNonce);
        using (var wrap = new AesGcm(keys.RootKey, TagSize))
        {
            wrap.Encrypt(wrapNonce, dataKey, span.Slice(9 + NonceSize, KeySize), span.Slice(9 + NonceSize + KeySize, TagSize), aad);
        }

        var offset = 9 + NonceSize + KeySize + TagSize;
        var nonce = span.Slice(offset, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var seal = new AesGcm(dataKey, TagSize))
        {
            seal.Encrypt(nonce, plain, span[HeaderSize..], span.Slice(offset + NonceSize, TagSize), aad);
        }

        CryptographicOperations.ZeroMemory(dataKey);
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    /// <summary>Decrypts a blob sealed by <see cref="Encrypt"/> with the same context.</summary>
    /// <exception cref="CryptographicException">The blob is damaged, the context differs, or the root key is another.</exception>
    public string Decrypt(byte[] blob, string context)
    {
        if (blob.Length < HeaderSize || blob[0] != Version)
        {
            throw new CryptographicException("Unknown envelope format.");
        }

        var span = blob.AsSpan();
        if (Convert.ToHexStringLower(span[1..9]) != keys.RootKeyId)
        {
            throw new CryptographicException("The secret was sealed under another root key.");
        }

        var aad = Encoding.UTF8.GetBytes(context);
        Span<byte> dataKey = stackalloc byte[KeySize];
        using (var wrap = new AesGcm(keys.RootKey, TagSize))
        {
            wrap.Decrypt(span.Slice(9, NonceSize), span.Slice(9 + NonceSize, KeySize), span.Slice(9 + NonceSize + KeySize, TagSize), dataKey, aad);
        }

        var offset = 9 + NonceSize + KeySize + TagSize;
        var plain = new byte[blob.Length - HeaderSize];
        using (var open = new AesGcm(dataKey, TagSize))
        {
            open.Decrypt(span.Slice(offset, NonceSize), span[HeaderSize..], span.Slice(offset + NonceSize, TagSize), plain, aad);
        }

        CryptographicOperations.ZeroMemory(dataKey);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// Seals bytes (KMS key material) exactly as <see cref="Encrypt"/> seals text: same layout,
    /// same root key, so whatever re-wraps one re-wraps the other.
    /// </summary>
    public byte[] EncryptBytes(ReadOnlySpan<byte> plaintext, string context)
    {
        var aad = Encoding.UTF8.GetBytes(context);
        var blob = new byte[HeaderSize + plaintext.Length];
        var span = blob.AsSpan();
        span[0] = Version;
        Convert.FromHexString(keys.RootKeyId).CopyTo(span[1..9]);

        Span<byte> dataKey = stackalloc byte[KeySize];
        RandomNumberGenerator.Fill(dataKey);
        var wrapNonce = span.Slice(9, NonceSize);
        RandomNumberGenerator.Fill(wrapNonce);
        using (var wrap = new AesGcm(keys.RootKey, TagSize))
        {
            wrap.Encrypt(wrapNonce, dataKey, span.Slice(9 + NonceSize, KeySize), span.Slice(9 + NonceSize + KeySize, TagSize), aad);
        }

        var offset = 9 + NonceSize + KeySize + TagSize;
        var nonce = span.Slice(offset, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var seal = new AesGcm(dataKey, TagSize))
        {
            seal.Encrypt(nonce, plaintext, span[HeaderSize..], span.Slice(offset + NonceSize, TagSize), aad);
        }

        CryptographicOperations.ZeroMemory(dataKey);
        return blob;
    }

    /// <summary>Opens a blob sealed by <see cref="EncryptBytes"/> with the same context; the caller zeroes the result.</summary>
    /// <exception cref="CryptographicException">The blob is damaged, the context differs, or the root key is another.</exception>
    public byte[] DecryptBytes(byte[] blob, string context)
    {
        if (blob.Length < HeaderSize || blob[0] != Version)
        {
            throw new CryptographicException("Unknown envelope format.");
        }

        var span = blob.AsSpan();
        if (Convert.ToHexStringLower(span[1..9]) != keys.RootKeyId)
        {
            throw new CryptographicException("The secret was sealed under another root key.");
        }

        var aad = Encoding.UTF8.GetBytes(context);
        Span<byte> dataKey = stackalloc byte[KeySize];
        using (var wrap = new AesGcm(keys.RootKey, TagSize))
        {
            wrap.Decrypt(span.Slice(9, NonceSize), span.Slice(9 + NonceSize, KeySize), span.Slice(9 + NonceSize + KeySize, TagSize), dataKey, aad);
        }

        var offset = 9 + NonceSize + KeySize + TagSize;
        var plain = new byte[blob.Length - HeaderSize];
        using (var open = new AesGcm(dataKey, TagSize))
        {
            open.Decrypt(span.Slice(offset, NonceSize), span[HeaderSize..], span.Slice(offset + NonceSize, TagSize), plain, aad);
        }

        CryptographicOperations.ZeroMemory(dataKey);
        return plain;
    }
}
