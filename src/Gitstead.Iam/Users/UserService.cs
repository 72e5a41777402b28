using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Users;

/// <summary>A user to create, already checked against the model's constraints.</summary>
internal sealed record NewUser(string UserName, string Path, string? PermissionsBoundary, IReadOnlyList<TagInput> Tags);

/// <summary>What GetUser shows: an IAM user, or the account root when the root asks about itself.</summary>
internal sealed record UserView(IamUser? User, string AccountId, DateTime AccountCreateDate);

/// <summary>The rules of IAM users: names, paths, tags, renames and what blocks a delete.</summary>
internal sealed class UserService(IGitsteadDb db, TimeProvider time)
{
    public const int UsersQuota = 5000;

    public async Task<IamUser> CreateAsync(string accountId, NewUser request, Permission permission, CancellationToken ct)
    {
        await permission.RequireAsync(Arns.User(accountId, request.Path, request.UserName), ct);
        UserTags.CheckRequest(request.Tags, "User");
        await using var context = db.Create();
        var nameKey = IamPatterns.NameKey(request.UserName);
        if (await context.Users.AnyAsync(u => u.AccountId == accountId && u.NameKey == nameKey, ct))
        {
            throw AlreadyExists(request.UserName);
        }

        if (await context.Users.CountAsync(u => u.AccountId == accountId, ct) >= UsersQuota)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for UsersPerAccount: {UsersQuota}");
        }

