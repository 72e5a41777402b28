using Gitstead.Aws;
using Gitstead.Iam.Users;
using Gitstead.Storage.Entities;

namespace Gitstead.Iam.Groups;

/// <summary>An IAM group.</summary>
/// <param name="GroupName">The name, as created (names compare case-insensitively).</param>
/// <param name="Path"><c>/</c> or <c>/a/b/</c>.</param>
/// <param name="GroupId">Unique id, <c>AGPA…</c>.</param>
/// <param name="Arn"><c>arn:aws:iam::ACCOUNT:group/PATH/NAME</c>.</param>
/// <param name="CreateDate">When the group was created (UTC).</param>
public sealed record GroupInfo(string GroupName, string Path, string GroupId, string Arn, DateTime CreateDate)
{
    internal static GroupInfo From(IamGroup group) =>
        new(group.GroupName, group.Path, group.GroupId, Arns.Group(group.AccountId, group.Path, group.GroupName), group.CreateDate);
}

/// <summary>A group and a page of its members, by name (GetGroup).</summary>
public sealed record GroupDetails(GroupInfo Group, Page<UserInfo> Users);
