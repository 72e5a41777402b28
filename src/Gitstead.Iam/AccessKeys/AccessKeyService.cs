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

/// <summary>
/// Long-term access keys of users and of the account root, at most two per owner. Each method
/// acts on the named user's keys, or — without a name — on the caller's own (the root's too),
/// and authorizes the action named on it on the owner's ARN (the root's: <c>arn:aws:iam::ACCOUNT:root</c>);
/// a user that does not exist is authorized as <c>user/NAME</c> before NoSuchEntity. A refusal
/// is <see cref="AccessDeniedException"/>; other outcomes are <see cref="AwsServiceException"/>s
/// with IAM's error codes.
/// </summary>
public sealed class AccessKeyService(IGitsteadDb db, IAuthorizer authorizer, EnvelopeEncryption envelope, TimeProvider time)
{
    public const int KeysPerOwner = 2;

    /// <summary>Creates an Active key and its secret. Authorizes <c>iam:CreateAccessKey</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, LimitExceeded (two keys).</exception>
    /// <remarks>
    /// The unique (account, user, slot) index makes two concurrent creates for a user with one
    /// key left collide, and the loser retries and finds no free slot; the root's keys are
    /// serialized by a lock on the account row.
    /// </remarks>
    public async Task<NewAccessKey> CreateAsync(CallContext call, string? userName, CancellationToken ct)
    {
        var owner = await ResolveOwnerAsync(call, "iam:CreateAccessKey", userName, ct);
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

    /// <summary>The owner's keys, by id. Authorizes <c>iam:ListAccessKeys</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<AccessKeyInfo>> ListAsync(CallContext call, string? userName, PageRequest page, CancellationToken ct)
    {
        var owner = await ResolveOwnerAsync(call, "iam:ListAccessKeys", userName, ct);
        await using var context = db.Create();
        var keys = await OwnedBy(context, owner).AsNoTracking().ToListAsync(ct);
        var ordered = keys.OrderBy(k => k.AccessKeyId, StringComparer.Ordinal).Select(k => Info(k, owner.UserName));
        return Paging.PageList(ordered, k => k.AccessKeyId, page);
    }

    /// <summary>
    /// Sets a key <c>Active</c> or <c>Inactive</c> (refused before authorizing otherwise).
    /// Authorizes <c>iam:UpdateAccessKey</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidInput (another status), NoSuchEntity (the user, or a key it does not own).</exception>
    public async Task UpdateAsync(CallContext call, string? userName, string accessKeyId, string status, CancellationToken ct)
    {
        if (status is not ("Active" or "Inactive"))
        {
            throw IamErrors.InvalidInput($"Access keys can only be Active or Inactive, not {status}.");
        }

        var owner = await ResolveOwnerAsync(call, "iam:UpdateAccessKey", userName, ct);
        await using var context = db.Create();
        var updated = await OwnedBy(context, owner).Where(k => k.AccessKeyId == accessKeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.Status, status), ct);
        if (updated == 0)
        {
            throw NotFound(accessKeyId);
        }
    }

    /// <summary>Deletes a key. Authorizes <c>iam:DeleteAccessKey</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the user, or a key it does not own).</exception>
    public async Task DeleteAsync(CallContext call, string? userName, string accessKeyId, CancellationToken ct)
    {
        var owner = await ResolveOwnerAsync(call, "iam:DeleteAccessKey", userName, ct);
        await using var context = db.Create();
        if (await OwnedBy(context, owner).Where(k => k.AccessKeyId == accessKeyId).ExecuteDeleteAsync(ct) == 0)
        {
            throw NotFound(accessKeyId);
        }
    }

    /// <summary>
    /// Last use of a key of the caller's account. Authorizes <c>iam:GetAccessKeyLastUsed</c> on
    /// its owner; a key that is not in the account is authorized on <c>*</c>, then NoSuchEntity.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity.</exception>
    public async Task<AccessKeyLastUsed> GetLastUsedAsync(CallContext call, string accessKeyId, CancellationToken ct)
    {
        var accountId = call.AccountId;
        var permission = authorizer.For(call, "iam:GetAccessKeyLastUsed");
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
        return new AccessKeyLastUsed(found.User?.UserName, key.LastUsedDate, key.LastUsedService, key.LastUsedRegion);
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
        return new NewAccessKey(Info(key, owner.UserName), secret);
    }

    /// <summary>The named user, else the caller (an IAM user or the root), authorized for <paramref name="action"/>.</summary>
    private async Task<KeyOwner> ResolveOwnerAsync(CallContext call, string action, string? userName, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedOrCallerAsync(db, authorizer.For(call, action), userName, ct);
        return new KeyOwner(call.AccountId, user?.Key, user?.UserName);
    }

    private static AccessKeyInfo Info(AccessKey key, string? userName) => new(userName, key.AccessKeyId, key.Status, key.CreateDate);

    private static IQueryable<AccessKey> OwnedBy(GitsteadDbContext context, KeyOwner owner) =>
        owner.UserKey is { } userKey
            ? context.AccessKeys.Where(k => k.AccountId == owner.AccountId && k.UserKey == userKey)
            : context.AccessKeys.Where(k => k.AccountId == owner.AccountId && k.UserKey == null);

    private static AwsServiceException LimitExceeded() =>
        IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {KeysPerOwner}");

    private static AwsServiceException NotFound(string accessKeyId) =>
        IamErrors.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");
}
