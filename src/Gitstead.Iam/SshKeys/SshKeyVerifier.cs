using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.SshKeys;

/// <summary>The IAM user an SSH login with a key id as its user name authenticates as.</summary>
/// <param name="KeyId">The SSH key id, <c>APKA…</c> (the SSH user name).</param>
/// <param name="Body">The key in OpenSSH format (<c>ssh-rsa AAAA…</c>).</param>
/// <param name="AccountId">12-digit account id.</param>
/// <param name="UserKey">Database key of the IAM user.</param>
/// <param name="UserName">IAM user name.</param>
/// <param name="Path">The user's path.</param>
/// <param name="UserId">Unique id of the user, <c>AIDA…</c>.</param>
/// <param name="PolicyGeneration">The account's policy generation, read with the key.</param>
public sealed record SshKeyLogin(
    string KeyId, string Body, string AccountId, long UserKey, string UserName, string Path, string UserId, long PolicyGeneration);

/// <summary>
/// Answers "which key may log in as this key id?" for the SSH server. Reads the database on
/// every call, so an upload, deactivation or deletion (of the key or its user) takes effect on
/// the next connection, on every node.
/// </summary>
public sealed class SshKeyVerifier(IGitsteadDb db)
{
    /// <summary>An SSH key id is <c>APKA</c> and 16 more letters and digits; longer input is never one.</summary>
    private const int MaxKeyId = 32;

    /// <summary>The active key with this id and its user; null for an unknown or inactive key, or a user that is gone.</summary>
    public async Task<SshKeyLogin?> FindActiveAsync(string keyId, CancellationToken cancellationToken)
    {
        if (keyId.Length is 0 or > MaxKeyId || !keyId.StartsWith("APKA", StringComparison.Ordinal))
        {
            return null;
        }

        await using var context = db.Create();
        return await (
            from k in context.SshPublicKeys.AsNoTracking()
            where k.Id == keyId && k.Status == SshKeyService.Active
            join u in context.Users on k.UserKey equals u.Key
            join a in context.Accounts on k.AccountId equals a.Id
            select new SshKeyLogin(k.Id, k.Body, k.AccountId, k.UserKey, u.UserName, u.Path, u.UserId, a.PolicyGeneration))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every key id in the store, whatever its status: the names the SSH server must know as users.</summary>
    public async Task<IReadOnlyList<string>> AllKeyIdsAsync(CancellationToken cancellationToken)
    {
        await using var context = db.Create();
        return await context.SshPublicKeys.AsNoTracking().Select(k => k.Id).OrderBy(id => id).ToListAsync(cancellationToken);
    }
}

/// <summary>
/// Raised in this process when an SSH key is uploaded, so the SSH server learns the new key id
/// at once instead of at its next periodic refresh.
/// </summary>
public sealed class SshKeyEvents
{
    public event Action? Uploaded;

    internal void RaiseUploaded() => Uploaded?.Invoke();
}
