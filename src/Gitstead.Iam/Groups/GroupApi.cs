using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage.Entities;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Groups;

/// <summary>
/// IAM groups and membership. Resource of every action but ListGroups: the group's ARN
/// (ListGroupsForUser: the user's). https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
/// </summary>
internal sealed class GroupApi(GroupService service)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
    public async Task<AwsResult> CreateGroupAsync(AwsRequestContext ctx)
    {
        var path = GroupInput.Path(ctx.Query, "Path") ?? "/";
        var name = GroupInput.RequiredGroupName(ctx.Query);
        var group = await service.CreateAsync(ctx.Caller.AccountId, name, path, ctx.Permission("iam:CreateGroup"), ctx.Aborted);
        return AwsResult.Xml(Render(group));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html
    public async Task<AwsResult> GetGroupAsync(AwsRequestContext ctx)
    {
        var name = GroupInput.RequiredGroupName(ctx.Query);
        Paging.Read(ctx.Query);
        var (group, users) = await service.GetAsync(ctx.Caller.AccountId, name, ctx.Query, ctx.Permission("iam:GetGroup"), ctx.Aborted);
        return AwsResult.Xml([Render(group), Members("Users", users.Items.Select(u => UserXml.User(UserInfo.From(u), details: false))), .. users.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html
    public async Task<AwsResult> ListGroupsAsync(AwsRequestContext ctx)
    {
        var prefix = GroupInput.PathPrefix(ctx.Query);
        Paging.Read(ctx.Query);
        await ctx.AuthorizeAsync("iam:ListGroups", Arns.Group(ctx.Caller.AccountId, prefix, ""));
        var page = await service.ListAsync(ctx.Caller.AccountId, prefix, ctx.Query, ctx.Aborted);
        return AwsResult.Xml([Members("Groups", page.Items.Select(Render)), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateGroup.html
    public async Task<AwsResult> UpdateGroupAsync(AwsRequestContext ctx)
    {
        var name = GroupInput.RequiredGroupName(ctx.Query);
        var newPath = GroupInput.Path(ctx.Query, "NewPath");
        var newName = GroupInput.GroupName(ctx.Query, "NewGroupName");
        await service.UpdateAsync(ctx.Caller.AccountId, name, newName, newPath, ctx.Permission("iam:UpdateGroup"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html
    public async Task<AwsResult> DeleteGroupAsync(AwsRequestContext ctx)
    {
        var name = GroupInput.RequiredGroupName(ctx.Query);
        await service.DeleteAsync(ctx.Caller.AccountId, name, ctx.Permission("iam:DeleteGroup"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
    public async Task<AwsResult> AddUserToGroupAsync(AwsRequestContext ctx)
    {
        var name = GroupInput.RequiredGroupName(ctx.Query);
        var userName = GroupInput.RequiredExistingUserName(ctx.Query);
        await service.AddUserAsync(ctx.Caller.AccountId, name, userName, ctx.Permission("iam:AddUserToGroup"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html
    public async Task<AwsResult> RemoveUserFromGroupAsync(AwsRequestContext ctx)
    {
        var name = GroupInput.RequiredGroupName(ctx.Query);
        var userName = GroupInput.RequiredExistingUserName(ctx.Query);
        await service.RemoveUserAsync(ctx.Caller.AccountId, name, userName, ctx.Permission("iam:RemoveUserFromGroup"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupsForUser.html
    public async Task<AwsResult> ListGroupsForUserAsync(AwsRequestContext ctx)
    {
        var userName = GroupInput.RequiredExistingUserName(ctx.Query);
        Paging.Read(ctx.Query);
        var page = await service.ListForUserAsync(ctx.Caller.AccountId, userName, ctx.Query, ctx.Permission("iam:ListGroupsForUser"), ctx.Aborted);
        return AwsResult.Xml([Members("Groups", page.Items.Select(Render)), .. page.PagingElements()]);
    }

    /// <summary>A <c>Group</c> element (members of a list are re-wrapped by <see cref="QueryXml.Members"/>).</summary>
    public static XElement Render(IamGroup group) => E(
        "Group",
        E("Path", group.Path),
        E("GroupName", group.GroupName),
        E("GroupId", group.GroupId),
        E("Arn", Arns.Group(group.AccountId, group.Path, group.GroupName)),
        E("CreateDate", Date(group.CreateDate)));

}
