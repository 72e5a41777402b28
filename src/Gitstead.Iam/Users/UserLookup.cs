using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Users;

/// <summary>Finds the IAM user an operation targets.</summary>
internal static class UserLookup
{
    /// <summary>The user named <paramref name="userName"/> in the caller's account (case-insensitive), or NoSuchEntity.</summary>
    public static async Task<IamUser> RequireAsync(GitsteadDbContext db, string accountId, string userName, CancellationToken ct) =>
        await FindAsync(db, accountId, userName, ct) ?? throw IamErrors.NoSuchUser(userName);

    /// <summary>
    /// The user named, or — when the name is omitted — the calling user. Returns null when the
    /// name is omitted and the caller is the account root (operations then act on the root
    /// where AWS allows it, or refuse).
    /// </summary>
    public static async Task<IamUser?> RequireOrCallerAsync(GitsteadDbContext db, Caller caller, string? userName, CancellationToken ct)
    {
        if (userName is not null)
        {
            return await RequireAsync(db, caller.AccountId, userName, ct);
        }

        if (caller.UserKey is not { } userKey)
        {
            return null;
        }

        return await db.Users.FirstOrDefaultAsync(u => u.Key == userKey, ct)
            ?? throw IamErrors.NoSuchUser(caller.UserName ?? "");
    }

    /// <summary>
    /// The named user, after <paramref name="permission"/> has authorized the caller on it. A user
    /// that does not exist is authorized as <c>user/NAME</c> first, so a caller without
    /// permission learns nothing about which users exist; then NoSuchEntity.
    /// </summary>
    public static async Task<IamUser> RequireAuthorizedAsync(
        GitsteadDbContext db, string accountId, string userName, Permission permission, CancellationToken ct)
    {
        var user = await FindAsync(db, accountId, userName, ct);
        await permission.RequireAsync(user is null ? Arns.User(accountId, "/", userName) : Arns.User(user.AccountId, user.Path, user.UserName), ct);
        return user ?? throw IamErrors.NoSuchUser(userName);
    }

    /// <summary>
    /// Like <see cref="RequireOrCallerAsync"/>, authorized: the named user, else the calling
    /// user; null (after authorizing on the root's ARN) when the caller is the root.
    /// </summary>
    public static async Task<IamUser?> RequireAuthorizedOrCallerAsync(
        GitsteadDbContext db, Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        if (userName is not null)
        {
            return await RequireAuthorizedAsync(db, caller.AccountId, userName, permission, ct);
        }

        var user = await RequireOrCallerAsync(db, caller, null, ct);
        await permission.RequireAsync(user is null ? Arns.Root(caller.AccountId) : Arns.User(user.AccountId, user.Path, user.UserName), ct);
        return user;
    }

    private static Task<IamUser?> FindAsync(GitsteadDbContext db, string accountId, string userName, CancellationToken ct)
    {
        var key = IamPatterns.NameKey(userName);
        return db.Users.FirstOrDefaultAsync(u => u.AccountId == accountId && u.NameKey == key, ct);
    }
}
