using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Users;

/// <summary>Finds the IAM user an operation targets.</summary>
internal static class UserLookup
{
    public static string Arn(IamUser user) => IamIds.UserArn(user.AccountId, user.Path, user.UserName);

    /// <summary>The user named <paramref name="userName"/> in the caller's account (case-insensitive), or NoSuchEntity.</summary>
    public static async Task<IamUser> RequireAsync(GitsteadDbContext db, string accountId, string userName, CancellationToken ct)
    {
        var key = userName.ToLowerInvariant();
        return await db.Users.FirstOrDefaultAsync(u => u.AccountId == accountId && u.NameKey == key, ct)
            ?? throw IamErrors.NoSuchUser(userName);
    }

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
}
