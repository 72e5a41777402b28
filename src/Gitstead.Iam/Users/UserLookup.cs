using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Users;

/// <summary>Finds the IAM user an operation targets, authorized on its ARN.</summary>
internal static class UserLookup
{
    /// <summary>The user named <paramref name="userName"/> in the account (case-insensitive), or NoSuchEntity; not authorized.</summary>
    public static async Task<IamUser> RequireAsync(GitsteadDbContext db, string accountId, string userName, CancellationToken ct) =>
        await FindAsync(db, accountId, userName, ct) ?? throw IamErrors.NoSuchUser(userName);

    /// <summary>
    /// The named user, once <paramref name="permission"/> allows the caller on its ARN. A user
    /// that does not exist is authorized as <c>user/NAME</c> first, so a caller without
    /// permission learns nothing about which users exist; then NoSuchEntity.
    /// </summary>
    public static async Task<IamUser> RequireAuthorizedAsync(GitsteadDbContext db, Permission permission, string userName, CancellationToken ct)
    {
        var user = await FindAsync(db, permission.AccountId, userName, ct);
        await permission.RequireAsync(user is null ? Arns.User(permission.AccountId, "/", userName) : Arns.User(user.AccountId, user.Path, user.UserName), ct);
        return user ?? throw IamErrors.NoSuchUser(userName);
    }

    /// <summary>
    /// Like <see cref="RequireAuthorizedAsync(GitsteadDbContext, Permission, string, CancellationToken)"/> for the named user; when the name is omitted,
    /// the calling user, or null (authorized on the root's ARN) when the caller is the root
    /// (operations then act on the root where AWS allows it, or refuse).
    /// </summary>
    public static async Task<IamUser?> RequireAuthorizedOrCallerAsync(
        GitsteadDbContext db, Permission permission, string? userName, CancellationToken ct)
    {
        if (userName is not null)
        {
            return await RequireAuthorizedAsync(db, permission, userName, ct);
        }

        var caller = permission.Caller;
        var user = caller.UserKey is { } userKey
            ? await db.Users.FirstOrDefaultAsync(u => u.Key == userKey, ct) ?? throw IamErrors.NoSuchUser(caller.UserName ?? "")
            : null;
        await permission.RequireAsync(user is null ? caller.Arn : Arns.User(user.AccountId, user.Path, user.UserName), ct);
        return user;
    }

    /// <summary><see cref="RequireAuthorizedAsync(GitsteadDbContext, Permission, string, CancellationToken)"/> in a context of its own, for services that need no other row in it.</summary>
    public static async Task<IamUser> RequireAuthorizedAsync(IGitsteadDb db, Permission permission, string userName, CancellationToken ct)
    {
        await using var context = db.Create();
        return await RequireAuthorizedAsync(context, permission, userName, ct);
    }

    /// <summary><see cref="RequireAuthorizedOrCallerAsync(GitsteadDbContext, Permission, string?, CancellationToken)"/> in a context of its own.</summary>
    public static async Task<IamUser?> RequireAuthorizedOrCallerAsync(IGitsteadDb db, Permission permission, string? userName, CancellationToken ct)
    {
        await using var context = db.Create();
        return await RequireAuthorizedOrCallerAsync(context, permission, userName, ct);
    }

    private static Task<IamUser?> FindAsync(GitsteadDbContext db, string accountId, string userName, CancellationToken ct)
    {
        var key = IamPatterns.NameKey(userName);
        return db.Users.FirstOrDefaultAsync(u => u.AccountId == accountId && u.NameKey == key, ct);
    }
}
