using System.Security.Cryptography;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>
/// Service-specific credentials (HTTPS Git credentials): at most two per user and service,
/// held apart by the <c>Slot</c> column's unique index so concurrent creates cannot exceed
/// the quota; passwords are stored only as a keyed hash. Each method authorizes the action
/// named on it on the target user's ARN — the named user, or without a name the calling user
/// (the root: its own ARN, and it has no credentials) — and a user that does not exist is
/// authorized as <c>user/NAME</c> before NoSuchEntity. A refusal is
/// <see cref="AccessDeniedException"/>; other outcomes are <see cref="AwsServiceException"/>s
/// with IAM's error codes.
/// </summary>
public sealed class ServiceCredentialService(IGitsteadDb db, IAuthorizer authorizer, SecretHasher hasher, TimeProvider time)
{
    public const string CodeCommit = "codecommit.amazonaws.com";
    public const int PerUserPerService = 2;
    public const string Active = "Active";
    public const string Inactive = "Inactive";

    private const int PasswordBytes = 32;
    private const int MaxAttempts = 3;

    /// <summary>Gitstead issues credentials for CodeCommit only.</summary>
    internal static void RequireSupported(string serviceName)
    {
        if (serviceName != CodeCommit)
        {
            throw IamErrors.NotSupportedService("The specified service does not support service-specific credentials.");
        }
    }

    /// <summary>
    /// Creates an Active credential for a user and returns its password. Authorizes
    /// <c>iam:CreateServiceSpecificCredential</c>.
    /// </summary>
    /// <param name="call">Who asks.</param>
    /// <param name="userName">The user to create it for.</param>
    /// <param name="serviceName">Must be <c>codecommit.amazonaws.com</c>.</param>
    /// <param name="credentialAgeDays">Must be null: only Bedrock and CloudWatch Logs API keys expire.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <exception cref="AwsServiceException">
    /// NoSuchEntity, NotSupportedService, InvalidInput (an age), LimitExceeded (two per user and
    /// service), EntityAlreadyExists (another user's name ends in <c>+1</c> and took the service user name).
    /// </exception>
    public async Task<IssuedServiceCredential> CreateAsync(
        CallContext call, string userName, string serviceName, int? credentialAgeDays, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedAsync(db, authorizer.For(call, "iam:CreateServiceSpecificCredential"), userName, ct);
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
                return new IssuedServiceCredential(ServiceCredentialInfo.From(row, user.UserName), password);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && UniqueSaves.IsUniqueViolation(ex))
            {
                // A concurrent create took the slot (unique index): look at the slots again.
            }
        }
    }

    /// <summary>
    /// Credentials by creation: of the named user, of the calling user without a name (none for
    /// the root), or of every user of the account with <paramref name="allUsers"/>. Authorizes
    /// <c>iam:ListServiceSpecificCredentials</c> on the user's ARN, or for all users on <c>user/*</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">
    /// InvalidInput (a user name with <paramref name="allUsers"/>, or a marker this list did not
    /// hand out), NoSuchEntity, NotSupportedService (a service other than CodeCommit).
    /// </exception>
    public async Task<Page<ServiceCredentialInfo>> ListAsync(
        CallContext call, string? userName, string? serviceName, bool allUsers, PageRequest page, CancellationToken ct)
    {
        if (allUsers && userName is not null)
        {
            throw IamErrors.InvalidInput("AllUsers and UserName cannot be specified together.");
        }

        IReadOnlyList<ServiceCredentialInfo> items = [];
        var permission = authorizer.For(call, "iam:ListServiceSpecificCredentials");
        if (allUsers)
        {
            await permission.RequireAsync(Arns.User(call.AccountId, "/", "*"), ct);
            items = await ListAsync(call.AccountId, null, serviceName, ct);
        }
        else if (await UserLookup.RequireAuthorizedOrCallerAsync(db, permission, userName, ct) is { } user)
        {
            items = await ListAsync(call.AccountId, user.Key, serviceName, ct);
        }

        return Paging.PageList(items, c => $"{c.CreateDate.Ticks:D19}{c.Id}", page);
    }

    /// <summary>
    /// Replaces the password; the previous one stops working at once. Authorizes
    /// <c>iam:ResetServiceSpecificCredential</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the user, or a credential it does not own).</exception>
    public async Task<IssuedServiceCredential> ResetAsync(CallContext call, string? userName, string credentialId, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedOrCallerAsync(db, authorizer.For(call, "iam:ResetServiceSpecificCredential"), userName, ct);
        await using var context = db.Create();
        var row = await RequireAsync(context, call.AccountId, user, credentialId, ct);
        var password = NewPassword();
        row.PasswordHash = hasher.Hash(SecretPurposes.ServiceCredentialPassword, password);
        await context.SaveChangesAsync(ct);
        return new IssuedServiceCredential(ServiceCredentialInfo.From(row, user!.UserName), password);
    }

    /// <summary>
    /// Sets a credential <c>Active</c> or <c>Inactive</c>. Authorizes
    /// <c>iam:UpdateServiceSpecificCredential</c>, then refuses another status.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidInput (another status), NoSuchEntity (the user, or a credential it does not own).</exception>
    public async Task UpdateStatusAsync(CallContext call, string? userName, string credentialId, string status, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedOrCallerAsync(db, authorizer.For(call, "iam:UpdateServiceSpecificCredential"), userName, ct);
        if (status is not (Active or Inactive))
        {
            throw IamErrors.InvalidInput($"Status {status} cannot be set on a service-specific credential; use Active or Inactive.");
        }

        await using var context = db.Create();
        var row = await RequireAsync(context, call.AccountId, user, credentialId, ct);
        row.Status = status;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>Deletes a credential. Authorizes <c>iam:DeleteServiceSpecificCredential</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the user, or a credential it does not own).</exception>
    public async Task DeleteAsync(CallContext call, string? userName, string credentialId, CancellationToken ct)
    {
        var user = await UserLookup.RequireAuthorizedOrCallerAsync(db, authorizer.For(call, "iam:DeleteServiceSpecificCredential"), userName, ct);
        await using var context = db.Create();
        var row = await RequireAsync(context, call.AccountId, user, credentialId, ct);
        context.ServiceCredentials.Remove(row);
        await context.SaveChangesAsync(ct);
    }

    /// <summary><c>USER-at-ACCOUNT</c> for the first slot, <c>USER+1-at-ACCOUNT</c> for the second.</summary>
    internal static string ServiceUserName(string userName, string accountId, int slot) =>
        slot == 0 ? $"{userName}-at-{accountId}" : $"{userName}+{slot}-at-{accountId}";

    /// <summary>Credentials of one user, or of every user of the account when <paramref name="userKey"/> is null.</summary>
    private async Task<IReadOnlyList<ServiceCredentialInfo>> ListAsync(string accountId, long? userKey, string? serviceName, CancellationToken ct)
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
        return rows.Select(r => ServiceCredentialInfo.From(r.Credential, r.UserName))
            .OrderBy(c => c.CreateDate).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
    }

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
