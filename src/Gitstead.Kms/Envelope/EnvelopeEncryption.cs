using System.Security.Cryptography;
using System.Text;

namespace Gitstead.Kms.Envelope;

/// <summary>
/// Envelope encryption for secrets that must be recoverable (secret access keys): each secret
/// gets a fresh data key; the secret is sealed with AES-256-GCM under the data key, and the
/// data key under the current root key of the <see cref="RootKeyRing"/>. Layout:
/// <c>version(1) | rootKeyId(8) | wrapNonce(12) | wrappedKey(32) | wrapTag(16) | nonce(12) | tag(16) | ciphertext</c>.
/// A root key rotation changes only the first 69 bytes (<see cref="Rewrap"/>).
/// </summary>
public sealed class EnvelopeEncryption(ServerKeys keys)
{
    private const byte Version = 1;
    private const int IdSize = 8;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeySize = 32;
    private const int WrapOffset = 1 + IdSize;
    private const int SealOffset = WrapOffset + NonceSize + KeySize + TagSize;
    private const int HeaderSize = SealOffset + NonceSize + TagSize;

    public byte[] Encrypt(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return Seal(plain, Encoding.UTF8.GetBytes(context));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private byte[] Seal(ReadOnlySpan<byte> plain, byte[] aad)
    {
        var blob = new byte[HeaderSize + plain.Length];
        var span = blob.AsSpan();
        span[0] = Version;

        Span<byte> dataKey = stackalloc byte[KeySize];
        RandomNumberGenerator.Fill(dataKey);
        Wrap(keys.Ring.Current, dataKey, aad, span);

        var nonce = span.Slice(SealOffset, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var seal = new AesGcm(dataKey, TagSize))
        {
            seal.Encrypt(nonce, plain, span[HeaderSize..], span.Slice(SealOffset + NonceSize, TagSize), aad);
        }

        CryptographicOperations.ZeroMemory(dataKey);
        return blob;
    }

    /// <summary>Decrypts a blob sealed by <see cref="Encrypt"/> with the same context, under any root key of the ring.</summary>
    /// <exception cref="CryptographicException">The blob is damaged, the context differs, or its root key is not in the ring.</exception>
    public string Decrypt(byte[] blob, string context)
    {
        var plain = Open(blob, context);
        try
        {
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The id of the root key a blob names; null when it is not an envelope.</summary>
    public static string? RootKeyIdOf(byte[] blob) =>
        blob.Length >= HeaderSize && blob[0] == Version ? Convert.ToHexStringLower(blob.AsSpan(1, IdSize)) : null;

    /// <summary>
    /// The same secret wrapped under the current root key: a fresh wrap of the same data key,
    /// with the sealed part (nonce, tag, ciphertext) unchanged. The blob is opened in full first,
    /// so a damaged blob or a wrong context throws rather than being re-wrapped. Null when the
    /// blob already names the current key.
    /// </summary>
    /// <exception cref="CryptographicException">The blob is damaged, the context differs, or its root key is not in the ring.</exception>
    public byte[]? Rewrap(byte[] blob, string context)
    {
        var current = keys.Ring.Current;
        if (RootKeyIdOf(blob) == current.Id)
        {
            return null;
        }

        var aad = Encoding.UTF8.GetBytes(context);
        Span<byte> dataKey = stackalloc byte[KeySize];
        try
        {
            UnwrapAndCheck(blob, aad, dataKey);
            var rewrapped = (byte[])blob.Clone();
            Wrap(current, dataKey, aad, rewrapped);
            return rewrapped;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>True when the blob opens with this context under a key of the ring (the plaintext is discarded).</summary>
    public bool CanOpen(byte[] blob, string context)
    {
        try
        {
            CryptographicOperations.ZeroMemory(Open(blob, context));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private byte[] Open(byte[] blob, string context)
    {
        var aad = Encoding.UTF8.GetBytes(context);
        Span<byte> dataKey = stackalloc byte[KeySize];
        try
        {
            UnwrapDataKey(blob, aad, dataKey);
            var plain = new byte[blob.Length - HeaderSize];
            OpenSealed(blob, aad, dataKey, plain);
            return plain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private void UnwrapAndCheck(byte[] blob, byte[] aad, Span<byte> dataKey)
    {
        UnwrapDataKey(blob, aad, dataKey);
        var plain = new byte[blob.Length - HeaderSize];
        try
        {
            OpenSealed(blob, aad, dataKey, plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private void UnwrapDataKey(byte[] blob, byte[] aad, Span<byte> dataKey)
    {
        var id = RootKeyIdOf(blob) ?? throw new CryptographicException("Unknown envelope format.");
        var root = keys.Ring.Find(id) ?? throw new CryptographicException("The secret was sealed under a root key that is not in the ring.");
        var span = blob.AsSpan();
        using var wrap = new AesGcm(root.Material, TagSize);
        wrap.Decrypt(span.Slice(WrapOffset, NonceSize), span.Slice(WrapOffset + NonceSize, KeySize), span.Slice(WrapOffset + NonceSize + KeySize, TagSize), dataKey, aad);
    }

    private static void OpenSealed(byte[] blob, byte[] aad, ReadOnlySpan<byte> dataKey, Span<byte> plain)
    {
        var span = blob.AsSpan();
        using var open = new AesGcm(dataKey, TagSize);
        open.Decrypt(span.Slice(SealOffset, NonceSize), span[HeaderSize..], span.Slice(SealOffset + NonceSize, TagSize), plain, aad);
    }

    /// <summary>Writes the root key id and a fresh wrap of <paramref name="dataKey"/> into the blob's header.</summary>
    private static void Wrap(RootKey root, ReadOnlySpan<byte> dataKey, byte[] aad, Span<byte> blob)
    {
        Convert.FromHexString(root.Id).CopyTo(blob.Slice(1, IdSize));
        var wrapNonce = blob.Slice(WrapOffset, NonceSize);
        RandomNumberGenerator.Fill(wrapNonce);
        using var wrap = new AesGcm(root.Material, TagSize);
        wrap.Encrypt(wrapNonce, dataKey, blob.Slice(WrapOffset + NonceSize, KeySize), blob.Slice(WrapOffset + NonceSize + KeySize, TagSize), aad);
    }

    /// <summary>
    /// Seals bytes (KMS key material) exactly as <see cref="Encrypt"/> seals text: same layout,
    /// same root key ring, so whatever re-wraps one re-wraps the other.
    /// </summary>
    public byte[] EncryptBytes(ReadOnlySpan<byte> plaintext, string context) => Seal(plaintext, Encoding.UTF8.GetBytes(context));

    /// <summary>Opens a blob sealed by <see cref="EncryptBytes"/> with the same context, under any root key of the ring; the caller zeroes the result.</summary>
    /// <exception cref="CryptographicException">The blob is damaged, the context differs, or its root key is not in the ring.</exception>
    public byte[] DecryptBytes(byte[] blob, string context) => Open(blob, context);
}
