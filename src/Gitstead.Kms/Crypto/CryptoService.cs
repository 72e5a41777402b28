using System.Security.Cryptography;
using Gitstead.Aws;
using Gitstead.Kms.Keys;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Crypto;

/// <summary>
/// The cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext),
/// GenerateRandom. Key material is read and unsealed per request and zeroed after use; the
/// encryption context is bound as associated data and offered to the policies as condition
/// keys. Only an enabled key encrypts or decrypts (DisabledException, KMSInvalidStateException).
/// </summary>
internal sealed class CryptoService(IGitsteadDb db, KeyAccess access, KeyMaterials materials, KeyLifecycle lifecycle)
{
    public const int MaxPlaintextBytes = 4096;
    public const int MaxCiphertextBytes = 6144;
    public const string Algorithm = "SYMMETRIC_DEFAULT";

    /// <summary>Encrypt: up to 4 KiB under the key's current material; <c>kms:Encrypt</c>.</summary>
    public async Task<(byte[] Ciphertext, string KeyArn)> EncryptAsync(
        KmsCall call, string? keyId, byte[]? plaintext, IReadOnlyDictionary<string, string>? context, string? algorithm, bool dryRun, CancellationToken ct)
    {
        var reference = KeyReference.Parse(call.Call, keyId);
        CheckPlaintext(plaintext, "plaintext");
        CheckAlgorithm(algorithm);
        await using var store = db.Create();
        var key = await access.FindAsync(store, call, reference, ct);
        await access.AuthorizeAsync(call, "kms:Encrypt", key, context, ct);
        KeyStates.RequireUsable(key);
        ThrowIfDryRun(dryRun);
        return (await SealAsync(store, key, plaintext!, context, ct), KmsKeyArns.Of(key));
    }

    /// <summary>
    /// Decrypt: the blob names its key and version. With a KeyId, that must be the same key
    /// (IncorrectKeyException); the context must be the one it was made with
    /// (InvalidCiphertextException); <c>kms:Decrypt</c> on the blob's key.
    /// </summary>
    public async Task<(byte[] Plaintext, string KeyArn)> DecryptAsync(
        KmsCall call, byte[]? ciphertext, string? keyId, IReadOnlyDictionary<string, string>? context, string? algorithm, bool dryRun, CancellationToken ct)
    {
        var expected = keyId is null ? (KeyReference?)null : KeyReference.Parse(call.Call, keyId);
        CheckAlgorithm(algorithm);
        await using var store = db.Create();
        var (key, version) = await BlobKeyAsync(store, call, ciphertext, expected, ct);
        await access.AuthorizeAsync(call, "kms:Decrypt", key, context, ct);
        KeyStates.RequireUsable(key);
        ThrowIfDryRun(dryRun);
        return (await OpenAsync(store, key, version, ciphertext!, context, ct), KmsKeyArns.Of(key));
    }

    /// <summary>
    /// Decrypt for a use that also needs <paramref name="alsoActions"/> on the same key (a service
    /// about to write under it asks for <c>kms:GenerateDataKey</c> too): the key read once, every
    /// action authorized in one evaluation. The refusals come in Decrypt's order: kms:Decrypt
    /// denied, then the key's state, then the further actions denied, then the ciphertext.
    /// </summary>
    public async Task<byte[]> DecryptForUseAsync(
        KmsCall call, byte[] ciphertext, string keyId, IReadOnlyDictionary<string, string>? context, IReadOnlyList<string> alsoActions, CancellationToken ct)
    {
        var expected = KeyReference.Parse(call.Call, keyId);
        await using var store = db.Create();
        var (key, version) = await BlobKeyAsync(store, call, ciphertext, expected, ct);
        var result = await access.AuthorizeAllAsync(call, ["kms:Decrypt", .. alsoActions], key, context, ct);
        if (!result.IsAllowed && result.RefusedAction is null)
        {
            throw new AccessDeniedException(call.Call.Caller, "kms:Decrypt", KmsKeyArns.Of(key), result);
        }

        KeyStates.RequireUsable(key);
        if (!result.IsAllowed)
        {
            throw new AccessDeniedException(call.Call.Caller, result.RefusedAction!, KmsKeyArns.Of(key), result);
        }

        return await OpenAsync(store, key, version, ciphertext, context, ct);
    }

