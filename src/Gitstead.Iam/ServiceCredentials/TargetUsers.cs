using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>
/// Finds the IAM user a user-scoped operation acts on and authorizes the action on that
/// user's ARN. Authorization comes before "no such user", so a caller without permission
/// learns nothing about which users exist.
/// </summary>
internal sealed class TargetUsers(IGitsteadDb db)
{
    /// <returns>
    /// The named user, or the calling user when the name is omitted; null when the name is
    /// omitted and the caller is the account root.
    /// </returns>
    /// <exception cref="AwsServiceException">AccessDenied, or NoSuchEntity for an unknown name.</exception>
    public async Task<IamUser?> AuthorizeAsync(AwsRequestContext ctx, string action, string? userName)
    {
        var caller = ctx.Caller;
        await using var context = db.Create();
        if (userName is null)
        {
            await ctx.AuthorizeAsync(action, caller.Arn);
            return await UserLookup.RequireOrCallerAsync(context, caller, null, ctx.Aborted);
        }

        var nameKey = userName.ToLowerInvariant();
        var user = await context.Users.AsNoTracking()
            .FirstOrDefaultAsync(u => u.AccountId == caller.AccountId && u.NameKey == nameKey, ctx.Aborted);
        await ctx.AuthorizeAsync(action, user is null ? IamIds.UserArn(caller.AccountId, "/", userName) : UserLookup.Arn(user));
        return user ?? throw IamErrors.NoSuchUser(userName);
    }

    /// <summary>Like <see cref="AuthorizeAsync"/> for operations whose user name is required.</summary>
    public async Task<IamUser> AuthorizeNamedAsync(AwsRequestContext ctx, string action, string userName) =>
        await AuthorizeAsync(ctx, action, userName) ?? throw IamErrors.NoSuchUser(userName);
}
