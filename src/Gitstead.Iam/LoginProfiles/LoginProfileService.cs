using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.LoginProfiles;

/// <summary>
/// Console passwords of IAM users: created, changed and removed by administrators or by the
/// user. Each method acts on the named user, or — without a name — on the calling IAM user (the
/// root must name one), and authorizes the action named on it on the user's ARN; a user that
/// does not exist is authorized as <c>user/NAME</c> before NoSuchEntity. A refusal is
/// <see cref="AccessDeniedException"/>; other outcomes are <see cref="AwsServiceException"/>s
/// with IAM's error codes. Passwords are checked against the account password policy (AWS's
/// default rules when there is none) and stored only as a slow salted hash.
/// </summary>
public sealed class LoginProfileService(IGitsteadDb db, IAuthorizer authorizer, TimeProvider time)
{
    /// <summary>Gives a user a console password. Authorizes <c>iam:CreateLoginProfile</c>.</summary>
    /// <exception cref="AwsServiceException">
    /// ValidationError (the root names no user), NoSuchEntity, EntityAlreadyExists, PasswordPolicyViolation.
    /// </exception>
    public async Task<LoginProfileInfo> CreateAsync(
        CallContext call, string? userName, string password, bool passwordResetRequired, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await TargetAsync(context, authorizer.For(call, "iam:CreateLoginProfile"), userName, ct);
        if (await context.LoginProfiles.AnyAsync(p => p.UserKey == user.Key, ct))
        {
            throw AlreadyExists(user.UserName);
        }

        await CheckPasswordAsync(context, call.AccountId, password, ct);
        var profile = new LoginProfile
        {
            UserKey = user.Key,
            PasswordHash = PasswordHashing.Hash(password),
            PasswordResetRequired = passwordResetRequired,
            CreateDate = time.GetUtcNow().UtcDateTime,
        };
        context.LoginProfiles.Add(profile);
        await context.SaveUniqueAsync(() => AlreadyExists(user.UserName), ct);

        return Info(user.UserName, profile);
    }

