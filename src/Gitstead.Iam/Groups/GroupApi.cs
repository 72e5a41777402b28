using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Groups;

/// <summary>
/// IAM groups and membership. Resource of every action but ListGroups: the group's ARN
/// (ListGroupsForUser: the user's). https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
/// </summary>
internal sealed class GroupApi(GroupService groups)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
    public async Task<AwsResult> CreateGroupAsync(AwsRequestContext ctx)
    {
        var path = IamArgs.Path(ctx.Query, "Path") ?? "/";
        var name = IamArgs.RequiredGroupName(ctx.Query);
        var group = await groups.CreateAsync(ctx.Call, name, path, ctx.Aborted);
        return AwsResult.Xml(Render(group));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html
    public async Task<AwsResult> GetGroupAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredGroupName(ctx.Query);
        var (group, users) = await groups.GetAsync(ctx.Call, name, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([Render(group), Members("Users", users.Items.Select(u => UserXml.User(u, details: false))), .. users.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html
    public async Task<AwsResult> ListGroupsAsync(AwsRequestContext ctx)
    {
        var prefix = IamArgs.PathPrefix(ctx.Query);
        var page = await groups.ListAsync(ctx.Call, prefix, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([Members("Groups", page.Items.Select(Render)), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateGroup.html
    public async Task<AwsResult> UpdateGroupAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredGroupName(ctx.Query);
        var newPath = IamArgs.Path(ctx.Query, "NewPath");
        var newName = IamArgs.GroupName(ctx.Query, "NewGroupName");
        await groups.UpdateAsync(ctx.Call, name, newName, newPath, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html
    public async Task<AwsResult> DeleteGroupAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredGroupName(ctx.Query);
        await groups.DeleteAsync(ctx.Call, name, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
    public async Task<AwsResult> AddUserToGroupAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredGroupName(ctx.Query);
        var userName = IamArgs.RequiredExistingUserName(ctx.Query);
        await groups.AddUserAsync(ctx.Call, name, userName, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html
    public async Task<AwsResult> RemoveUserFromGroupAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredGroupName(ctx.Query);
        var userName = IamArgs.RequiredExistingUserName(ctx.Query);
        await groups.RemoveUserAsync(ctx.Call, name, userName, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupsForUser.html
    public async Task<AwsResult> ListGroupsForUserAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.RequiredExistingUserName(ctx.Query);
        var page = await groups.ListForUserAsync(ctx.Call, userName, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([Members("Groups", page.Items.Select(Render)), .. page.PagingElements()]);
    }

    /// <summary>A <c>Group</c> element (members of a list are re-wrapped by <see cref="QueryXml.Members"/>).</summary>
    private static XElement Render(GroupInfo group) => E(
        "Group",
        E("Path", group.Path),
        E("GroupName", group.GroupName),
        E("GroupId", group.GroupId),
        E("Arn", group.Arn),
        E("CreateDate", Date(group.CreateDate)));
}
