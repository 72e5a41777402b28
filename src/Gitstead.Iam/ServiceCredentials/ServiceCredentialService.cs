using System.Security.Cryptography;
using Gitstead.Iam.Common;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>A credential with the user it belongs to, as the API shows it.</summary>
internal sealed record ServiceCredentialView(ServiceSpecificCredential Credential, string UserName);

/// <summary>A credential together with its password, which is shown once and never stored.</summary>
internal sealed record IssuedServiceCredential(ServiceSpecificCredential Credential, string UserName, string Password);

/// <summary>
/// Service-specific credentials (HTTPS Git credentials): at most two per user and service,
/// held apart by the <c>Slot</c> column's unique index so concurrent creates cannot exceed
/// the quota; passwords are stored only as a keyed hash.
/// </summary>
internal sealed class ServiceCredentialService(IGitsteadDb db, SecretHasher hasher, TimeProvider time)
{
    public const string CodeCommit = "codecommit.amazonaws.com";
    public const int PerUserPerService = 2;
    public const string Active = "Active";
    public const string Inactive = "Inactive";

    private const int PasswordBytes = 32;
    private const int MaxAttempts = 3;

    /// <summary>Gitstead issues credentials for CodeCommit only.</summary>
    public static void RequireSupported(string serviceName)
    {
        if (serviceName != CodeCommit)
        {
            throw IamErrors.NotSupportedService("The specified service does not support service-specific credentials.");
        }
    }

    public async Task<IssuedServiceCredential> CreateAsync(IamUser user, string serviceName, int? credentialAgeDays, CancellationToken ct)
    {
        RequireSupported(serviceName);
        if (credentialAgeDays is not null)
        {
            throw IamErrors.InvalidInput("CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API keys.");
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var context = db.Create();
            var row = await NewRowAsync(context, user, serviceName, ct);
            var password = NewPassword();
            row.PasswordHash = hasher.Hash(SecretPurposes.ServiceCredentialPassword, password);
            context.ServiceCredentials.Add(row);
            try
            {
                await context.SaveChangesAsync(ct);
                return new IssuedServiceCredential(row, user.UserName, password);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && UniqueSaves.IsUniqueViolation(ex))
            {
                // A concurrent create took the slot (unique index): look at the slots again.
            }
        }
    }

    /// <summary>Credentials of one user, or of every user of the account when <paramref name="userKey"/> is null.</summary>
    public async Task<IReadOnlyList<ServiceCredentialView>> ListAsync(string accountId, long? userKey, string? serviceName, CancellationToken ct)
    {
        if (serviceName is not null)
        {
            RequireSupported(serviceName);
        }

        await using var context = db.Create();
        var query = context.ServiceCredentials.AsNoTracking().Where(c => c.AccountId == accountId);
        query = userKey is null ? query : query.Where(c => c.UserKey == userKey);
        query = serviceName is null ? query : query.Where(c => c.ServiceName == serviceName);
        var rows = await query
            .Join(context.Users, c => c.UserKey, u => u.Key, (c, u) => new { Credential = c, u.UserName })
            .ToListAsync(ct);
        return rows.Select(r => new ServiceCredentialView(r.Credential, r.UserName))
            .OrderBy(v => v.Credential.CreateDate).ThenBy(v => v.Credential.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Replaces the password; the previous one stops working at once.</summary>
    public async Task<IssuedServiceCredential> ResetAsync(string accountId, IamUser? user, string credentialId, CancellationToken ct)
    {
        await using var context = db.Create();
        var row = await RequireAsync(context, accountId, user, credentialId, ct);
        var password = NewPassword();
        row.PasswordHash = hasher.Hash(SecretPurposes.ServiceCredentialPassword, password);
        await context.SaveChangesAsync(ct);
        return new IssuedServiceCredential(row, user!.UserName, password);
    }

    public async Task UpdateStatusAsync(string accountId, IamUser? user, string credentialId, string status, CancellationToken ct)
    {
        if (status is not (Active or Inactive))
        {
            throw IamErrors.InvalidInput($"Status {status} cannot be set on a service-specific credential; use Active or Inactive.");
        }

        await using var context = db.Create();
        var row = await RequireAsync(context, accountId, user, credentialId, ct);
        row.Status = status;
        await context.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(string accountId, IamUser? user, string credentialId, CancellationToken ct)
    {
        await using var context = db.Create();
        var row = await RequireAsync(context, accountId, user, credentialId, ct);
        context.ServiceCredentials.Remove(row);
        await context.SaveChangesAsync(ct);
    }

    /// <summary><c>USER-at-ACCOUNT</c> for the first slot, <c>USER+1-at-ACCOUNT</c> for the second.</summary>
    public static string ServiceUserName(string userName, string accountId, int slot) =>
        slot == 0 ? $"{userName}-at-{accountId}" : $"{userName}+{slot}-at-{accountId}";

    /// <summary>44 characters: standard base64 of 32 random bytes, like AWS's.</summary>
    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(PasswordBytes));

    private async Task<ServiceSpecificCredential> NewRowAsync(GitsteadDbContext context, IamUser user, string serviceName, CancellationToken ct)
    {
        var used = await context.ServiceCredentials
            .Where(c => c.UserKey == user.Key && c.ServiceName == serviceName)
            .Select(c => c.Slot)
            .ToListAsync(ct);
        var slot = Enumerable.Range(0, PerUserPerService).Where(s => !used.Contains(s)).Cast<int?>().FirstOrDefault()
            ?? throw IamErrors.LimitExceeded($"Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {PerUserPerService}");
        var serviceUserName = ServiceUserName(user.UserName, user.AccountId, slot);
        // The same user's row with this name means a concurrent create took the slot just now:
        // the insert then fails on the unique index and the caller looks at the slots again.
        if (await context.ServiceCredentials.AnyAsync(c => c.ServiceUserName == serviceUserName && c.UserKey != user.Key, ct))
        {
            // Only when another user's name ends in "+1" (e.g. users "dev" and "dev+1").
            throw IamErrors.EntityAlreadyExists($"The service user name {serviceUserName} is already used by another credential of this account.");
        }

        return new ServiceSpecificCredential
        {
            Id = IamIds.UniqueId("ACCA"),
            AccountId = user.AccountId,
            UserKey = user.Key,
            ServiceName = serviceName,
            ServiceUserName = serviceUserName,
            Slot = slot,
            PasswordHash = [],
            Status = Active,
            CreateDate = time.GetUtcNow().UtcDateTime,
        };
    }

    /// <summary>The credential of that user; an unknown id, or another user's, is NoSuchEntity alike.</summary>
    private static async Task<ServiceSpecificCredential> RequireAsync(
        GitsteadDbContext context, string accountId, IamUser? user, string credentialId, CancellationToken ct)
    {
        var row = user is null
            ? null
            : await context.ServiceCredentials.FirstOrDefaultAsync(
                c => c.Id == credentialId && c.AccountId == accountId && c.UserKey == user.Key, ct);
        return row ?? throw IamErrors.NoSuchEntity($"No such credential {credentialId} exists");
    }
}
