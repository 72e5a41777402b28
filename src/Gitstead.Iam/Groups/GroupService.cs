using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Gitstead.Iam.Users;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Groups;

/// <summary>The rules of IAM groups: names, paths, membership and what blocks a delete.</summary>
internal sealed class GroupService(IGitsteadDb db, TimeProvider time)
{
    public const int GroupsQuota = 300;
    public const int GroupsPerUserQuota = 10;

    public async Task<IamGroup> CreateAsync(string accountId, string groupName, string path, Permission permission, CancellationToken ct)
    {
        await permission.RequireAsync(Arns.Group(accountId, path, groupName), ct);
        await using var context = db.Create();
        var nameKey = GroupLookup.NameKey(groupName);
        if (await context.Groups.AnyAsync(g => g.AccountId == accountId && g.NameKey == nameKey, ct))
        {
            throw AlreadyExists(groupName);
        }

        if (await context.Groups.CountAsync(g => g.AccountId == accountId, ct) >= GroupsQuota)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for GroupsPerAccount: {GroupsQuota}");
        }

        var group = new IamGroup
        {
            AccountId = accountId,
            GroupId = IamIds.UniqueId("AGPA"),
            GroupName = groupName,
            NameKey = nameKey,
            Path = path,
            CreateDate = time.GetUtcNow().UtcDateTime,
        };
        context.Groups.Add(group);
        await context.SaveUniqueAsync(() => AlreadyExists(groupName), ct);
        return group;
    }

    /// <summary>The group and a page of its members, ordered by name.</summary>
    public async Task<(IamGroup Group, Page<IamUser> Users)> GetAsync(
        string accountId, string groupName, QueryArgs paging, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, accountId, groupName, permission, ct);
        var members = context.GroupMembers.Where(m => m.GroupKey == group.Key)
            .Join(context.Users.AsNoTracking(), m => m.UserKey, u => u.Key, (m, u) => u)
            .OrderBy(u => u.NameKey);
        var users = await Paging.PageAsync(members, u => u.NameKey, (q, after) => q.Where(u => string.Compare(u.NameKey, after) > 0), paging, ct);
        return (group, users);
    }

    /// <summary>Groups whose path starts with <paramref name="pathPrefix"/>, ordered by name.</summary>
    public async Task<Page<IamGroup>> ListAsync(string accountId, string pathPrefix, QueryArgs paging, CancellationToken ct)
    {
        await using var context = db.Create();
        var query = context.Groups.AsNoTracking()
            .Where(g => g.AccountId == accountId && g.Path.StartsWith(pathPrefix))
            .OrderBy(g => g.NameKey);
        return await Paging.PageAsync(query, g => g.NameKey, (q, after) => q.Where(g => string.Compare(g.NameKey, after) > 0), paging, ct);
    }

    /// <summary>The groups of a user, ordered by name.</summary>
    public async Task<Page<IamGroup>> ListForUserAsync(string accountId, string userName, QueryArgs paging, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, permission, userName, ct);
        var query = context.GroupMembers.Where(m => m.UserKey == user.Key)
            .Join(context.Groups.AsNoTracking(), m => m.GroupKey, g => g.Key, (m, g) => g)
            .OrderBy(g => g.NameKey);
        return await Paging.PageAsync(query, g => g.NameKey, (q, after) => q.Where(g => string.Compare(g.NameKey, after) > 0), paging, ct);
    }

    /// <summary>
    /// Renames and/or moves a group. AWS requires permission on both the current and the new
    /// ARN, so <paramref name="permission"/> runs for each.
    /// </summary>
    public async Task UpdateAsync(string accountId, string groupName, string? newName, string? newPath, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, accountId, groupName, permission, ct);
        var name = newName ?? group.GroupName;
        var path = newPath ?? group.Path;
        if (name == group.GroupName && path == group.Path)
        {
            return;
        }

        await permission.RequireAsync(Arns.Group(accountId, path, name), ct);
        var nameKey = GroupLookup.NameKey(name);
        if (nameKey != group.NameKey && await context.Groups.AnyAsync(g => g.AccountId == accountId && g.NameKey == nameKey, ct))
        {
            throw AlreadyExists(name);
        }

        (group.GroupName, group.NameKey, group.Path) = (name, nameKey, path);
        await context.SaveUniqueAsync(() => AlreadyExists(name), ct);
    }

    /// <summary>Deletes a group that has no members and no policies (AWS's DeleteGroup contract).</summary>
    public async Task DeleteAsync(string accountId, string groupName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        await using var tx = await context.Database.BeginTransactionAsync(ct);
        var group = await GroupLookup.RequireAuthorizedAsync(context, accountId, groupName, permission, ct);
        if (await DeleteBlockerAsync(context, group.Key, ct) is { } blocker)
        {
            throw IamErrors.DeleteConflict($"Cannot delete entity, must {blocker} first.");
        }

        await context.Groups.Where(g => g.Key == group.Key).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Adds a user to a group; adding a member again changes nothing.</summary>
    public async Task AddUserAsync(string accountId, string groupName, string userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, accountId, groupName, permission, ct);
        var user = await UserLookup.RequireAsync(context, accountId, userName, ct);
        var groups = await context.GroupMembers.Where(m => m.UserKey == user.Key).Select(m => m.GroupKey).ToListAsync(ct);
        if (groups.Contains(group.Key))
        {
            return;
        }

        if (groups.Count >= GroupsPerUserQuota)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for GroupsPerUser: {GroupsPerUserQuota}");
        }

        context.GroupMembers.Add(new GroupMember { GroupKey = group.Key, UserKey = user.Key });

        // False when a concurrent AddUserToGroup of the same pair won the race: the user is a member.
        await context.TrySaveUniqueAsync(ct);
    }

    public async Task RemoveUserAsync(string accountId, string groupName, string userName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, accountId, groupName, permission, ct);
        var user = await UserLookup.RequireAsync(context, accountId, userName, ct);
        var removed = await context.GroupMembers.Where(m => m.GroupKey == group.Key && m.UserKey == user.Key).ExecuteDeleteAsync(ct);
        if (removed == 0)
        {
            throw IamErrors.NoSuchUser(userName);
        }
    }

    /// <summary>What still hangs on a group; null when nothing does.</summary>
    private static async Task<string?> DeleteBlockerAsync(GitsteadDbContext context, long groupKey, CancellationToken ct)
    {
        if (await context.GroupMembers.AnyAsync(m => m.GroupKey == groupKey, ct))
        {
            return "remove users from group";
        }

        if (await context.PolicyAttachments.AnyAsync(a => a.PrincipalType == PrincipalTypes.Group && a.PrincipalKey == groupKey, ct))
        {
            return "detach all policies";
        }

        return await context.InlinePolicies.AnyAsync(p => p.PrincipalType == PrincipalTypes.Group && p.PrincipalKey == groupKey, ct)
            ? "delete policies"
            : null;
    }

    private static AwsServiceException AlreadyExists(string groupName) =>
        IamErrors.EntityAlreadyExists($"Group with name {groupName} already exists.");
}
