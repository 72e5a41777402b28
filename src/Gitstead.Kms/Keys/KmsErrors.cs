using Gitstead.Aws;

namespace Gitstead.Kms.Keys;

/// <summary>
/// KMS's modelled errors (botocore <c>kms/2014-11-01</c>): the wire code is the exception shape
/// name, every one a 400. Messages are AWS's where they are known from real responses.
/// </summary>
internal static class KmsErrors
{
    public static AwsServiceException Error(string code, string message) => new(code, message, 400);

    /// <summary>A key id, key ARN or alias that names no key of the caller's account and region.</summary>
    public static AwsServiceException KeyNotFound(string keyArn) => Error("NotFoundException", $"Key '{keyArn}' does not exist");

    public static AwsServiceException AliasNotFound(string aliasArn) => Error("NotFoundException", $"Alias {aliasArn} is not found.");

    /// <summary>A KeyId that is no key id, ARN or alias at all.</summary>
    public static AwsServiceException InvalidKeyId(string keyId) => Error("NotFoundException", $"Invalid keyId {keyId}");

    /// <summary>An alias ARN where the operation takes only a key id or key ARN.</summary>
    public static AwsServiceException AliasesNotSupported() => Error("InvalidArnException", "Key Aliases are not supported for this operation");

    public static AwsServiceException InvalidArn(string arn) => Error("InvalidArnException", $"{arn} is not a valid ARN");

    public static AwsServiceException Disabled(string keyArn) => Error("DisabledException", $"{keyArn} is disabled.");

    public static AwsServiceException PendingDeletion(string keyArn) => Error("KMSInvalidStateException", $"{keyArn} is pending deletion.");

    public static AwsServiceException NotPendingDeletion(string keyArn) => Error("KMSInvalidStateException", $"{keyArn} is not pending deletion.");

    /// <summary>AWS answers a ciphertext it cannot open with no message at all.</summary>
    public static AwsServiceException InvalidCiphertext() => Error("InvalidCiphertextException", "");

    public static AwsServiceException IncorrectKey() =>
        Error("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");

    public static AwsServiceException InvalidKeyUsage(string message) => Error("InvalidKeyUsageException", message);

    public static AwsServiceException AliasExists(string aliasArn) => Error("AlreadyExistsException", $"An alias with the name {aliasArn} already exists");

    public static AwsServiceException InvalidAliasName(string aliasName) =>
        Error("InvalidAliasNameException", $"Alias name {aliasName} is not valid. An alias name can contain only alphanumeric characters, forward slashes (/), underscores (_), and dashes (-).");

    public static AwsServiceException AliasPrefixMissing() =>
        Error("ValidationException", "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");

    public static AwsServiceException AliasTargetIsAlias() => Error("ValidationException", "Aliases must refer to keys. Not aliases");

    /// <summary>
    /// <c>alias/aws/</c> belongs to AWS managed keys. AWS refuses it with this code and no
    /// message; the code is not in the botocore model, so clients raise a plain ClientError.
    /// </summary>
    public static AwsServiceException ReservedAlias() => Error("NotAuthorizedException", "");

    public static AwsServiceException MalformedPolicy(string message) => Error("MalformedPolicyDocumentException", message);

    public static AwsServiceException PolicyLockout() =>
        MalformedPolicy("The new key policy will not allow you to update the key policy in the future.");

    public static AwsServiceException NoSuchPolicy() => Error("NotFoundException", "No such policy exists");

    public static AwsServiceException Unsupported(string message) => Error("UnsupportedOperationException", message);

    public static AwsServiceException Tag(string message) => Error("TagException", message);

    public static AwsServiceException Limit(string message) => Error("LimitExceededException", message);

    public static AwsServiceException InvalidMarker() => Error("InvalidMarkerException", "Invalid marker");

    public static AwsServiceException DryRun() => Error("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");

    public static AwsServiceException Validation(string message) => Error("ValidationException", message);

    /// <summary>AWS's wording for one member that breaks a model constraint.</summary>
    public static AwsServiceException Constraint(string member, string constraint, string? value = null) =>
        Validation(value is null
            ? $"1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"
            : $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    /// <summary>A required member that is missing (botocore checks this before sending; other clients may not).</summary>
    public static AwsServiceException Required(string member) =>
        Constraint(member, "Member must not be null");
}
