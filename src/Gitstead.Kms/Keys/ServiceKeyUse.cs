using Gitstead.Aws;
using Gitstead.Kms.Crypto;
using Gitstead.Kms.KeyPolicies;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Keys;

/// <summary>
/// <see cref="IServiceKeyUse"/> over the same key service, access checks and cryptography as the
/// API, every call marked as made through the service (<c>kms:ViaService</c>).
/// </summary>
internal sealed class ServiceKeyUse(IGitsteadDb db, KeyService keys, KeyAccess access, CryptoService crypto, KeyLifecycle lifecycle) : IServiceKeyUse
{
    /// <inheritdoc/>
    public async Task<ServiceKey> GetOrCreateAwsManagedKeyAsync(string accountId, string region, string service, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        var aliasName = $"alias/aws/{service}";
        if (await FindManagedAsync(accountId, region, aliasName, ct) is { } existing)
        {
            return ToServiceKey(existing);
        }

        // The key and its alias are inserted together; the alias's unique index lets exactly one
        // of several concurrent first callers (on any node) win, and the others read its key.
        var now = lifecycle.Now;
        var key = keys.NewKeyRow(accountId, region, Guid.NewGuid().ToString("D"), KeyPolicyDocuments.AwsManagedDescription(service),
            KeyStates.AwsManaged, KeyPolicyDocuments.AwsManaged(accountId, region, service), now);
        key.RotationEnabled = true;
        key.RotationPeriodInDays = 365;
        key.NextRotationDate = now.AddDays(365);
        try
        {
            await using var context = db.Create();
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            context.KmsKeys.Add(key);
            await context.SaveChangesAsync(ct);
            context.KmsAliases.Add(new KmsAlias
            {
                AccountId = accountId,
                Region = region,
                AliasName = aliasName,
                TargetKeyKey = key.Key,
                CreationDate = now,
                LastUpdatedDate = now,
            });
            await context.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return ToServiceKey(key);
        }
        catch (DbUpdateException)
        {
            var winner = await FindManagedAsync(accountId, region, aliasName, ct);
            if (winner is null)
            {
                throw;
            }

            return ToServiceKey(winner);
        }
    }

    /// <inheritdoc/>
    public async Task<ServiceKey> DescribeAsync(CallContext call, string service, string keyId, CancellationToken ct)
    {
        var via = KmsCall.Via(call, service);
        await using var context = db.Create();
        var key = await access.FindAsync(context, via, KeyReference.Parse(call, keyId), ct);
        await access.AuthorizeAsync(via, "kms:DescribeKey", key, ct);
        return ToServiceKey(key);
    }

    /// <inheritdoc/>
    public async Task<DataKey> GenerateDataKeyAsync(CallContext call, string service, string keyId, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken ct)
    {
        var (plaintext, ciphertext, arn) = await crypto.GenerateDataKeyAsync(
            KmsCall.Via(call, service), "kms:GenerateDataKey", keyId, encryptionContext, "AES_256", null, dryRun: false, ct);
        return new DataKey(plaintext, ciphertext, arn);
    }

    /// <inheritdoc/>
    public async Task<byte[]> DecryptAsync(
        CallContext call, string service, string keyId, ReadOnlyMemory<byte> ciphertextBlob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken ct)
    {
        var (plaintext, _) = await crypto.DecryptAsync(KmsCall.Via(call, service), ciphertextBlob.ToArray(), keyId, encryptionContext, null, dryRun: false, ct);
        return plaintext;
    }

    /// <inheritdoc/>
    public Task<byte[]> DecryptForWriteAsync(
        CallContext call, string service, string keyId, ReadOnlyMemory<byte> ciphertextBlob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken ct) =>
        crypto.DecryptForUseAsync(KmsCall.Via(call, service), ciphertextBlob.ToArray(), keyId, encryptionContext, ["kms:GenerateDataKey"], ct);

    private async Task<KmsKey?> FindManagedAsync(string accountId, string region, string aliasName, CancellationToken ct)
    {
        await using var context = db.Create();
        return await (from a in context.KmsAliases
                      where a.AccountId == accountId && a.Region == region && a.AliasName == aliasName
                      join k in context.KmsKeys on a.TargetKeyKey equals k.Key
                      select k).AsNoTracking().FirstOrDefaultAsync(ct);
    }

    private static ServiceKey ToServiceKey(KmsKey key) =>
        new(key.KeyId, KmsKeyArns.Of(key), key.KeyState, key.KeyManager, key.KeyUsage);
}
