using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Groups;

/// <summary>Finds the IAM group an operation targets, authorized on its ARN.</summary>
internal static class GroupLookup
{
    /// <summary>
    /// The named group (case-insensitive), once <paramref name="permission"/> allows the caller
    /// on its ARN. A group that does not exist is authorized as <c>group/NAME</c> first, so a
    /// caller without permission learns nothing about which groups exist; then NoSuchEntity.
    /// </summary>
    public static async Task<IamGroup> RequireAuthorizedAsync(GitsteadDbContext db, Permission permission, string groupName, CancellationToken ct)
    {
        var accountId = permission.AccountId;
        var key = IamPatterns.NameKey(groupName);
        var group = await db.Groups.FirstOrDefaultAsync(g => g.AccountId == accountId && g.NameKey == key, ct);
        await permission.RequireAsync(group is null ? Arns.Group(accountId, "/", groupName) : Arns.Group(accountId, group.Path, group.GroupName), ct);
        return group ?? throw NotFound(groupName);
    }

    private static AwsServiceException NotFound(string groupName) =>
        IamErrors.NoSuchEntity($"The group with name {groupName} cannot be found.");
}
