using Gitstead.Aws;

namespace Gitstead.Kms;

/// <summary>
/// KMS as another service uses it on a caller's behalf: same keys, states and authorization as
/// the API, with <c>kms:ViaService</c> = <c>{service}.{region}.amazonaws.com</c> and
/// <c>kms:CallerAccount</c> set.
/// </summary>
public interface IServiceKeyUse
{
    /// <summary>
    /// The AWS managed key <c>alias/aws/{service}</c> of the account in the region, created (key,
    /// alias, AWS's managed key policy) on first call, concurrently safe; no authorization (the
    /// service decides when).
    /// </summary>
    Task<ServiceKey> GetOrCreateAwsManagedKeyAsync(string accountId, string region, string service, CancellationToken ct);

    /// <summary>
    /// Resolves a key id, key ARN, alias name or alias ARN in the caller's account and region,
    /// authorizing <c>kms:DescribeKey</c> via the service. Throws KMS errors (NotFoundException, …)
    /// as <see cref="AwsServiceException"/>, <see cref="AccessDeniedException"/> when refused.
    /// </summary>
    Task<ServiceKey> DescribeAsync(CallContext call, string service, string keyId, CancellationToken ct);

    /// <summary>
    /// GenerateDataKey (AES_256) via the service: <c>kms:GenerateDataKey</c> authorized with the
    /// context's condition keys; key state enforced.
    /// </summary>
    Task<DataKey> GenerateDataKeyAsync(CallContext call, string service, string keyId, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken ct);

    /// <summary>
    /// Decrypt via the service: <c>kms:Decrypt</c> authorized; the blob must have been made under
    /// <paramref name="keyId"/> (else IncorrectKeyException) with the same context (else
    /// InvalidCiphertextException).
    /// </summary>
    Task<byte[]> DecryptAsync(CallContext call, string service, string keyId, ReadOnlyMemory<byte> ciphertextBlob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken ct);

    /// <summary>
    /// Decrypt as above for a caller about to write under the key: <c>kms:Decrypt</c> and
    /// <c>kms:GenerateDataKey</c> both required, decided together on one read of the key (no
    /// data key is made). AccessDeniedException names the first action refused.
    /// </summary>
    Task<byte[]> DecryptForWriteAsync(
        CallContext call, string service, string keyId, ReadOnlyMemory<byte> ciphertextBlob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken ct);
}

/// <summary>A key as a service sees it: <see cref="KeyState"/> <c>Enabled</c>/<c>Disabled</c>/<c>PendingDeletion</c>, <see cref="KeyManager"/> <c>AWS</c>/<c>CUSTOMER</c>.</summary>
public sealed record ServiceKey(string KeyId, string Arn, string KeyState, string KeyManager, string KeyUsage);

/// <summary>A data key: its plaintext (the caller zeroes it after use) and its encryption under <see cref="KeyArn"/>.</summary>
public sealed record DataKey(byte[] Plaintext, byte[] CiphertextBlob, string KeyArn);
