using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Users;

/// <summary>
/// IAM user operations (botocore <c>iam/2010-05-08</c>): CreateUser, GetUser, ListUsers,
/// UpdateUser, DeleteUser, TagUser, UntagUser, ListUserTags.
/// </summary>
internal sealed class UserApi(UserService users)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
    public async Task<AwsResult> CreateUserAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var request = new NewUser(
            IamArgs.RequiredUserName(q),
            IamArgs.Path(q, "Path") ?? "/",
            q.String("PermissionsBoundary", 20, 2048),
            UserTags.Parse(q) ?? []);
        var user = await users.CreateAsync(ctx.Call, request, ctx.Aborted);
        return AwsResult.Xml(UserXml.User(user, details: true));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
    public async Task<AwsResult> GetUserAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.ExistingUserName(ctx.Query);
        var identity = await users.GetAsync(ctx.Call, name, ctx.Aborted);
        return AwsResult.Xml(UserXml.Identity(identity));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
    public async Task<AwsResult> ListUsersAsync(AwsRequestContext ctx)
    {
        var prefix = IamArgs.PathPrefix(ctx.Query);
        var page = await users.ListAsync(ctx.Call, prefix, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([Members("Users", page.Items.Select(u => UserXml.User(u, details: false))), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
    public async Task<AwsResult> UpdateUserAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var name = IamArgs.RequiredExistingUserName(q);
        var newName = IamArgs.UserName(q, "NewUserName");
        var newPath = IamArgs.Path(q, "NewPath");
        await users.UpdateAsync(ctx.Call, name, newName, newPath, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
    public async Task<AwsResult> DeleteUserAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredExistingUserName(ctx.Query);
        await users.DeleteAsync(ctx.Call, name, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html
    public async Task<AwsResult> TagUserAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredExistingUserName(ctx.Query);
        var tags = UserTags.Parse(ctx.Query)
            ?? throw Validation.Error("Value null at 'tags' failed to satisfy constraint: Member must not be null");
        await users.TagAsync(ctx.Call, name, tags, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagUser.html
    public async Task<AwsResult> UntagUserAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredExistingUserName(ctx.Query);
        var keys = UserTags.ParseKeys(ctx.Query);
        await users.UntagAsync(ctx.Call, name, keys, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserTags.html
    public async Task<AwsResult> ListUserTagsAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.RequiredExistingUserName(ctx.Query);
        var page = await users.ListTagsAsync(ctx.Call, name, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([UserTags.Render(page.Items), .. page.PagingElements()]);
    }
}
