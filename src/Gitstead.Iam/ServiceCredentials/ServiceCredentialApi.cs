using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage.Entities;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>
/// IAM service-specific credentials (HTTPS Git credentials). Resource of every action: the
/// target user's ARN. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html
/// </summary>
internal sealed class ServiceCredentialApi(UserService users, ServiceCredentialService service)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
    public async Task<AwsResult> CreateServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = RequiredUserName(ctx.Query);
        var serviceName = ctx.Query.Required("ServiceName");
        var ageDays = ctx.Query.Int("CredentialAgeDays", 1, 36600);
        var user = await users.RequireAuthorizedAsync(ctx.Permission("iam:CreateServiceSpecificCredential"), userName, ctx.Aborted);
        var issued = await service.CreateAsync(user, serviceName, ageDays, ctx.Aborted);
        return AwsResult.Xml(Render(issued));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServiceSpecificCredentials.html
    public async Task<AwsResult> ListServiceSpecificCredentialsAsync(AwsRequestContext ctx)
    {
        var userName = UserName(ctx.Query);
        var serviceName = ctx.Query.Get("ServiceName");
        var allUsers = ctx.Query.Bool("AllUsers") ?? false;
        if (allUsers && userName is not null)
        {
            throw IamErrors.InvalidInput("AllUsers and UserName cannot be specified together.");
        }

        IReadOnlyList<ServiceCredentialView> items = [];
        if (allUsers)
        {
            await ctx.AuthorizeAsync("iam:ListServiceSpecificCredentials", Arns.User(ctx.Caller.AccountId, "/", "*"));
            items = await service.ListAsync(ctx.Caller.AccountId, null, serviceName, ctx.Aborted);
        }
        else if (await users.RequireAuthorizedOrCallerAsync(ctx.Permission("iam:ListServiceSpecificCredentials"), userName, ctx.Aborted) is { } user)
        {
            items = await service.ListAsync(ctx.Caller.AccountId, user.Key, serviceName, ctx.Aborted);
        }

        var page = Paging.PageList(items, v => PageKey(v.Credential), ctx.Query);
        return AwsResult.Xml([Members("ServiceSpecificCredentials", page.Items.Select(RenderMetadata)), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResetServiceSpecificCredential.html
    public async Task<AwsResult> ResetServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = UserName(ctx.Query);
        var id = RequiredId(ctx.Query, "ServiceSpecificCredentialId");
        var user = await users.RequireAuthorizedOrCallerAsync(ctx.Permission("iam:ResetServiceSpecificCredential"), userName, ctx.Aborted);
        var issued = await service.ResetAsync(ctx.Caller.AccountId, user, id, ctx.Aborted);
        return AwsResult.Xml(Render(issued));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServiceSpecificCredential.html
    public async Task<AwsResult> UpdateServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = UserName(ctx.Query);
        var id = RequiredId(ctx.Query, "ServiceSpecificCredentialId");
        var status = ctx.Query.Enum("Status", "Active", "Inactive", "Expired") ?? ctx.Query.Required("Status");
        var user = await users.RequireAuthorizedOrCallerAsync(ctx.Permission("iam:UpdateServiceSpecificCredential"), userName, ctx.Aborted);
        await service.UpdateStatusAsync(ctx.Caller.AccountId, user, id, status, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceSpecificCredential.html
    public async Task<AwsResult> DeleteServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = UserName(ctx.Query);
        var id = RequiredId(ctx.Query, "ServiceSpecificCredentialId");
        var user = await users.RequireAuthorizedOrCallerAsync(ctx.Permission("iam:DeleteServiceSpecificCredential"), userName, ctx.Aborted);
        await service.DeleteAsync(ctx.Caller.AccountId, user, id, ctx.Aborted);
        return AwsResult.Empty;
    }

    /// <summary>
    /// <c>ServiceSpecificCredential</c> with the password. CodeCommit credentials have no
    /// <c>ExpirationDate</c>, <c>ServiceCredentialAlias</c> or <c>ServiceCredentialSecret</c>.
    /// </summary>
    private static XElement Render(IssuedServiceCredential issued)
    {
        var c = issued.Credential;
        return E(
            "ServiceSpecificCredential",
            E("CreateDate", Date(c.CreateDate)),
            E("ServiceName", c.ServiceName),
            E("ServiceUserName", c.ServiceUserName),
            E("ServicePassword", issued.Password),
            E("ServiceSpecificCredentialId", c.Id),
            E("UserName", issued.UserName),
            E("Status", c.Status));
    }

    /// <summary><c>ServiceSpecificCredentialMetadata</c>: never a password.</summary>
    private static XElement RenderMetadata(ServiceCredentialView view)
    {
        var c = view.Credential;
        return E(
            "member",
            E("UserName", view.UserName),
            E("Status", c.Status),
            E("ServiceUserName", c.ServiceUserName),
            E("CreateDate", Date(c.CreateDate)),
            E("ServiceSpecificCredentialId", c.Id),
            E("ServiceName", c.ServiceName));
    }

    /// <summary><c>userNameType</c>: 1–64.</summary>
    private static string? UserName(QueryArgs q) => q.String("UserName", 1, 64, IamPatterns.UserName);

    private static string RequiredUserName(QueryArgs q) => q.RequiredString("UserName", 1, 64, IamPatterns.UserName);

    /// <summary><c>serviceSpecificCredentialId</c>: 20–128.</summary>
    private static string RequiredId(QueryArgs q, string name) => q.RequiredString(name, 20, 128, IamPatterns.Id);

    private static string PageKey(ServiceSpecificCredential c) => $"{c.CreateDate.Ticks:D19}{c.Id}";
}
