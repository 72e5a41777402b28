using System.Security.Cryptography;
using Gitstead.Aws;
using Gitstead.Kms;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>What a request does with a repository's content, and so which KMS permissions it needs.</summary>
internal enum KeyUse
{
    /// <summary>Reads (clone, fetch, GetFile, GetCommit, …): <c>kms:Decrypt</c> of the repository's data key.</summary>
    Read,

    /// <summary>Writes (push, CreateBranch, …): <c>kms:Decrypt</c>, and <c>kms:GenerateDataKey</c> as for new content.</summary>
    Write,
}

/// <summary>A repository's key: the KMS key id it is encrypted under, and its data key as KMS encrypted it.</summary>
internal sealed record RepositoryKey(string KmsKeyId, byte[] DataKeyCiphertext);

/// <summary>
/// Every repository is encrypted under a KMS key, as on CodeCommit: the account's AWS managed key
/// <c>alias/aws/codecommit</c> (made with the first repository of the account in the region) or
/// the customer managed key named by <c>kmsKeyId</c>. Each repository has a data key from
/// GenerateDataKey, with the repository id as encryption context (<c>aws:codecommit:id</c>),
/// stored as KMS's ciphertext. Every request that reads or writes content asks KMS on the
/// caller's behalf (<c>kms:ViaService</c> codecommit) to decrypt it, so the caller's identity
/// policies, the key policy and the key's state decide on every request and on every node; the
/// plaintext is not kept. KMS's refusals become CodeCommit's Encryption* exceptions.
/// </summary>
internal sealed class RepositoryKeys(IServiceKeyUse kms, IGitsteadDb db)
{
    /// <summary>The service CodeCommit calls KMS as (<c>kms:ViaService</c> is <c>codecommit.REGION.amazonaws.com</c>).</summary>
    public const string Service = "codecommit";

    /// <summary>The encryption context key CodeCommit binds a repository's data key to.</summary>
    public const string ContextKey = "aws:codecommit:id";

