using Gitstead.Storage.Entities;

namespace Gitstead.Kms.Keys;

/// <summary>
/// Key states and the operations each refuses, as AWS's key state table has them
/// (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
/// </summary>
internal static class KeyStates
{
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
    public const string PendingDeletion = "PendingDeletion";

    public const string CustomerManaged = "CUSTOMER";
    public const string AwsManaged = "AWS";
    public const string SymmetricDefault = "SYMMETRIC_DEFAULT";
    public const string EncryptDecrypt = "ENCRYPT_DECRYPT";
    public const string AwsKms = "AWS_KMS";

    /// <summary>Cryptographic operations: only an enabled key; DisabledException or KMSInvalidStateException otherwise.</summary>
    public static void RequireUsable(KmsKey key)
    {
        switch (key.KeyState)
        {
            case Disabled:
                throw KmsErrors.Disabled(KmsKeyArns.Of(key));
            case PendingDeletion:
                throw KmsErrors.PendingDeletion(KmsKeyArns.Of(key));
        }
    }

    /// <summary>Management operations a key pending deletion refuses (EnableKey, DisableKey, tags, aliases, description).</summary>
    public static void RequireNotPendingDeletion(KmsKey key)
    {
        if (key.KeyState == PendingDeletion)
        {
            throw KmsErrors.PendingDeletion(KmsKeyArns.Of(key));
        }
    }
}

/// <summary>The ARN of a stored key.</summary>
internal static class KmsKeyArns
{
    public static string Of(KmsKey key) => Gitstead.Aws.Arns.KmsKey(key.Region, key.AccountId, key.KeyId);
}