    /// <summary>Whether and since when a user has a console password. Authorizes <c>iam:GetLoginProfile</c>.</summary>
    /// <exception cref="AwsServiceException">ValidationError (the root names no user), NoSuchEntity (the user or its profile).</exception>
    public async Task<LoginProfileInfo> GetAsync(CallContext call, string? userName, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await TargetAsync(context, authorizer.For(call, "iam:GetLoginProfile"), userName, ct);
        var profile = await context.LoginProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserKey == user.Key, ct)
            ?? throw NotFound(user.UserName);
        return Info(user.UserName, profile);
    }

    /// <summary>
    /// Sets a new password and/or the reset flag; what is omitted stays as it is. Authorizes
    /// <c>iam:UpdateLoginProfile</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the user or its profile), PasswordPolicyViolation.</exception>
    public async Task UpdateAsync(CallContext call, string userName, string? password, bool? passwordResetRequired, CancellationToken ct)
    {
        var accountId = call.AccountId;
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:UpdateLoginProfile"), userName, ct);
        var profile = await context.LoginProfiles.FirstOrDefaultAsync(p => p.UserKey == user.Key, ct) ?? throw NotFound(user.UserName);
        if (password is not null)
        {
            await CheckPasswordAsync(context, accountId, password, ct);
            profile.PasswordHash = PasswordHashing.Hash(password);
        }

        profile.PasswordResetRequired = passwordResetRequired ?? profile.PasswordResetRequired;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>Removes a user's console password. Authorizes <c>iam:DeleteLoginProfile</c>.</summary>
    /// <exception cref="AwsServiceException">ValidationError (the root names no user), NoSuchEntity (the user or its profile).</exception>
    public async Task DeleteAsync(CallContext call, string? userName, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await TargetAsync(context, authorizer.For(call, "iam:DeleteLoginProfile"), userName, ct);
        if (await context.LoginProfiles.Where(p => p.UserKey == user.Key).ExecuteDeleteAsync(ct) == 0)
        {
            throw NotFound(user.UserName);
        }
    }

    /// <summary>
    /// An IAM user changes their own password. The root cannot (InvalidUserType, as the AWS
    /// CLI documentation of change-password states). Authorizes <c>iam:ChangePassword</c> on the
    /// user's ARN unless the password policy allows users to change their password (model
    /// documentation of <c>AllowUsersToChangePassword</c>). A wrong old password is AccessDenied.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidUserType, NoSuchEntity (no profile), AccessDenied (wrong old password), PasswordPolicyViolation.</exception>
    public async Task ChangePasswordAsync(CallContext call, string oldPassword, string newPassword, CancellationToken ct)
    {
        var caller = call.Caller;
        if (caller.UserKey is not { } userKey)
        {
            throw IamErrors.InvalidUserType("Only IAM users can change their own password; the account root cannot.");
        }

        await using var context = db.Create();
        var user = await context.Users.FirstOrDefaultAsync(u => u.Key == userKey, ct) ?? throw IamErrors.NoSuchUser(caller.UserName ?? "");
        var policy = await context.PasswordPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == caller.AccountId, ct);
        if (policy is not { AllowUsersToChangePassword: true })
        {
            await authorizer.RequireAsync(call, "iam:ChangePassword", Arns.User(user.AccountId, user.Path, user.UserName), ct);
        }

        var profile = await context.LoginProfiles.FirstOrDefaultAsync(p => p.UserKey == userKey, ct) ?? throw NotFound(user.UserName);
        if (!PasswordHashing.Verify(oldPassword, profile.PasswordHash))
        {
            throw WrongOldPassword();
        }

        await CheckPasswordAsync(context, caller.AccountId, newPassword, ct);
        if (policy?.PasswordReusePrevention is { } reuse && PasswordHashing.Verify(newPassword, profile.PasswordHash))
        {
            // Only the current password is kept, so it is the one previous password we can refuse.
            throw IamErrors.PasswordPolicyViolation($"Password should not be one of your last {reuse} passwords");
        }

        profile.PasswordHash = PasswordHashing.Hash(newPassword);
        profile.PasswordResetRequired = false;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The named user, else the calling IAM user. The root must name a user: AWS lets the root
    /// omit the name only in an AssumeRoot session, which Gitstead does not have.
    /// </summary>
    private static async Task<IamUser> TargetAsync(GitsteadDbContext context, Permission permission, string? userName, CancellationToken ct)
    {
        var caller = permission.Caller;
        if (userName is null && caller.IsRoot)
        {
            throw Validation.Error("Value null at 'userName' failed to satisfy constraint: Member must not be null");
        }

        return await UserLookup.RequireAuthorizedOrCallerAsync(context, permission, userName, ct)
            ?? throw IamErrors.NoSuchUser(caller.UserName ?? "");
    }

    private static LoginProfileInfo Info(string userName, LoginProfile profile) => new(userName, profile.CreateDate, profile.PasswordResetRequired);

    private static async Task CheckPasswordAsync(GitsteadDbContext context, string accountId, string password, CancellationToken ct)
    {
        var account = await context.Accounts.AsNoTracking().FirstAsync(a => a.Id == accountId, ct);
        var policy = await context.PasswordPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == accountId, ct);
        PasswordRules.Check(password, policy, account);
    }

    /// <summary>
    /// A wrong current password. The model names no error for it: InvalidUserType is about the
    /// kind of principal and PasswordPolicyViolation about the new password. The request fails
    /// to prove the caller may change this password, which is what IAM's common AccessDenied
    /// (403) reports; clients see it as a ClientError with that code, as for any other denial.
    /// </summary>
    private static AwsServiceException WrongOldPassword() =>
        new("AccessDenied", "The old password is incorrect.", 403);

    private static AwsServiceException AlreadyExists(string userName) =>
        IamErrors.EntityAlreadyExists($"Login Profile for user {userName} already exists.");

    private static AwsServiceException NotFound(string userName) =>
        IamErrors.NoSuchEntity($"Login Profile for User {userName} cannot be found.");
}
