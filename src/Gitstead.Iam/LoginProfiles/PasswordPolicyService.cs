using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.LoginProfiles;

/// <summary>
/// The account password policy. Its actions have no resource type, so they are authorized on
/// <c>*</c>; a refusal is <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class PasswordPolicyService(IGitsteadDb db, IAuthorizer authorizer)
{
    /// <summary>
    /// The policy. Authorizes <c>iam:GetAccountPasswordPolicy</c>, except that IAM users may read
    /// a policy that lets them change their own password (model documentation of
    /// <c>AllowUsersToChangePassword</c>).
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity when the account has no policy.</exception>
    public async Task<PasswordPolicyInfo> GetAsync(CallContext call, CancellationToken ct)
    {
        var caller = call.Caller;
        await using var context = db.Create();
        var policy = await context.PasswordPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == caller.AccountId, ct);
        if (caller.IsRoot || policy is not { AllowUsersToChangePassword: true })
        {
            await authorizer.RequireAsync(call, "iam:GetAccountPasswordPolicy", "*", ct);
        }

        return policy is null ? throw NotFound(caller.AccountId) : PasswordPolicyInfo.From(policy);
    }

    /// <summary>Sets the whole policy (no partial updates). Authorizes <c>iam:UpdateAccountPasswordPolicy</c>.</summary>
    public async Task UpdateAsync(CallContext call, PasswordPolicyInfo settings, CancellationToken ct)
    {
        await authorizer.RequireAsync(call, "iam:UpdateAccountPasswordPolicy", "*", ct);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await SaveAsync(call.AccountId, settings, ct);
                return;
            }
            catch (DbUpdateException ex) when (attempt == 0 && UniqueSaves.IsUniqueViolation(ex))
            {
                // A concurrent update created the row first: update it instead.
            }
        }
    }

    /// <summary>Removes the policy; the default rules apply again. Authorizes <c>iam:DeleteAccountPasswordPolicy</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity when the account has no policy.</exception>
    public async Task DeleteAsync(CallContext call, CancellationToken ct)
    {
        await authorizer.RequireAsync(call, "iam:DeleteAccountPasswordPolicy", "*", ct);
        await using var context = db.Create();
        if (await context.PasswordPolicies.Where(p => p.AccountId == call.AccountId).ExecuteDeleteAsync(ct) == 0)
        {
            throw NotFound(call.AccountId);
        }
    }

    private async Task SaveAsync(string accountId, PasswordPolicyInfo settings, CancellationToken ct)
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

    private static AwsServiceException NotFound(string accountId) =>
        IamErrors.NoSuchEntity($"The Password Policy with domain name {accountId} cannot be found.");
}
