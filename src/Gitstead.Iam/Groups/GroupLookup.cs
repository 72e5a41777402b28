using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Groups;

/// <summary>Finds the IAM group an operation targets.</summary>
internal static class GroupLookup
{
    public static string NameKey(string groupName) => groupName.ToLowerInvariant();

    /// <summary>
    /// The named group (case-insensitive), after <paramref name="permission"/> has authorized the
    /// caller on it. A group that does not exist is authorized as <c>group/NAME</c> first, so a
    /// caller without permission learns nothing about which groups exist; then NoSuchEntity.
    /// </summary>
    public static async Task<IamGroup> RequireAuthorizedAsync(
        GitsteadDbContext db, string accountId, string groupName, Permission permission, CancellationToken ct)
    {
        var key = NameKey(groupName);
        var group = await db.Groups.FirstOrDefaultAsync(g => g.AccountId == accountId && g.NameKey == key, ct);
        await permission.RequireAsync(group is null ? Arns.Group(accountId, "/", groupName) : Arns.Group(group.AccountId, group.Path, group.GroupName), ct);
        return group ?? throw NotFound(groupName);
    }

    public static AwsServiceException NotFound(string groupName) =>
        IamErrors.NoSuchEntity($"The group with name {groupName} cannot be found.");
}