    /// <summary>
    /// ReEncrypt: decrypts under the source key (<c>kms:ReEncryptFrom</c>) and encrypts under the
    /// destination (<c>kms:ReEncryptTo</c>), the plaintext never leaving the server.
    /// </summary>
    public async Task<(byte[] Ciphertext, string SourceArn, string DestinationArn)> ReEncryptAsync(
        KmsCall call, byte[]? ciphertext, string? sourceKeyId, IReadOnlyDictionary<string, string>? sourceContext,
        string? destinationKeyId, IReadOnlyDictionary<string, string>? destinationContext, string? sourceAlgorithm, string? destinationAlgorithm,
        bool dryRun, CancellationToken ct)
    {
        var expected = sourceKeyId is null ? (KeyReference?)null : KeyReference.Parse(call.Call, sourceKeyId, "sourceKeyId");
        var destination = KeyReference.Parse(call.Call, destinationKeyId, "destinationKeyId");
        CheckAlgorithm(sourceAlgorithm);
        CheckAlgorithm(destinationAlgorithm);
        await using var store = db.Create();
        var (source, version) = await BlobKeyAsync(store, call, ciphertext, expected, ct);
        await access.AuthorizeAsync(call, "kms:ReEncryptFrom", source, sourceContext, ct);
        var target = await access.FindAsync(store, call, destination, ct);
        await access.AuthorizeAsync(call, "kms:ReEncryptTo", target, destinationContext, ct);
        KeyStates.RequireUsable(source);
        KeyStates.RequireUsable(target);
        ThrowIfDryRun(dryRun);
        var plaintext = await OpenAsync(store, source, version, ciphertext!, sourceContext, ct);
        try
        {
            return (await SealAsync(store, target, plaintext, destinationContext, ct), KmsKeyArns.Of(source), KmsKeyArns.Of(target));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// GenerateDataKey / GenerateDataKeyWithoutPlaintext: random bytes (AES_256: 32, AES_128: 16,
    /// or NumberOfBytes) and their encryption under the key; <c>kms:GenerateDataKey[WithoutPlaintext]</c>.
    /// </summary>
    public async Task<(byte[] Plaintext, byte[] Ciphertext, string KeyArn)> GenerateDataKeyAsync(
        KmsCall call, string action, string? keyId, IReadOnlyDictionary<string, string>? context, string? keySpec, int? numberOfBytes, bool dryRun, CancellationToken ct)
    {
        var reference = KeyReference.Parse(call.Call, keyId);
        var size = DataKeySize(keySpec, numberOfBytes);
        await using var store = db.Create();
        var key = await access.FindAsync(store, call, reference, ct);
        await access.AuthorizeAsync(call, action, key, context, ct);
        KeyStates.RequireUsable(key);
        ThrowIfDryRun(dryRun);
        var plaintext = RandomNumberGenerator.GetBytes(size);
        return (plaintext, await SealAsync(store, key, plaintext, context, ct), KmsKeyArns.Of(key));
    }

    /// <summary>GenerateRandom: <c>kms:GenerateRandom</c> on <c>*</c>; 1 to 1024 bytes.</summary>
    public async Task<byte[]> GenerateRandomAsync(KmsCall call, int? numberOfBytes, string? customKeyStoreId, bool hasRecipient, CancellationToken ct)
    {
        if (customKeyStoreId is not null || hasRecipient)
        {
            throw KmsErrors.Unsupported("Custom key stores and Nitro Enclaves recipients are not supported.");
        }

        var size = numberOfBytes ?? throw KmsErrors.Required("numberOfBytes");
        CheckNumberOfBytes(size);
        await access.AuthorizeIdentityAsync(call, "kms:GenerateRandom", "*", null, ct);
        return RandomNumberGenerator.GetBytes(size);
    }

    /// <summary>Encrypts under the key's current material (rotating first when rotation is due).</summary>
    public async Task<byte[]> SealAsync(GitsteadDbContext context, KmsKey key, byte[] plaintext, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken ct)
    {
        var current = await lifecycle.RotateIfDueAsync(key, ct);
        var material = await context.KmsKeyMaterials.AsNoTracking()
            .FirstAsync(m => m.KeyKey == current.Key && m.Version == current.CurrentVersion, ct);
        var secret = materials.Open(KmsKeyArns.Of(current), material);
        try
        {
            return Ciphertext.Seal(Guid.Parse(current.KeyId), material.Version, secret, plaintext, encryptionContext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Opens a blob of <paramref name="key"/> with the material version it names.</summary>
    public async Task<byte[]> OpenAsync(GitsteadDbContext context, KmsKey key, int version, byte[] blob, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken ct)
    {
        var material = await context.KmsKeyMaterials.AsNoTracking().FirstOrDefaultAsync(m => m.KeyKey == key.Key && m.Version == version, ct)
            ?? throw KmsErrors.InvalidCiphertext();
        var secret = materials.Open(KmsKeyArns.Of(key), material);
        try
        {
            return Ciphertext.TryOpen(blob, secret, encryptionContext, out var plaintext) ? plaintext : throw KmsErrors.InvalidCiphertext();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// The key a blob names (in the caller's account and region) and its material version; with
    /// an expected key, IncorrectKeyException when the blob was made under another.
    /// </summary>
    public async Task<(KmsKey Key, int Version)> BlobKeyAsync(GitsteadDbContext context, KmsCall call, byte[]? blob, KeyReference? expected, CancellationToken ct)
    {
        if (blob is null || blob.Length == 0)
        {
            throw KmsErrors.Required("ciphertextBlob");
        }

        if (blob.Length > MaxCiphertextBytes)
        {
            throw KmsErrors.Constraint("ciphertextBlob", $"Member must have length less than or equal to {MaxCiphertextBytes}");
        }

        if (!Ciphertext.TryReadHeader(blob, out var keyGuid, out var version))
        {
            throw KmsErrors.InvalidCiphertext();
        }

        var named = new KeyReference(KeyReferenceKind.KeyId, keyGuid.ToString("D"), keyGuid.ToString("D"));
        if (expected is { } wanted)
        {
            var expectedKey = await access.FindAsync(context, call, wanted, ct);
            return expectedKey.KeyId == named.Value ? (expectedKey, version) : throw KmsErrors.IncorrectKey();
        }

        return (await access.FindAsync(context, call, named, ct), version);
    }

    private static int DataKeySize(string? keySpec, int? numberOfBytes)
    {
        if ((keySpec is null) == (numberOfBytes is null))
        {
            throw KmsErrors.Validation("Please specify either number of bytes or key spec.");
        }

        if (numberOfBytes is { } n)
        {
            CheckNumberOfBytes(n);
            return n;
        }

        return keySpec switch
        {
            "AES_256" => 32,
            "AES_128" => 16,
            _ => throw KmsErrors.Constraint("keySpec", "Member must satisfy enum value set: [AES_256, AES_128]", keySpec),
        };
    }

    private static void CheckNumberOfBytes(int n)
    {
        if (n is < 1 or > 1024)
        {
            throw KmsErrors.Constraint("numberOfBytes",
                n < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1024",
                n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void CheckPlaintext(byte[]? plaintext, string member)
    {
        if (plaintext is null || plaintext.Length == 0)
        {
            throw KmsErrors.Constraint(member, "Member must have length greater than or equal to 1");
        }

        if (plaintext.Length > MaxPlaintextBytes)
        {
            throw KmsErrors.Constraint(member, $"Member must have length less than or equal to {MaxPlaintextBytes}");
        }
    }

    /// <summary>The RSA and SM2 algorithms need asymmetric keys, which this KMS does not make.</summary>
    private static void CheckAlgorithm(string? algorithm)
    {
        if (algorithm is not null && algorithm != Algorithm)
        {
            throw KmsErrors.InvalidKeyUsage($"The encryption algorithm {algorithm} is not compatible with the key spec SYMMETRIC_DEFAULT.");
        }
    }

    private static void ThrowIfDryRun(bool dryRun)
    {
        if (dryRun)
        {
            throw KmsErrors.DryRun();
        }
    }
}
