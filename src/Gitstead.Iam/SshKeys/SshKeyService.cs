using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.SshKeys;

/// <summary>
/// SSH public keys of IAM users (for CodeCommit over SSH, where the SSH user name is the key
/// id): RSA of at least 2048 bits, one upload per key and user, at most five per user. Each
/// method authorizes the action named on it on the user's ARN; a user that does not exist is
/// authorized as <c>user/NAME</c> before NoSuchEntity. A refusal is
/// <see cref="AccessDeniedException"/>; other outcomes are <see cref="AwsServiceException"/>s
/// with IAM's error codes.
/// </summary>
public sealed class SshKeyService(IGitsteadDb db, IAuthorizer authorizer, TimeProvider time, SshKeyEvents events)
{
    public const int PerUser = 5;
    public const string Active = "Active";
    public const string Inactive = "Inactive";

    /// <summary>Adds a key to a user, stored in OpenSSH format. Authorizes <c>iam:UploadSSHPublicKey</c>.</summary>
    /// <exception cref="AwsServiceException">
    /// NoSuchEntity, InvalidPublicKey / UnrecognizedPublicKeyEncoding (the body),
    /// DuplicateSSHPublicKey, LimitExceeded (five per user).
    /// </exception>
    public async Task<SshPublicKeyInfo> UploadAsync(CallContext call, string userName, string body, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedAsync(db, authorizer.For(call, "iam:UploadSSHPublicKey"), userName, ct);
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
        events.RaiseUploaded();
        return SshPublicKeyInfo.From(row, user.UserName);
    }

    /// <summary>
    /// A user's keys by upload; without a name, the caller's own (none for the root).
    /// Authorizes <c>iam:ListSSHPublicKeys</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<SshPublicKeyInfo>> ListAsync(CallContext call, string? userName, PageRequest page, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedOrCallerAsync(context, authorizer.For(call, "iam:ListSSHPublicKeys"), userName, ct);
        var rows = user is null ? [] : await context.SshPublicKeys.AsNoTracking().Where(k => k.UserKey == user.Key).ToListAsync(ct);
        var keys = rows.OrderBy(k => k.UploadDate).ThenBy(k => k.Id, StringComparer.Ordinal).Select(k => SshPublicKeyInfo.From(k, user!.UserName));
        return Paging.PageList(keys, k => $"{k.UploadDate.Ticks:D19}{k.SshPublicKeyId}", page);
    }

    /// <summary>One key of a user, in the encoding asked for. Authorizes <c>iam:GetSSHPublicKey</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the user, or a key it does not own).</exception>
    public async Task<SshPublicKeyInfo> GetAsync(CallContext call, string userName, string keyId, SshPublicKeyEncoding encoding, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:GetSSHPublicKey"), userName, ct);
        var key = SshPublicKeyInfo.From(await RequireAsync(context, user, keyId, ct), user.UserName);
        return encoding == SshPublicKeyEncoding.Pem ? key with { Body = SshPublicKeyParser.Parse(key.Body).Pem } : key;
    }

    /// <summary>
    /// Sets a key <c>Active</c> or <c>Inactive</c>. Authorizes <c>iam:UpdateSSHPublicKey</c>,
    /// then refuses another status.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidInput (another status), NoSuchEntity (the user, or a key it does not own).</exception>
    public async Task UpdateStatusAsync(CallContext call, string userName, string keyId, string status, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedAsync(db, authorizer.For(call, "iam:UpdateSSHPublicKey"), userName, ct);
        if (status is not (Active or Inactive))
        {
            throw IamErrors.InvalidInput($"Status {status} cannot be set on an SSH public key; use Active or Inactive.");
        }

        await using var context = db.Create();
        var row = await RequireAsync(context, user, keyId, ct);
        row.Status = status;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>Deletes a key. Authorizes <c>iam:DeleteSSHPublicKey</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the user, or a key it does not own).</exception>
    public async Task DeleteAsync(CallContext call, string userName, string keyId, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedAsync(db, authorizer.For(call, "iam:DeleteSSHPublicKey"), userName, ct);
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
