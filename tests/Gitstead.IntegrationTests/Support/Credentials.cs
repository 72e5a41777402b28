using System.Text.Json.Serialization;

namespace Gitstead.IntegrationTests.Support;

/// <summary>An AWS key pair, with a session token for temporary credentials.</summary>
public sealed record Credentials(string AccessKeyId, string SecretAccessKey, string SessionToken = null)
{
    /// <summary>Never print the secret in test output.</summary>
    public override string ToString() => $"Credentials {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>DATA_DIR/initial-credentials.json as the first start writes it.</summary>
public sealed record InitialCredentials(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("secretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("rootEmail")] string RootEmail,
    [property: JsonPropertyName("rootPassword")] string RootPassword)
{
    public Credentials RootKey => new(AccessKeyId, SecretAccessKey);

    public override string ToString() => $"InitialCredentials {{ AccountId = {AccountId}, AccessKeyId = {AccessKeyId} }}";
}

/// <summary>HTTPS Git credentials (IAM service-specific credential for codecommit).</summary>
public sealed record GitCredentials(string ServiceSpecificCredentialId, string ServiceUserName, string ServicePassword)
{
    public override string ToString() => $"GitCredentials {{ ServiceUserName = {ServiceUserName} }}";
}
