using System.Data.Common;
using Gitstead.Aws;
using Gitstead.Iam.AccessKeys;
using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Users;

/// <summary>
/// IAM users: names, paths, tags, renames and what blocks a delete. Every method authorizes
/// its caller itself (the action named on each, on the user's ARN unless said otherwise) and
/// throws <see cref="AccessDeniedException"/> when the caller's policies do not allow it; a
/// user that does not exist is authorized as <c>user/NAME</c> before NoSuchEntity, so a caller
/// without permission learns nothing about which users exist. Other outcomes are
/// <see cref="AwsServiceException"/>s with IAM's error codes.
/// </summary>
public sealed class UserService(IGitsteadDb db, PreparedReads reads, IAuthorizer authorizer, TimeProvider time)
{
    public const int UsersQuota = 5000;

    /// <summary>
    /// Creates a user. Authorizes <c>iam:CreateUser</c> on the new ARN, with the tags as
    /// <c>aws:RequestTag/KEY</c> and <c>aws:TagKeys</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">
    /// InvalidInput (tag keys repeated or reserved, a boundary that is not a policy ARN),
    /// EntityAlreadyExists, LimitExceeded (5,000 users), NoSuchEntity (the boundary policy).
    /// </exception>
    public async Task<UserInfo> CreateAsync(CallContext call, NewUser user, CancellationToken ct)
    {
        var accountId = call.AccountId;
        await authorizer.RequireAsync(call, "iam:CreateUser", Arns.User(accountId, user.Path, user.UserName), UserTags.RequestConditions(user.Tags), ct);
        UserTags.CheckRequest(user.Tags, "User");
        await using var context = db.Create();

        // The quota's count and the insert hold the account's user lock: concurrent creators cannot pass it together.
        await using var transaction = await context.BeginLimitLockAsync($"iam-users:{accountId}", ct);
        var nameKey = IamPatterns.NameKey(user.UserName);
        if (await PrincipalRules.NameTakenAsync(context, PrincipalKind.User, accountId, nameKey, ct))
        {
            throw PrincipalKind.User.AlreadyExists(user.UserName);
        }

        if (await context.Users.CountAsync(u => u.AccountId == accountId, ct) >= UsersQuota)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for UsersPerAccount: {UsersQuota}");
        }

