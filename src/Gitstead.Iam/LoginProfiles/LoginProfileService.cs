using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.LoginProfiles;

/// <summary>A user's login profile with the user's name, as the <c>LoginProfile</c> shape shows it.</summary>
internal sealed record LoginProfileView(string UserName, LoginProfile Profile);

/// <summary>Console passwords of IAM users: created, changed and removed by administrators or by the user.</summary>
internal sealed class LoginProfileService(IGitsteadDb db, TimeProvider time)
{
    public async Task<LoginProfileView> CreateAsync(
        Caller caller, string? userName, string password, bool resetRequired, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await TargetAsync(context, caller, userName, permission, ct);
        if (await context.LoginProfiles.AnyAsync(p => p.UserKey == user.Key, ct))
        {
            throw AlreadyExists(user.UserName);
        }

        await CheckPasswordAsync(context, caller.AccountId, password, ct);
        var profile = new LoginProfile
        {
            UserKey = user.Key,
            PasswordHash = PasswordHashing.Hash(password),
            PasswordResetRequired = resetRequired,
            CreateDate = time.GetUtcNow().UtcDateTime,
        };
        context.LoginProfiles.Add(profile);
        await context.SaveUniqueAsync(() => AlreadyExists(user.UserName), ct);

        return new LoginProfileView(user.UserName, profile);
    }

    public async Task<LoginProfileView> GetAsync(Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await TargetAsync(context, caller, userName, permission, ct);
        var profile = await context.LoginProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserKey == user.Key, ct)
            ?? throw NotFound(user.UserName);
        return new LoginProfileView(user.UserName, profile);
    }

    /// <summary>Sets a new password and/or the reset flag; what is omitted stays as it is.</summary>
    public async Task UpdateAsync(
        string accountId, string userName, string? password, bool? resetRequired, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, permission, userName, ct);
        var profile = await context.LoginProfiles.FirstOrDefaultAsync(p => p.UserKey == user.Key, ct) ?? throw NotFound(user.UserName);
        if (password is not null)
        {
            await CheckPasswordAsync(context, accountId, password, ct);
            profile.PasswordHash = PasswordHashing.Hash(password);
        }

        profile.PasswordResetRequired = resetRequired ?? profile.PasswordResetRequired;
        await context.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await TargetAsync(context, caller, userName, permission, ct);
        if (await context.LoginProfiles.Where(p => p.UserKey == user.Key).ExecuteDeleteAsync(ct) == 0)
        {
            throw NotFound(user.UserName);
        }
    }

    /// <summary>
    /// An IAM user changes their own password. The root cannot (InvalidUserType, as the AWS
    /// CLI documentation of change-password states). When the password policy allows users to
    /// change their password, no identity policy is needed for it (model documentation of
    /// <c>AllowUsersToChangePassword</c>).
    /// </summary>
    public async Task ChangePasswordAsync(Caller caller, string oldPassword, string newPassword, Permission permission, CancellationToken ct)
    {
        if (caller.UserKey is not { } userKey)
        {
            throw IamErrors.InvalidUserType("Only IAM users can change their own password; the account root cannot.");
        }

        await using var context = db.Create();
        var user = await context.Users.FirstOrDefaultAsync(u => u.Key == userKey, ct) ?? throw IamErrors.NoSuchUser(caller.UserName ?? "");
        var policy = await context.PasswordPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == caller.AccountId, ct);
        if (policy is not { AllowUsersToChangePassword: true })
        {
            await permission.RequireAsync(Arns.User(user.AccountId, user.Path, user.UserName), ct);
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
    private static async Task<IamUser> TargetAsync(GitsteadDbContext context, Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        if (userName is null && caller.IsRoot)
        {
            throw Validation.Error("Value null at 'userName' failed to satisfy constraint: Member must not be null");
        }

        return await UserLookup.RequireAuthorizedOrCallerAsync(context, permission, userName, ct)
            ?? throw IamErrors.NoSuchUser(caller.UserName ?? "");
    }

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
