using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.SshKeys;

/// <summary>
/// SSH public keys of IAM users (for CodeCommit over SSH, where the SSH user name is the key
/// id): RSA of at least 2048 bits, one upload per key and user, at most five per user.
/// </summary>
internal sealed class SshKeyService(IGitsteadDb db, TimeProvider time)
{
    public const int PerUser = 5;
    public const string Active = "Active";
    public const string Inactive = "Inactive";

    public async Task<SshPublicKey> UploadAsync(IamUser user, string body, CancellationToken ct)
    {
        var key = SshPublicKeyParser.Parse(body);
        await using var context = db.Create();
        await CheckCanAddAsync(context, user.Key, key.Fingerprint, ct);
        var row = new SshPublicKey
        {
            Id = IamIds.UniqueId("APKA"),
            AccountId = user.AccountId,
            UserKey = user.Key,
            Body = key.OpenSsh,
            Fingerprint = key.Fingerprint,
            Status = Active,
            UploadDate = time.GetUtcNow().UtcDateTime,
        };
        context.SshPublicKeys.Add(row);
        try
        {
            await context.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueSaves.IsUniqueViolation(ex))
        {
            // The same key uploaded concurrently (unique index on user and fingerprint):
            // answer as the checks now would.
            await using var fresh = db.Create();
            await CheckCanAddAsync(fresh, user.Key, key.Fingerprint, ct);
            throw;
        }

        await UndoIfOverLimitAsync(context, row, ct);
        return row;
    }

    public async Task<IReadOnlyList<SshPublicKey>> ListAsync(long userKey, CancellationToken ct)
    {
        await using var context = db.Create();
        var rows = await context.SshPublicKeys.AsNoTracking().Where(k => k.UserKey == userKey).ToListAsync(ct);
        return rows.OrderBy(k => k.UploadDate).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<SshPublicKey> GetAsync(IamUser user, string keyId, CancellationToken ct)
    {
        await using var context = db.Create();
        return await RequireAsync(context, user, keyId, ct);
    }

    public async Task UpdateStatusAsync(IamUser user, string keyId, string status, CancellationToken ct)
    {
        if (status is not (Active or Inactive))
        {
            throw IamErrors.InvalidInput($"Status {status} cannot be set on an SSH public key; use Active or Inactive.");
        }

        await using var context = db.Create();
        var row = await RequireAsync(context, user, keyId, ct);
        row.Status = status;
        await context.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(IamUser user, string keyId, CancellationToken ct)
    {
        await using var context = db.Create();
        context.SshPublicKeys.Remove(await RequireAsync(context, user, keyId, ct));
        await context.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Concurrent uploads can each pass the count above; afterwards, any upload that finds
    /// the user over the limit withdraws itself, so the limit holds once they settle.
    /// </summary>
    private static async Task UndoIfOverLimitAsync(GitsteadDbContext context, SshPublicKey row, CancellationToken ct)
    {
        if (await context.SshPublicKeys.CountAsync(k => k.UserKey == row.UserKey, ct) <= PerUser)
        {
            return;
        }

        context.SshPublicKeys.Remove(row);
        await context.SaveChangesAsync(ct);
        throw LimitExceeded();
    }

    private static async Task CheckCanAddAsync(GitsteadDbContext context, long userKey, string fingerprint, CancellationToken ct)
    {
        if (await context.SshPublicKeys.AnyAsync(k => k.UserKey == userKey && k.Fingerprint == fingerprint, ct))
        {
            throw Duplicate();
        }

        if (await context.SshPublicKeys.CountAsync(k => k.UserKey == userKey, ct) >= PerUser)
        {
            throw LimitExceeded();
        }
    }

    private static async Task<SshPublicKey> RequireAsync(GitsteadDbContext context, IamUser user, string keyId, CancellationToken ct) =>
        await context.SshPublicKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserKey == user.Key, ct)
            ?? throw IamErrors.NoSuchEntity($"The Public Key with id {keyId} cannot be found.");

    private static AwsServiceException Duplicate() =>
        IamErrors.DuplicateSshPublicKey("The SSH public key is already associated with the specified IAM user.");

    private static AwsServiceException LimitExceeded() =>
        IamErrors.LimitExceeded($"Cannot exceed quota for PublicKeysPerUser: {PerUser}");
}
