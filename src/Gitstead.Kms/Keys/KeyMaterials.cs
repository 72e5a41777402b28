using System.Security.Cryptography;
using Gitstead.Kms.Envelope;
using Gitstead.Storage.Entities;

namespace Gitstead.Kms.Keys;

/// <summary>
/// Key material at rest: 32 random bytes per version, sealed with <see cref="EnvelopeEncryption"/>
/// under the server's root key and bound to the key ARN and version, so a sealed blob moved to
/// another key or version does not open. Callers zero what <see cref="Open"/> returns.
/// </summary>
internal sealed class KeyMaterials(EnvelopeEncryption envelope)
{
    public const int MaterialBytes = 32;

    public KmsKeyMaterial Create(string keyArn, int version, DateTime now, string? rotationType)
    {
        Span<byte> material = stackalloc byte[MaterialBytes];
        RandomNumberGenerator.Fill(material);
        try
        {
            return new KmsKeyMaterial
            {
                Version = version,
                SealedMaterial = envelope.EncryptBytes(material, Context(keyArn, version)),
                CreationDate = now,
                RotationType = rotationType,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    public byte[] Open(string keyArn, KmsKeyMaterial material) => envelope.DecryptBytes(material.SealedMaterial, Context(keyArn, material.Version));

    /// <summary>The envelope context of one version of a key's material.</summary>
    public static string Context(string keyArn, int version) => $"kms-key-material:{keyArn}:{version}";
}
