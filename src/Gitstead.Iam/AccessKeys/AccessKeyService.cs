using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.AccessKeys;

/// <summary>Who owns access keys: an IAM user, or the account root (<see cref="UserKey"/> null, no user name).</summary>
internal sealed record KeyOwner(string AccountId, long? UserKey, string? UserName);

/// <summary>A new key and its secret, which is shown once and never again.</summary>
internal sealed record NewAccessKey(AccessKey Key, string? UserName, string SecretAccessKey);

/// <summary>When and where a key was last used; nulls when it never was.</summary>
internal sealed record AccessKeyUse(string? UserName, DateTime? LastUsedDate, string? ServiceName, string? Region);

/// <summary>Long-term access keys of users and of the account root.</summary>
internal sealed class AccessKeyService(IGitsteadDb db, EnvelopeEncryption envelope, TimeProvider time)
{
    public const int KeysPerOwner = 2;

    /// <summary>
    /// Creates an Active key in a free slot. The unique (account, user, slot) index makes two
    /// concurrent creates for a user with one key left collide, and the loser retries and
    /// finds no free slot; the root's keys are serialized by a lock on the account row.
    /// </summary>
    public async Task<NewAccessKey> CreateAsync(Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        var owner = await ResolveOwnerAsync(caller, userName, permission, ct);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryCreateAsync(owner, ct);
            }
            catch (DbUpdateException ex) when (UniqueSaves.IsUniqueViolation(ex))
            {
                // Another request took the slot between our read and our insert: look again,
                // or give up as if no slot were free.
                if (attempt >= 3)
                {
                    throw LimitExceeded();
                }
            }
        }
    }

    public async Task<(KeyOwner Owner, Page<AccessKey> Page)> ListAsync(Caller caller, string? userName, Permission permission, QueryArgs paging, CancellationToken ct)
    {
        var owner = await ResolveOwnerAsync(caller, userName, permission, ct);
        await using var context = db.Create();
        var keys = await OwnedBy(context, owner).AsNoTracking().ToListAsync(ct);
        return (owner, Paging.PageList(keys.OrderBy(k => k.AccessKeyId, StringComparer.Ordinal), k => k.AccessKeyId, paging));
    }

    public async Task UpdateAsync(Caller caller, string? userName, string accessKeyId, string status, Permission permission, CancellationToken ct)
    {
        if (status is not ("Active" or "Inactive"))
        {
            throw IamErrors.InvalidInput($"Access keys can only be Active or Inactive, not {status}.");
        }

        var owner = await ResolveOwnerAsync(caller, userName, permission, ct);
        await using var context = db.Create();
        var updated = await OwnedBy(context, owner).Where(k => k.AccessKeyId == accessKeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.Status, status), ct);
        if (updated == 0)
        {
            throw NotFound(accessKeyId);
        }
    }

    public async Task DeleteAsync(Caller caller, string? userName, string accessKeyId, Permission permission, CancellationToken ct)
    {
        var owner = await ResolveOwnerAsync(caller, userName, permission, ct);
        await using var context = db.Create();
        if (await OwnedBy(context, owner).Where(k => k.AccessKeyId == accessKeyId).ExecuteDeleteAsync(ct) == 0)
        {
            throw NotFound(accessKeyId);
        }
    }

    /// <summary>
    /// Last use of a key of the caller's account, authorized on its owner. A key that is not
    /// in the account is authorized on <c>*</c> and then reported missing.
    /// </summary>
    public async Task<AccessKeyUse> LastUsedAsync(string accountId, string accessKeyId, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var found = await context.AccessKeys.AsNoTracking()
            .Where(k => k.AccessKeyId == accessKeyId && k.AccountId == accountId)
            .Select(k => new { Key = k, User = context.Users.FirstOrDefault(u => u.Key == k.UserKey) })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            await permission.RequireAsync("*", ct);
            throw NotFound(accessKeyId);
        }

        await permission.RequireAsync(found.User is null ? Arns.Root(accountId) : Arns.User(found.User.AccountId, found.User.Path, found.User.UserName), ct);
        var key = found.Key;
        return new AccessKeyUse(found.User?.UserName, key.LastUsedDate, key.LastUsedService, key.LastUsedRegion);
    }

    private async Task<NewAccessKey> TryCreateAsync(KeyOwner owner, CancellationToken ct)
    {
        await using var context = db.Create();
        await using var tx = await context.Database.BeginTransactionAsync(ct);
        if (owner.UserKey is null)
        {
            // NULLs are distinct in a unique index, so the slot index does not cover the
            // root's keys: a no-op update of the account row takes its lock until commit and
            // serializes concurrent creates (SQLite's write transaction already does).
            await context.Accounts.Where(a => a.Id == owner.AccountId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.RootEmail, a => a.RootEmail), ct);
        }

        var used = await OwnedBy(context, owner).Select(k => k.Slot).ToListAsync(ct);
        if (used.Count >= KeysPerOwner)
        {
            throw LimitExceeded();
        }

        var id = IamIds.AccessKeyId("AKIA", owner.AccountId);
        var secret = IamIds.SecretAccessKey();
        var key = new AccessKey
        {
            AccessKeyId = id,
            AccountId = owner.AccountId,
            UserKey = owner.UserKey,
            Slot = Enumerable.Range(0, KeysPerOwner).First(s => !used.Contains(s)),
            SecretCiphertext = envelope.Encrypt(secret, SecretPurposes.AccessKey(id)),
            Status = "Active",
            CreateDate = time.GetUtcNow().UtcDateTime,
        };
        context.AccessKeys.Add(key);
        await context.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new NewAccessKey(key, owner.UserName, secret);
    }

    /// <summary>The named user, else the caller (an IAM user or the root), authorized.</summary>
    private async Task<KeyOwner> ResolveOwnerAsync(Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedOrCallerAsync(context, permission, userName, ct);
        return new KeyOwner(caller.AccountId, user?.Key, user?.UserName);
    }

    private static IQueryable<AccessKey> OwnedBy(GitsteadDbContext context, KeyOwner owner) =>
        owner.UserKey is { } userKey
            ? context.AccessKeys.Where(k => k.AccountId == owner.AccountId && k.UserKey == userKey)
            : context.AccessKeys.Where(k => k.AccountId == owner.AccountId && k.UserKey == null);

    private static AwsServiceException LimitExceeded() =>
        IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {KeysPerOwner}");

    private static AwsServiceException NotFound(string accessKeyId) =>
        IamErrors.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");
}
