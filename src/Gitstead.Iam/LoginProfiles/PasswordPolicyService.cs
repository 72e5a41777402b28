using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.LoginProfiles;

/// <summary>
/// The settings of UpdateAccountPasswordPolicy. The operation does not support partial
/// updates: an omitted setting takes its default (length 6, no requirement, no expiry).
/// </summary>
internal sealed record PasswordPolicySettings(
    int MinimumPasswordLength,
    bool RequireSymbols,
    bool RequireNumbers,
    bool RequireUppercaseCharacters,
    bool RequireLowercaseCharacters,
    bool AllowUsersToChangePassword,
    int? MaxPasswordAge,
    int? PasswordReusePrevention,
    bool HardExpiry);

/// <summary>The account password policy.</summary>
internal sealed class PasswordPolicyService(IGitsteadDb db)
{
    /// <summary>
    /// The policy, or NoSuchEntity when none is set. When the policy lets users change their
    /// own password, IAM users may read it without a policy granting
    /// <c>iam:GetAccountPasswordPolicy</c> (model documentation of <c>AllowUsersToChangePassword</c>).
    /// </summary>
    public async Task<AccountPasswordPolicy> GetAsync(Caller caller, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var policy = await context.PasswordPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == caller.AccountId, ct);
        if (caller.IsRoot || policy is not { AllowUsersToChangePassword: true })
        {
            await permission.RequireAsync("*", ct);
        }

        return policy ?? throw IamErrors.NoSuchEntity($"The Password Policy with domain name {caller.AccountId} cannot be found.");
    }

    public async Task UpdateAsync(string accountId, PasswordPolicySettings settings, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await SaveAsync(accountId, settings, ct);
                return;
            }
            catch (DbUpdateException ex) when (attempt == 0 && UniqueSaves.IsUniqueViolation(ex))
            {
                // A concurrent update created the row first: update it instead.
            }
        }
    }

    public async Task DeleteAsync(string accountId, CancellationToken ct)
    {
        await using var context = db.Create();
        if (await context.PasswordPolicies.Where(p => p.AccountId == accountId).ExecuteDeleteAsync(ct) == 0)
        {
            throw IamErrors.NoSuchEntity($"The Password Policy with domain name {accountId} cannot be found.");
        }
    }

    private async Task SaveAsync(string accountId, PasswordPolicySettings settings, CancellationToken ct)
    {
        await using var context = db.Create();
        var policy = await context.PasswordPolicies.FirstOrDefaultAsync(p => p.AccountId == accountId, ct);
        if (policy is null)
        {
            policy = new AccountPasswordPolicy { AccountId = accountId };
            context.PasswordPolicies.Add(policy);
        }

        policy.MinimumPasswordLength = settings.MinimumPasswordLength;
        policy.RequireSymbols = settings.RequireSymbols;
        policy.RequireNumbers = settings.RequireNumbers;
        policy.RequireUppercaseCharacters = settings.RequireUppercaseCharacters;
        policy.RequireLowercaseCharacters = settings.RequireLowercaseCharacters;
        policy.AllowUsersToChangePassword = settings.AllowUsersToChangePassword;
        policy.MaxPasswordAge = settings.MaxPasswordAge;
        policy.PasswordReusePrevention = settings.PasswordReusePrevention;
        policy.HardExpiry = settings.HardExpiry;
        await context.SaveChangesAsync(ct);
    }
}