    /// <summary>
    /// The key and data key of a new repository: under <paramref name="kmsKeyId"/> (key id, key
    /// ARN, alias name or alias ARN, resolved with <c>kms:DescribeKey</c>), or under the AWS
    /// managed key when none is named. Encryption* exceptions when KMS refuses.
    /// </summary>
    public async Task<RepositoryKey> NewAsync(CallContext call, string? kmsKeyId, string repositoryId, CancellationToken ct)
    {
        try
        {
            var key = kmsKeyId is null
                ? await kms.GetOrCreateAwsManagedKeyAsync(call.AccountId, call.Region, Service, ct)
                : await kms.DescribeAsync(call, Service, kmsKeyId, ct);
            if (key.KeyUsage != "ENCRYPT_DECRYPT")
            {
                throw Error("EncryptionKeyInvalidUsageException", $"The KMS key {key.Arn} cannot encrypt a repository: its key usage is {key.KeyUsage}.");
            }

            var dataKey = await kms.GenerateDataKeyAsync(call, Service, key.Arn, Context(repositoryId), ct);
            CryptographicOperations.ZeroMemory(dataKey.Plaintext);
            return new RepositoryKey(key.KeyId, dataKey.CiphertextBlob);
        }
        catch (Exception ex) when (Translate(ex, kmsKeyId ?? $"alias/aws/{Service}") is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// Asks KMS, as the caller, to decrypt the repository's data key (for a write, with
    /// <c>kms:GenerateDataKey</c> required too, in the same round: one key read, one policy
    /// evaluation); throws the Encryption* exception KMS's answer maps to. A repository made
    /// before KMS is first given a data key under the AWS managed key. Returns the key it opened.
    /// </summary>
    public async Task<RepositoryKey> OpenAsync(CallContext call, RepositoryInfo repository, KeyUse use, CancellationToken ct)
    {
        var (keyId, blob) = (repository.KmsKeyId, repository.DataKeyCiphertext);
        if (keyId is null || blob is null)
        {
            (keyId, blob) = await AssignAsync(call, repository, ct);
        }

        var arn = Arns.KmsKey(repository.Region, repository.AccountId, keyId);
        try
        {
            var plaintext = use == KeyUse.Write
                ? await kms.DecryptForWriteAsync(call, Service, arn, blob, Context(repository.RepositoryId), ct)
                : await kms.DecryptAsync(call, Service, arn, blob, Context(repository.RepositoryId), ct);
            CryptographicOperations.ZeroMemory(plaintext);
        }
        catch (Exception ex) when (Translate(ex, arn) is { } error)
        {
            throw error;
        }

        return new RepositoryKey(keyId, blob);
    }

    /// <summary>
    /// Replaces a repository's key (UpdateRepositoryEncryptionKey) if it is still
    /// <paramref name="expected"/>; false when another change came first.
    /// </summary>
    public async Task<bool> ReplaceAsync(long repositoryKey, byte[]? expected, RepositoryKey key, CancellationToken ct)
    {
        await using var context = db.Create();
        var updated = await context.Repositories
            .Where(r => r.Key == repositoryKey && r.DataKeyCiphertext == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.KmsKeyId, key.KmsKeyId).SetProperty(r => r.DataKeyCiphertext, key.DataKeyCiphertext), ct);
        return updated == 1;
    }

    /// <summary>The encryption context of a repository's data key.</summary>
    public static Dictionary<string, string> Context(string repositoryId) => new(StringComparer.Ordinal) { [ContextKey] = repositoryId };

    private async Task<(string KeyId, byte[] Blob)> AssignAsync(CallContext call, RepositoryInfo repository, CancellationToken ct)
    {
        var key = await NewAsync(call, null, repository.RepositoryId, ct);
        await ReplaceAsync(repository.Key, null, key, ct);
        await using var context = db.Create();
        var row = await context.Repositories.AsNoTracking()
            .Where(r => r.Key == repository.Key)
            .Select(r => new { r.KmsKeyId, r.DataKeyCiphertext })
            .FirstOrDefaultAsync(ct) ?? throw CodeCommitErrors.RepositoryDoesNotExist(repository.Name);
        return (row.KmsKeyId!, row.DataKeyCiphertext!);
    }

    /// <summary>KMS's refusal as the CodeCommit exception it becomes; null for anything else.</summary>
    internal static AwsServiceException? Translate(Exception ex, string key) => ex switch
    {
        AccessDeniedException denied => Error("EncryptionKeyAccessDeniedException", $"An encryption key could not be accessed: {denied.Message}"),
        AwsServiceException { Code: "DisabledException" } => Error("EncryptionKeyDisabledException", $"The encryption key is disabled: {key}"),
        AwsServiceException { Code: "KMSInvalidStateException" } kms => Error("EncryptionKeyUnavailableException", $"The encryption key is not available: {key}. {kms.Message}"),
        AwsServiceException { Code: "NotFoundException" } => Error("EncryptionKeyNotFoundException", $"No encryption key was found: {key}"),
        AwsServiceException { Code: "InvalidArnException" or "ValidationException" } => Error("EncryptionKeyInvalidIdException", $"The Key Management Service encryption key is not valid: {key}"),
        AwsServiceException { Code: "InvalidKeyUsageException" } => Error("EncryptionKeyInvalidUsageException", $"The KMS key {key} cannot encrypt or decrypt a repository."),
        AwsServiceException { Code: "InvalidCiphertextException" or "IncorrectKeyException" } =>
            new AwsServiceException("EncryptionIntegrityChecksFailedException", $"An encryption integrity check failed: the repository's data key does not decrypt under {key}.", 500, senderFault: false),
        _ => null,
    };

    private static AwsServiceException Error(string code, string message) => CodeCommitErrors.Error(code, message);
}
