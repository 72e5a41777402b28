using Gitstead.Aws;

namespace Gitstead.Iam.Common;

/// <summary>IAM's modelled errors with their wire codes (the model's <c>error.code</c>, not the shape name).</summary>
internal static class IamErrors
{
    public static AwsServiceException NoSuchEntity(string message) => new("NoSuchEntity", message, 404);

    public static AwsServiceException NoSuchUser(string userName) => NoSuchEntity($"The user with name {userName} cannot be found.");

    public static AwsServiceException EntityAlreadyExists(string message) => new("EntityAlreadyExists", message, 409);

    public static AwsServiceException DeleteConflict(string message) => new("DeleteConflict", message, 409);

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceeded", message, 409);

    public static AwsServiceException InvalidInput(string message) => new("InvalidInput", message, 400);

    public static AwsServiceException NotSupportedService(string message) => new("NotSupportedService", message, 404);

    public static AwsServiceException PasswordPolicyViolation(string message) => new("PasswordPolicyViolation", message, 400);

    public static AwsServiceException InvalidPublicKey(string message) => new("InvalidPublicKey", message, 400);

    public static AwsServiceException DuplicateSshPublicKey(string message) => new("DuplicateSSHPublicKey", message, 400);

    public static AwsServiceException UnrecognizedPublicKeyEncoding(string message) => new("UnrecognizedPublicKeyEncoding", message, 400);

    public static AwsServiceException EntityTemporarilyUnmodifiable(string message) => new("EntityTemporarilyUnmodifiable", message, 409);

    public static AwsServiceException InvalidUserType(string message) => new("InvalidUserType", message, 400);

    public static AwsServiceException MalformedPolicyDocument(string message) => new("MalformedPolicyDocument", message, 400);
}
