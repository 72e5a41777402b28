namespace Gitstead.Policy;

/// <summary>Names of the global condition keys Gitstead populates (see <see cref="RequestContextBuilder"/>).</summary>
public static class GlobalConditionKeys
{
    public const string Username = "aws:username";
    public const string UserId = "aws:userid";
    public const string PrincipalArn = "aws:PrincipalArn";
    public const string PrincipalAccount = "aws:PrincipalAccount";
    public const string PrincipalType = "aws:PrincipalType";
    public const string PrincipalServiceName = "aws:PrincipalServiceName";
    public const string PrincipalTagPrefix = "aws:PrincipalTag/";
    public const string SourceIp = "aws:SourceIp";
    public const string SecureTransport = "aws:SecureTransport";
    public const string CurrentTime = "aws:CurrentTime";
    public const string EpochTime = "aws:EpochTime";
    public const string RequestedRegion = "aws:RequestedRegion";
    public const string MultiFactorAuthPresent = "aws:MultiFactorAuthPresent";
    public const string MultiFactorAuthAge = "aws:MultiFactorAuthAge";
    public const string TokenIssueTime = "aws:TokenIssueTime";
}

/// <summary>CodeCommit's service-specific condition keys.</summary>
public static class CodeCommitConditionKeys
{
    /// <summary>Multivalued: the full names of the refs a push or branch operation changes.</summary>
    public const string References = "codecommit:References";
}

/// <summary>
/// KMS's condition keys (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
/// They are ordinary request keys to the engine: KMS sets them, policies compare them.
/// </summary>
public static class KmsConditionKeys
{
    /// <summary>The account of the principal calling KMS, directly or through a service.</summary>
    public const string CallerAccount = "kms:CallerAccount";

    /// <summary><c>SERVICE.REGION.amazonaws.com</c>, only when a service calls KMS on the caller's behalf.</summary>
    public const string ViaService = "kms:ViaService";

    /// <summary>
    /// Prefix of <c>kms:EncryptionContext:KEY</c>, one key per pair of the request's encryption
    /// context; like every condition key name, matched without regard to case.
    /// </summary>
    public const string EncryptionContextPrefix = "kms:EncryptionContext:";

    /// <summary>Multivalued: the keys of the request's encryption context (absent when it has none).</summary>
    public const string EncryptionContextKeys = "kms:EncryptionContextKeys";

    public const string KeySpec = "kms:KeySpec";
    public const string KeyUsage = "kms:KeyUsage";
    public const string KeyOrigin = "kms:KeyOrigin";
    public const string BypassPolicyLockoutSafetyCheck = "kms:BypassPolicyLockoutSafetyCheck";
}
