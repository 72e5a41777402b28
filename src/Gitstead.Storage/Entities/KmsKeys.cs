namespace Gitstead.Storage.Entities;

/// <summary>
/// A KMS key of an account in a region: its metadata, state and key policy. Its material lives
/// in <see cref="KmsKeyMaterial"/> rows, one per version, sealed under the server's root key.
/// </summary>
public sealed class KmsKey
{
    public long Key { get; set; }

    /// <summary>UUID v4; unique across accounts and regions.</summary>
    public required string KeyId { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    public string Description { get; set; } = "";

    /// <summary><c>CUSTOMER</c>, or <c>AWS</c> for a service's managed key (<c>alias/aws/SERVICE</c>).</summary>
    public required string KeyManager { get; set; }

    /// <summary><c>ENCRYPT_DECRYPT</c>: the only usage of a symmetric key.</summary>
    public required string KeyUsage { get; set; }

    /// <summary><c>SYMMETRIC_DEFAULT</c>.</summary>
    public required string KeySpec { get; set; }

    /// <summary><c>Enabled</c>, <c>Disabled</c> or <c>PendingDeletion</c>.</summary>
    public required string KeyState { get; set; }

    /// <summary>The key policy (named <c>default</c>), as given or as made at creation.</summary>
    public required string Policy { get; set; }

    public DateTime CreationDate { get; set; }

    /// <summary>When a key pending deletion is destroyed; null otherwise.</summary>
    public DateTime? DeletionDate { get; set; }

    public int? PendingWindowInDays { get; set; }

    /// <summary>Automatic rotation: a new material version each <see cref="RotationPeriodInDays"/>.</summary>
    public bool RotationEnabled { get; set; }

    public int? RotationPeriodInDays { get; set; }

    /// <summary>When automatic rotation next adds a version; null while rotation is off.</summary>
    public DateTime? NextRotationDate { get; set; }

    /// <summary>The material version new ciphertext is made with (the highest).</summary>
    public int CurrentVersion { get; set; }

    public List<KmsKeyMaterial> Materials { get; set; } = [];

    public List<KmsKeyTag> Tags { get; set; } = [];
}

/// <summary>
/// One version of a key's material: 32 random bytes, envelope-encrypted under the server's
/// root key (bound to the key ARN and version) and never stored in plaintext. Every sealed
/// blob is this one column, so re-wrapping under a new root key touches only this table.
/// </summary>
public sealed class KmsKeyMaterial
{
    public long KeyKey { get; set; }

    /// <summary>1 for the material made with the key, then one more per rotation.</summary>
    public int Version { get; set; }

    public required byte[] SealedMaterial { get; set; }

    public DateTime CreationDate { get; set; }

    /// <summary>null for the first version; <c>AUTOMATIC</c> or <c>ON_DEMAND</c> for a rotation.</summary>
    public string? RotationType { get; set; }
}

/// <summary>An alias (<c>alias/NAME</c>) of a key, unique per account and region.</summary>
public sealed class KmsAlias
{
    public long Key { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    /// <summary>With its <c>alias/</c> prefix; case-sensitive.</summary>
    public required string AliasName { get; set; }

    public long TargetKeyKey { get; set; }

    public DateTime CreationDate { get; set; }

    public DateTime LastUpdatedDate { get; set; }
}

public sealed class KmsKeyTag
{
    public long KeyKey { get; set; }

    public required string TagKey { get; set; }

    public required string TagValue { get; set; }
}
