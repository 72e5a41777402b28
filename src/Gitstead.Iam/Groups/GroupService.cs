using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Groups;

/// <summary>
/// IAM groups: names, paths, membership and what blocks a delete. Every method authorizes its
/// caller itself (the action named on each, on the group's ARN unless said otherwise) and
/// throws <see cref="AccessDeniedException"/> when the caller's policies do not allow it; a
/// group that does not exist is authorized as <c>group/NAME</c> before NoSuchEntity. Other
/// outcomes are <see cref="AwsServiceException"/>s with IAM's error codes.
/// </summary>
public sealed class GroupService(IGitsteadDb db, IAuthorizer authorizer, TimeProvider time)
{
    public const int GroupsQuota = 300;
    public const int GroupsPerUserQuota = 10;

    /// <summary>Creates a group. Authorizes <c>iam:CreateGroup</c> on the new ARN.</summary>
    /// <exception cref="AwsServiceException">EntityAlreadyExists, LimitExceeded (300 groups).</exception>
    public async Task<GroupInfo> CreateAsync(CallContext call, string groupName, string path, CancellationToken ct)
    {
        var accountId = call.AccountId;
        await authorizer.RequireAsync(call, "iam:CreateGroup", Arns.Group(accountId, path, groupName), ct);
        await using var context = db.Create();

        // The quota's count and the insert hold the account's group lock: concurrent creators cannot pass it together.
        await using var transaction = await context.BeginLimitLockAsync($"iam-groups:{accountId}", ct);
        var nameKey = IamPatterns.NameKey(groupName);
        if (await PrincipalRules.NameTakenAsync(context, PrincipalKind.Group, accountId, nameKey, ct))
        {
            throw PrincipalKind.Group.AlreadyExists(groupName);
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
        await context.SaveUniqueAsync(() => PrincipalKind.Group.AlreadyExists(groupName), ct);
        await transaction.CommitAsync(ct);
        return GroupInfo.From(group);
    }

    /// <summary>The group and a page of its members, by name. Authorizes <c>iam:GetGroup</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, InvalidInput (a marker this list did not hand out).</exception>
    public async Task<GroupDetails> GetAsync(CallContext call, string groupName, PageRequest page, CancellationToken ct)
    {
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:GetGroup"), groupName, ct);
        var members = context.GroupMembers.Where(m => m.GroupKey == group.Key)
            .Join(context.Users.AsNoTracking(), m => m.UserKey, u => u.Key, (m, u) => u)
            .OrderBy(u => u.NameKey);
        var users = await Paging.PageAsync(members, u => u.NameKey, (q, after) => q.Where(u => string.Compare(u.NameKey, after) > 0), page, ct);
        return new GroupDetails(GroupInfo.From(group), users.Select(UserInfo.From));
    }

    /// <summary>
    /// Groups whose path starts with <paramref name="pathPrefix"/>, by name. Authorizes
    /// <c>iam:ListGroups</c> on <c>group</c> + the prefix.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<GroupInfo>> ListAsync(CallContext call, string pathPrefix, PageRequest page, CancellationToken ct)
    {
        var accountId = call.AccountId;
        await authorizer.RequireAsync(call, "iam:ListGroups", Arns.Group(accountId, pathPrefix, ""), ct);
        await using var context = db.Create();
        var query = context.Groups.AsNoTracking()
            .Where(g => g.AccountId == accountId && g.Path.StartsWith(pathPrefix))
            .OrderBy(g => g.NameKey);
        return await PageAsync(query, page, ct);
    }

    /// <summary>The groups of a user, by name. Authorizes <c>iam:ListGroupsForUser</c> on the user's ARN.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the user), InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<GroupInfo>> ListForUserAsync(CallContext call, string userName, PageRequest page, CancellationToken ct)
    {
        await using var context = db.Create();
        var user = await UserLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:ListGroupsForUser"), userName, ct);
        var query = context.GroupMembers.Where(m => m.UserKey == user.Key)
            .Join(context.Groups.AsNoTracking(), m => m.GroupKey, g => g.Key, (m, g) => g)
            .OrderBy(g => g.NameKey);
        return await PageAsync(query, page, ct);
    }

    /// <summary>
    /// Renames and/or moves a group; what is omitted stays. Authorizes <c>iam:UpdateGroup</c> on
    /// the current ARN and, as AWS requires, on the new one.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, EntityAlreadyExists (the new name).</exception>
    public async Task UpdateAsync(CallContext call, string groupName, string? newName, string? newPath, CancellationToken ct)
    {
        var permission = authorizer.For(call, "iam:UpdateGroup");
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, permission, groupName, ct);
        await PrincipalRules.RenameAsync(
            context, permission, PrincipalKind.Group, (group.GroupName, group.NameKey, group.Path), newName, newPath,
            (name, nameKey, path) => (group.GroupName, group.NameKey, group.Path) = (name, nameKey, path), ct);
    }

    /// <summary>
    /// Deletes a group that has no members and no policies (AWS's DeleteGroup contract).
    /// Authorizes <c>iam:DeleteGroup</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, DeleteConflict (naming what must go first).</exception>
    public async Task DeleteAsync(CallContext call, string groupName, CancellationToken ct)
    {
        await using var context = db.Create();
        await using var tx = await context.Database.BeginTransactionAsync(ct);
        var group = await GroupLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:DeleteGroup"), groupName, ct);
        await PrincipalRules.ThrowIfDeleteBlockedAsync(context, PrincipalKind.Group, group.Key, ct);
        await context.Groups.Where(g => g.Key == group.Key).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Adds a user to a group; adding a member again changes nothing. Authorizes
    /// <c>iam:AddUserToGroup</c> on the group's ARN.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (group or user), LimitExceeded (10 groups per user).</exception>
    public async Task AddUserAsync(CallContext call, string groupName, string userName, CancellationToken ct)
    {
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:AddUserToGroup"), groupName, ct);
        var user = await UserLookup.RequireAsync(context, call.AccountId, userName, ct);

        // The count and the insert hold the user's membership lock, so ten groups per user is exact under concurrency.
        await using var transaction = await context.BeginLimitLockAsync($"iam-groups-of-user:{user.Key}", ct);
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
        if (await context.TrySaveUniqueAsync(ct))
        {
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Removes a member. Authorizes <c>iam:RemoveUserFromGroup</c> on the group's ARN.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (group, user, or a user who is not a member).</exception>
    public async Task RemoveUserAsync(CallContext call, string groupName, string userName, CancellationToken ct)
    {
        await using var context = db.Create();
        var group = await GroupLookup.RequireAuthorizedAsync(context, authorizer.For(call, "iam:RemoveUserFromGroup"), groupName, ct);
        var user = await UserLookup.RequireAsync(context, call.AccountId, userName, ct);
        var removed = await context.GroupMembers.Where(m => m.GroupKey == group.Key && m.UserKey == user.Key).ExecuteDeleteAsync(ct);
        if (removed == 0)
        {
            throw IamErrors.NoSuchUser(userName);
        }
    }

    private static async Task<Page<GroupInfo>> PageAsync(IQueryable<IamGroup> byName, PageRequest page, CancellationToken ct)
    {
        var groups = await Paging.PageAsync(byName, g => g.NameKey, (q, after) => q.Where(g => string.Compare(g.NameKey, after) > 0), page, ct);
        return groups.Select(GroupInfo.From);
    }
}