        await CheckBoundaryAsync(context, accountId, user.PermissionsBoundary, ct);
        var row = new IamUser
        {
            AccountId = accountId,
            UserId = IamIds.UniqueId("AIDA"),
            UserName = user.UserName,
            NameKey = nameKey,
            Path = user.Path,
            CreateDate = time.GetUtcNow().UtcDateTime,
            PermissionsBoundaryArn = user.PermissionsBoundary,
            Tags = user.Tags.Select(t => new UserTag { Key = t.Key, Value = t.Value }).ToList(),
        };
        context.Users.Add(row);
        await context.SaveUniqueAsync(() => PrincipalKind.User.AlreadyExists(user.UserName), ct);
        await transaction.CommitAsync(ct);
        return UserInfo.From(row);
    }

    /// <summary>
    /// The named user with its tags; without a name, the caller itself — the root's own
    /// identity when the root asks. Authorizes <c>iam:GetUser</c> (the root: on its own ARN).
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity.</exception>
    /// <remarks>Reads kept prepared (<see cref="PreparedReads"/>): GetUser is what tools call most.</remarks>
    public async Task<UserIdentity> GetAsync(CallContext call, string? userName, CancellationToken ct)
    {
        var caller = call.Caller;
        if (userName is null && caller.UserKey is null)
        {
            await authorizer.RequireAsync(call, "iam:GetUser", caller.Arn, ct);
            await using var context = db.Create();
            var created = await context.Accounts.Where(a => a.Id == caller.AccountId).Select(a => a.CreateDate).FirstOrDefaultAsync(ct);
            return new UserIdentity(caller.AccountId, caller.Arn, created, null);
        }

        var user = userName is null
            ? await reads.ReadAsync(UserByKey, ct, caller.UserKey!.Value) ?? throw IamErrors.NoSuchUser(caller.UserName ?? "")
            : await reads.ReadAsync(UserByName, ct, caller.AccountId, IamPatterns.NameKey(userName));
        var arn = user is null ? Arns.User(caller.AccountId, "/", userName!) : Arns.User(user.AccountId, user.Path, user.UserName);
        await authorizer.RequireAsync(call, "iam:GetUser", arn, ct);
        var info = user is null ? throw IamErrors.NoSuchUser(userName!) : UserInfo.From(user);
        return new UserIdentity(info.UserId, info.Arn, info.CreateDate, info);
    }

    /// <summary>
    /// Users whose path starts with <paramref name="pathPrefix"/>, by name. Authorizes
    /// <c>iam:ListUsers</c> on <c>user</c> + the prefix.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<UserInfo>> ListAsync(CallContext call, string pathPrefix, PageRequest page, CancellationToken ct)
    {
        var accountId = call.AccountId;
        await authorizer.RequireAsync(call, "iam:ListUsers", Arns.User(accountId, pathPrefix, ""), ct);
        await using var context = db.Create();
        var query = context.Users.AsNoTracking()
            .Where(u => u.AccountId == accountId && u.Path.StartsWith(pathPrefix))
            .OrderBy(u => u.NameKey);
        var users = await Paging.PageAsync(query, u => u.NameKey, (q, after) => q.Where(u => string.Compare(u.NameKey, after) > 0), page, ct);
        return users.Select(UserInfo.From);
    }

    /// <summary>
    /// What a users list shows beside each of <paramref name="userNames"/> (one page of
    /// <see cref="ListAsync"/>): its group count, whether it has a console password, and its
    /// access keys. Each is read only where the caller may make the call a console would
    /// otherwise make per user — <c>iam:ListGroupsForUser</c>, <c>iam:GetLoginProfile</c>,
    /// <c>iam:ListAccessKeys</c> on the user's ARN — and is null where it may not; nothing is
    /// refused. Four queries however long the list; names of no user are left out.
    /// </summary>
    public async Task<IReadOnlyList<UserSummary>> SummarizeAsync(CallContext call, IReadOnlyList<string> userNames, CancellationToken ct)
    {
        var accountId = call.AccountId;
        var nameKeys = userNames.Select(IamPatterns.NameKey).Distinct().ToList();
        await using var context = db.Create();
        var users = await context.Users.AsNoTracking()
            .Where(u => u.AccountId == accountId && nameKeys.Contains(u.NameKey))
            .Select(u => new { u.Key, u.UserName, u.Path })
            .ToListAsync(ct);
        var groupsFor = new List<long>();
        var profileFor = new List<long>();
        var keysFor = new List<long>();
        foreach (var user in users)
        {
            var arn = Arns.User(accountId, user.Path, user.UserName);
            if (await AllowsAsync(call, "iam:ListGroupsForUser", arn, ct))
            {
                groupsFor.Add(user.Key);
            }

            if (await AllowsAsync(call, "iam:GetLoginProfile", arn, ct))
            {
                profileFor.Add(user.Key);
            }

            if (await AllowsAsync(call, "iam:ListAccessKeys", arn, ct))
            {
                keysFor.Add(user.Key);
            }
        }

        var groups = await context.GroupMembers.Where(m => groupsFor.Contains(m.UserKey))
            .GroupBy(m => m.UserKey).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var profiles = (await context.LoginProfiles.Where(p => profileFor.Contains(p.UserKey)).Select(p => p.UserKey).ToListAsync(ct)).ToHashSet();
        var keys = (await context.AccessKeys.AsNoTracking().Where(k => k.UserKey != null && keysFor.Contains(k.UserKey.Value)).ToListAsync(ct))
            .ToLookup(k => k.UserKey!.Value);
        return users.OrderBy(u => IamPatterns.NameKey(u.UserName), StringComparer.Ordinal).Select(u => new UserSummary(
            u.UserName,
            groupsFor.Contains(u.Key) ? groups.GetValueOrDefault(u.Key) : null,
            profileFor.Contains(u.Key) ? profiles.Contains(u.Key) : null,
            keysFor.Contains(u.Key)
                ? keys[u.Key].OrderBy(k => k.AccessKeyId, StringComparer.Ordinal).Select(k => new AccessKeyInfo(u.UserName, k.AccessKeyId, k.Status, k.CreateDate)).ToList()
                : null)).ToList();
    }

    /// <summary>
    /// Renames and/or moves a user; what is omitted stays. Authorizes <c>iam:UpdateUser</c> on
    /// the current ARN and, as AWS requires, on the new one.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, EntityAlreadyExists (the new name).</exception>
    public async Task UpdateAsync(CallContext call, string userName, string? newName, string? newPath, CancellationToken ct)
    {
        var permission = authorizer.For(call, "iam:UpdateUser");
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, permission, userName, ct);
        await PrincipalRules.RenameAsync(
            context, permission, PrincipalKind.User, (user.UserName, user.NameKey, user.Path), newName, newPath,
            (name, nameKey, path) => (user.UserName, user.NameKey, user.Path) = (name, nameKey, path), ct);
    }

    /// <summary>
    /// Deletes a user that owns nothing any more (AWS's DeleteUser contract), with its tags.
    /// Authorizes <c>iam:DeleteUser</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, DeleteConflict (naming what must go first).</exception>
    public async Task DeleteAsync(CallContext call, string userName, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:DeleteUser"), userName, ct);

        // Checking and deleting in one transaction keeps a credential created meanwhile from
        // being orphaned (SQLite serializes writers; PostgreSQL narrows the window).
        await using var tx = await context.Database.BeginTransactionAsync(ct);
        await PrincipalRules.ThrowIfDeleteBlockedAsync(context, PrincipalKind.User, user.Key, ct);

        await context.SessionCredentials.Where(s => s.UserKey == user.Key).ExecuteDeleteAsync(ct);
        await context.UserTags.Where(t => t.UserKey == user.Key).ExecuteDeleteAsync(ct);
        await context.Users.Where(u => u.Key == user.Key).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Adds tags; a key already present (compared case-insensitively) takes the new key and
    /// value. Authorizes <c>iam:TagUser</c> with <c>aws:RequestTag/KEY</c> and <c>aws:TagKeys</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, InvalidInput (keys repeated or reserved), LimitExceeded (50 tags).</exception>
    public async Task TagAsync(CallContext call, string userName, IReadOnlyList<Tag> tags, CancellationToken ct)
    {
        await using var context = db.Create();
        var permission = authorizer.For(call, "iam:TagUser", UserTags.RequestConditions(tags));
        var user = await UserLookup.RequireAuthorizedAsync(context, permission, userName, ct);
        UserTags.CheckRequest(tags, "User");
        await context.Entry(user).Collection(u => u.Tags).LoadAsync(ct);
        var count = user.Tags.Count;
        foreach (var tag in tags)
        {
            var existing = user.Tags.FirstOrDefault(t => t.Key.Equals(tag.Key, StringComparison.OrdinalIgnoreCase));
            if (existing?.Key == tag.Key)
            {
                existing.Value = tag.Value;
                continue;
            }

            if (existing is not null)
            {
                context.UserTags.Remove(existing);
                count--;
            }

            context.UserTags.Add(new UserTag { UserKey = user.Key, Key = tag.Key, Value = tag.Value });
            count++;
        }

        if (count > UserTags.MaxPerUser)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for TagsPerUser: {UserTags.MaxPerUser}");
        }

        await context.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Removes the tags with these keys (case-insensitively); absent keys are ignored.
    /// Authorizes <c>iam:UntagUser</c> with <c>aws:TagKeys</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity.</exception>
    public async Task UntagAsync(CallContext call, string userName, IReadOnlyList<string> tagKeys, CancellationToken ct)
    {
        await using var context = db.Create();
        var keys = new Dictionary<string, IReadOnlyList<string>> { ["aws:TagKeys"] = tagKeys };
        var user = await UserLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:UntagUser", keys), userName, ct);
        await context.Entry(user).Collection(u => u.Tags).LoadAsync(ct);
        context.UserTags.RemoveRange(user.Tags.Where(t => tagKeys.Contains(t.Key, StringComparer.OrdinalIgnoreCase)));
        await context.SaveChangesAsync(ct);
    }

    /// <summary>The user's tags, by key. Authorizes <c>iam:ListUserTags</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<Tag>> ListTagsAsync(CallContext call, string userName, PageRequest page, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:ListUserTags"), userName, ct);
        var tags = await context.UserTags.AsNoTracking().Where(t => t.UserKey == user.Key).Select(t => new Tag(t.Key, t.Value)).ToListAsync(ct);
        return Paging.PageList(tags.OrderBy(t => t.Key, StringComparer.Ordinal), t => t.Key, page);
    }

    private async Task<bool> AllowsAsync(CallContext call, string action, string arn, CancellationToken ct) =>
        (await authorizer.AuthorizeAsync(new AuthorizationRequest(call, action, arn), ct)).IsAllowed;

    /// <summary>The user's columns and its tags, one row per tag (one row with no tag when it has none).</summary>
    private const string UserWithTags = """
        SELECT u."Key", u."AccountId", u."UserId", u."UserName", u."NameKey", u."Path", u."CreateDate", u."PasswordLastUsed",
               u."PermissionsBoundaryArn", t."Key", t."Value"
        FROM "Users" AS u
        LEFT JOIN "UserTags" AS t ON t."UserKey" = u."Key"
        """;

    private static readonly PreparedRead<IamUser> UserByName = new(
        UserWithTags + """ WHERE u."AccountId" = @p0 AND u."NameKey" = @p1""", ReadUserWithTags);

    private static readonly PreparedRead<IamUser> UserByKey = new(UserWithTags + """ WHERE u."Key" = @p0""", ReadUserWithTags);

    private static IamUser? ReadUserWithTags(DbDataReader r)
    {
        IamUser? user = null;
        while (r.Read())
        {
            user ??= new IamUser
            {
                Key = r.GetInt64(0),
                AccountId = r.GetString(1),
                UserId = r.GetString(2),
                UserName = r.GetString(3),
                NameKey = r.GetString(4),
                Path = r.GetString(5),
                CreateDate = r.GetDateTime(6),
                PasswordLastUsed = r.GetDateTimeOrNull(7),
                PermissionsBoundaryArn = r.GetStringOrNull(8),
            };
            if (!r.IsDBNull(9))
            {
                user.Tags.Add(new UserTag { UserKey = user.Key, Key = r.GetString(9), Value = r.GetString(10) });
            }
        }

        return user;
    }

    /// <summary>
    /// A permissions boundary must be a managed policy: one of this account's (which must
    /// exist) or an AWS managed policy (<c>arn:aws:iam::aws:policy/…</c>).
    /// </summary>
    private static async Task CheckBoundaryAsync(GitsteadDbContext context, string accountId, string? arn, CancellationToken ct)
    {
        if (arn is null || arn.StartsWith(PolicyArns.AwsPrefix, StringComparison.Ordinal))
        {
            return;
        }

        if (!arn.StartsWith(Arns.Policy(accountId, "/", ""), StringComparison.Ordinal))
        {
            throw IamErrors.InvalidInput($"ARN {arn} is not valid.");
        }

        if (!await context.Policies.AnyAsync(p => p.Arn == arn, ct))
        {
            throw IamErrors.NoSuchEntity($"Policy {arn} does not exist or is not attachable.");
        }
    }
}