        await CheckBoundaryAsync(context, accountId, request.PermissionsBoundary, ct);
        var user = new IamUser
        {
            AccountId = accountId,
            UserId = IamIds.UniqueId("AIDA"),
            UserName = request.UserName,
            NameKey = nameKey,
            Path = request.Path,
            CreateDate = time.GetUtcNow().UtcDateTime,
            PermissionsBoundaryArn = request.PermissionsBoundary,
            Tags = request.Tags.Select(t => new UserTag { Key = t.Key, Value = t.Value }).ToList(),
        };
        context.Users.Add(user);
        await context.SaveUniqueAsync(() => AlreadyExists(request.UserName), ct);
        return user;
    }

    /// <summary>The named user with its tags, or the caller; the root when the root omits the name.</summary>
    /// <remarks>
    /// Authorized as <see cref="UserLookup.RequireAuthorizedOrCallerAsync"/> does (a missing user
    /// is authorized as <c>user/NAME</c> before NoSuchEntity), with compiled read-only queries:
    /// GetUser is what tools call most.
    /// </remarks>
    public async Task<UserView> GetAsync(Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        if (userName is null && caller.UserKey is null)
        {
            await permission.RequireAsync(Arns.Root(caller.AccountId), ct);
            var created = await context.Accounts.Where(a => a.Id == caller.AccountId).Select(a => a.CreateDate).FirstOrDefaultAsync(ct);
            return new UserView(null, caller.AccountId, created);
        }

        var user = userName is null
            ? await UserByKey(context, caller.UserKey!.Value, ct) ?? throw IamErrors.NoSuchUser(caller.UserName ?? "")
            : await UserByName(context, caller.AccountId, IamPatterns.NameKey(userName), ct);
        await permission.RequireAsync(user is null ? Arns.User(caller.AccountId, "/", userName!) : Arns.User(user.AccountId, user.Path, user.UserName), ct);
        return user is null ? throw IamErrors.NoSuchUser(userName!) : new UserView(user, caller.AccountId, default);
    }

    private static readonly Func<GitsteadDbContext, string, string, CancellationToken, Task<IamUser?>> UserByName =
        EF.CompileAsyncQuery((GitsteadDbContext db, string accountId, string nameKey, CancellationToken ct) =>
            db.Users.AsNoTracking().Include(u => u.Tags).FirstOrDefault(u => u.AccountId == accountId && u.NameKey == nameKey));

    private static readonly Func<GitsteadDbContext, long, CancellationToken, Task<IamUser?>> UserByKey =
        EF.CompileAsyncQuery((GitsteadDbContext db, long userKey, CancellationToken ct) =>
            db.Users.AsNoTracking().Include(u => u.Tags).FirstOrDefault(u => u.Key == userKey));

    /// <summary>
    /// The user an operation on a user's own resources targets, authorized: see
    /// <see cref="UserLookup.RequireAuthorizedAsync"/>.
    /// </summary>
    public async Task<IamUser> RequireAuthorizedAsync(string accountId, string userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        return await UserLookup.RequireAuthorizedAsync(context, accountId, userName, permission, ct);
    }

    /// <summary>
    /// The named user, else the calling user, authorized; null for the root (authorized on its
    /// ARN): see <see cref="UserLookup.RequireAuthorizedOrCallerAsync"/>.
    /// </summary>
    public async Task<IamUser?> RequireAuthorizedOrCallerAsync(Caller caller, string? userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        return await UserLookup.RequireAuthorizedOrCallerAsync(context, caller, userName, permission, ct);
    }

    /// <summary>Users whose path starts with <paramref name="pathPrefix"/>, ordered by name.</summary>
    public async Task<Page<IamUser>> ListAsync(string accountId, string pathPrefix, QueryArgs paging, CancellationToken ct)
    {
        await using var context = db.Create();
        var query = context.Users.AsNoTracking()
            .Where(u => u.AccountId == accountId && u.Path.StartsWith(pathPrefix))
            .OrderBy(u => u.NameKey);
        return await Paging.PageAsync(query, u => u.NameKey, (q, after) => q.Where(u => string.Compare(u.NameKey, after) > 0), paging, ct);
    }

    /// <summary>
    /// Renames and/or moves a user. AWS requires permission on both the current and the new
    /// ARN, so <paramref name="permission"/> runs for each.
    /// </summary>
    public async Task UpdateAsync(string accountId, string userName, string? newName, string? newPath, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, accountId, userName, permission, ct);
        var name = newName ?? user.UserName;
        var path = newPath ?? user.Path;
        if (name == user.UserName && path == user.Path)
        {
            return;
        }

        await permission.RequireAsync(Arns.User(accountId, path, name), ct);
        var nameKey = IamPatterns.NameKey(name);
        if (nameKey != user.NameKey && await context.Users.AnyAsync(u => u.AccountId == accountId && u.NameKey == nameKey, ct))
        {
            throw AlreadyExists(name);
        }

        (user.UserName, user.NameKey, user.Path) = (name, nameKey, path);
        await context.SaveUniqueAsync(() => AlreadyExists(name), ct);
    }

    /// <summary>Deletes a user that owns nothing any more (AWS's DeleteUser contract), with its tags.</summary>
    public async Task DeleteAsync(string accountId, string userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, accountId, userName, permission, ct);

        // Checking and deleting in one transaction keeps a credential created meanwhile from
        // being orphaned (SQLite serializes writers; PostgreSQL narrows the window).
        await using var tx = await context.Database.BeginTransactionAsync(ct);
        if (await DeleteBlockerAsync(context, user.Key, ct) is { } blocker)
        {
            throw IamErrors.DeleteConflict($"Cannot delete entity, must {blocker} first.");
        }

        await context.SessionCredentials.Where(s => s.UserKey == user.Key).ExecuteDeleteAsync(ct);
        await context.UserTags.Where(t => t.UserKey == user.Key).ExecuteDeleteAsync(ct);
        await context.Users.Where(u => u.Key == user.Key).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Adds tags; a key already present (compared case-insensitively) takes the new key and value.</summary>
    public async Task TagAsync(string accountId, string userName, IReadOnlyList<TagInput> tags, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, accountId, userName, permission, ct);
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

    public async Task UntagAsync(string accountId, string userName, IReadOnlyList<string> keys, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, accountId, userName, permission, ct);
        await context.Entry(user).Collection(u => u.Tags).LoadAsync(ct);
        context.UserTags.RemoveRange(user.Tags.Where(t => keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase)));
        await context.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<UserTag>> ListTagsAsync(string accountId, string userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, accountId, userName, permission, ct);
        var tags = await context.UserTags.AsNoTracking().Where(t => t.UserKey == user.Key).ToListAsync(ct);
        return tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>What still hangs on a user, in the order of AWS's DeleteUser documentation; null when nothing does.</summary>
    private static async Task<string?> DeleteBlockerAsync(GitsteadDbContext context, long userKey, CancellationToken ct)
    {
        if (await context.LoginProfiles.AnyAsync(p => p.UserKey == userKey, ct))
        {
            return "delete login profile";
        }

        if (await context.AccessKeys.AnyAsync(k => k.UserKey == userKey, ct))
        {
            return "delete access keys";
        }

        if (await context.SshPublicKeys.AnyAsync(k => k.UserKey == userKey, ct))
        {
            return "delete SSH public keys";
        }

        if (await context.ServiceCredentials.AnyAsync(c => c.UserKey == userKey, ct))
        {
            return "delete service specific credentials";
        }

        if (await context.InlinePolicies.AnyAsync(p => p.PrincipalType == "user" && p.PrincipalKey == userKey, ct))
        {
            return "delete policies";
        }

        if (await context.PolicyAttachments.AnyAsync(a => a.PrincipalType == "user" && a.PrincipalKey == userKey, ct))
        {
            return "detach all policies";
        }

        return await context.GroupMembers.AnyAsync(m => m.UserKey == userKey, ct) ? "remove users from group" : null;
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

    private static AwsServiceException AlreadyExists(string userName) =>
        IamErrors.EntityAlreadyExists($"User with name {userName} already exists.");
}
