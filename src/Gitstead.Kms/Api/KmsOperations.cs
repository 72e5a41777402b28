using Gitstead.Aws;

namespace Gitstead.Kms.Api;

/// <summary>
/// The KMS operation table (JSON 1.1, <c>X-Amz-Target: TrentService.OP</c>, signing name
/// <c>kms</c>): every operation Gitstead serves and its handler.
/// </summary>
internal static class KmsOperations
{
    public static AwsServiceDefinition Create(KeyApi keys, KeySettingsApi settings, CryptoApi crypto, AliasApi aliases) =>
        AwsServiceDefinition.Json("kms", "2014-11-01", "TrentService", new Dictionary<string, AwsOperationHandler>
        {
            ["CreateKey"] = keys.CreateKeyAsync,
            ["DescribeKey"] = keys.DescribeKeyAsync,
            ["ListKeys"] = keys.ListKeysAsync,
            ["EnableKey"] = keys.EnableKeyAsync,
            ["DisableKey"] = keys.DisableKeyAsync,
            ["ScheduleKeyDeletion"] = keys.ScheduleKeyDeletionAsync,
            ["CancelKeyDeletion"] = keys.CancelKeyDeletionAsync,
            ["UpdateKeyDescription"] = keys.UpdateKeyDescriptionAsync,
            ["GetKeyPolicy"] = settings.GetKeyPolicyAsync,
            ["PutKeyPolicy"] = settings.PutKeyPolicyAsync,
            ["ListKeyPolicies"] = settings.ListKeyPoliciesAsync,
            ["EnableKeyRotation"] = settings.EnableKeyRotationAsync,
            ["DisableKeyRotation"] = settings.DisableKeyRotationAsync,
            ["GetKeyRotationStatus"] = settings.GetKeyRotationStatusAsync,
            ["RotateKeyOnDemand"] = settings.RotateKeyOnDemandAsync,
            ["ListKeyRotations"] = settings.ListKeyRotationsAsync,
            ["TagResource"] = settings.TagResourceAsync,
            ["UntagResource"] = settings.UntagResourceAsync,
            ["ListResourceTags"] = settings.ListResourceTagsAsync,
            ["Encrypt"] = crypto.EncryptAsync,
            ["Decrypt"] = crypto.DecryptAsync,
            ["ReEncrypt"] = crypto.ReEncryptAsync,
            ["GenerateDataKey"] = crypto.GenerateDataKeyAsync,
            ["GenerateDataKeyWithoutPlaintext"] = crypto.GenerateDataKeyWithoutPlaintextAsync,
            ["GenerateRandom"] = crypto.GenerateRandomAsync,
            ["CreateAlias"] = aliases.CreateAliasAsync,
            ["UpdateAlias"] = aliases.UpdateAliasAsync,
            ["DeleteAlias"] = aliases.DeleteAliasAsync,
            ["ListAliases"] = aliases.ListAliasesAsync,
        });
}
