using System.Security.Cryptography;
using Gitstead.Iam.Common;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Accounts;

/// <summary>What a new account's owner needs once: shown or written to an owner-only file, never logged.</summary>
public sealed record InitialCredentials(
    string AccountId,
    string AccessKeyId,
    string SecretAccessKey,
    string RootEmail,
    string RootPassword);

/// <summary>
/// Creates accounts with their root identity. An operator's tool (first start, the
/// <c>account</c> verb), not an API operation: no caller exists yet, so nothing is authorized.
/// </summary>
public sealed class AccountService(IGitsteadDb db, EnvelopeEncryption envelope, TimeProvider time)
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=@^_";

    /// <summary>True once any account exists (first start creates one only when none does).</summary>
    public async Task<bool> AnyAccountAsync(CancellationToken ct)
    {
        await using var context = db.Create();
        return await context.Accounts.AnyAsync(ct);
    }

    /// <summary>Creates an account, its root console password and one root access key.</summary>
    public async Task<InitialCredentials> CreateAccountAsync(string? rootEmail, CancellationToken ct)
    {
        await using var context = db.Create();
        var now = time.GetUtcNow().UtcDateTime;
        string accountId;
        do
        {
            accountId = IamIds.AccountId();
        }
        while (await context.Accounts.AnyAsync(a => a.Id == accountId, ct));

        var email = rootEmail ?? $"root@{accountId}.gitstead.localhost";
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
        var accessKeyId = IamIds.AccessKeyId("AKIA", accountId);
        var secret = IamIds.SecretAccessKey();
        context.Accounts.Add(new Account
        {
            Id = accountId,
            RootEmail = email,
            RootPasswordHash = PasswordHashing.Hash(password),
            CreateDate = now,
        });
        context.AccessKeys.Add(new AccessKey
        {
            AccessKeyId = accessKeyId,
            AccountId = accountId,
            UserKey = null,
            Slot = 0,
            SecretCiphertext = envelope.Encrypt(secret, SecretPurposes.AccessKey(accessKeyId)),
            Status = "Active",
            CreateDate = now,
        });
        await context.SaveChangesAsync(ct);
        return new InitialCredentials(accountId, accessKeyId, secret, email, password);
    }
}
