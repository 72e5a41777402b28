namespace Gitstead.Kms.Envelope;

/// <summary>
/// Contexts bound into every sealed or hashed secret, so a ciphertext or hash copied to
/// another row or used for another purpose does not verify.
/// </summary>
public static class SecretPurposes
{
    /// <summary>Envelope context of a long-term secret access key.</summary>
    public static string AccessKey(string accessKeyId) => $"access-key:{accessKeyId}";

    /// <summary>Envelope context of a session's secret access key.</summary>
    public static string SessionKey(string accessKeyId) => $"session-key:{accessKeyId}";

    /// <summary>Hash purpose of a service-specific credential password.</summary>
    public const string ServiceCredentialPassword = "service-credential-password";

    /// <summary>Hash purpose of a session token.</summary>
    public const string SessionToken = "session-token";
}
