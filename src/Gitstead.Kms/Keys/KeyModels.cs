using Gitstead.Storage.Entities;

namespace Gitstead.Kms.Keys;

/// <summary>A key as DescribeKey shows it (botocore <c>KeyMetadata</c>).</summary>
public sealed record KeyMetadata(
    string KeyId,
    string Arn,
    string AccountId,
    DateTime CreationDate,
    string Description,
    string KeyUsage,
    string KeySpec,
    string KeyState,
    string KeyManager,
    DateTime? DeletionDate,
    int? PendingWindowInDays)
{
    public bool Enabled => KeyState == KeyStates.Enabled;

    internal static KeyMetadata Of(KmsKey key) => new(
        key.KeyId, KmsKeyArns.Of(key), key.AccountId, key.CreationDate, key.Description, key.KeyUsage, key.KeySpec,
        key.KeyState, key.KeyManager, key.KeyState == KeyStates.PendingDeletion ? key.DeletionDate : null,
        key.KeyState == KeyStates.PendingDeletion ? key.PendingWindowInDays : null);
}

/// <summary>CreateKey's parameters as the client sent them; <see cref="KeyService.CreateAsync"/> checks them.</summary>
public sealed record NewKey(
    string? Policy = null,
    string? Description = null,
    string? KeyUsage = null,
    string? KeySpec = null,
    string? CustomerMasterKeySpec = null,
    string? Origin = null,
    string? CustomKeyStoreId = null,
    string? XksKeyId = null,
    bool? MultiRegion = null,
    bool BypassPolicyLockoutSafetyCheck = false,
    IReadOnlyList<KeyValuePair<string, string>>? Tags = null);

/// <summary>ScheduleKeyDeletion's answer.</summary>
public sealed record ScheduledDeletion(string KeyArn, DateTime DeletionDate, int PendingWindowInDays);

/// <summary>GetKeyRotationStatus's answer.</summary>
public sealed record RotationStatus(string KeyArn, bool Enabled, int? PeriodInDays, DateTime? NextRotationDate);

/// <summary>One version of a key's material, as ListKeyRotations shows a rotation.</summary>
public sealed record KeyRotation(string KeyArn, int Version, DateTime RotationDate, string RotationType);
