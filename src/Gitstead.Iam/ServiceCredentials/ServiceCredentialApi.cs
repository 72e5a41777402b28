using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>
/// IAM service-specific credentials (HTTPS Git credentials). Resource of every action: the
/// target user's ARN. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html
/// </summary>
internal sealed class ServiceCredentialApi(ServiceCredentialService credentials)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
    public async Task<AwsResult> CreateServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.RequiredUserName(ctx.Query);
        var serviceName = ctx.Query.Required("ServiceName");
        var ageDays = ctx.Query.Int("CredentialAgeDays", 1, 36600);
        var issued = await credentials.CreateAsync(ctx.Call, userName, serviceName, ageDays, ctx.Aborted);
        return AwsResult.Xml(Render(issued));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServiceSpecificCredentials.html
    public async Task<AwsResult> ListServiceSpecificCredentialsAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.UserName(ctx.Query);
        var serviceName = ctx.Query.Get("ServiceName");
        var allUsers = ctx.Query.Bool("AllUsers") ?? false;
        var page = await credentials.ListAsync(ctx.Call, userName, serviceName, allUsers, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([Members("ServiceSpecificCredentials", page.Items.Select(RenderMetadata)), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResetServiceSpecificCredential.html
    public async Task<AwsResult> ResetServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.UserName(ctx.Query);
        var id = IamArgs.RequiredCredentialId(ctx.Query, "ServiceSpecificCredentialId");
        var issued = await credentials.ResetAsync(ctx.Call, userName, id, ctx.Aborted);
        return AwsResult.Xml(Render(issued));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServiceSpecificCredential.html
    public async Task<AwsResult> UpdateServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.UserName(ctx.Query);
        var id = IamArgs.RequiredCredentialId(ctx.Query, "ServiceSpecificCredentialId");
        var status = ctx.Query.Enum("Status", "Active", "Inactive", "Expired") ?? ctx.Query.Required("Status");
        await credentials.UpdateStatusAsync(ctx.Call, userName, id, status, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceSpecificCredential.html
    public async Task<AwsResult> DeleteServiceSpecificCredentialAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.UserName(ctx.Query);
        var id = IamArgs.RequiredCredentialId(ctx.Query, "ServiceSpecificCredentialId");
        await credentials.DeleteAsync(ctx.Call, userName, id, ctx.Aborted);
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
            E("UserName", c.UserName),
            E("Status", c.Status));
    }

    /// <summary><c>ServiceSpecificCredentialMetadata</c>: never a password.</summary>
    private static XElement RenderMetadata(ServiceCredentialInfo c) => E(
        "member",
        E("UserName", c.UserName),
        E("Status", c.Status),
        E("ServiceUserName", c.ServiceUserName),
        E("CreateDate", Date(c.CreateDate)),
        E("ServiceSpecificCredentialId", c.Id),
        E("ServiceName", c.ServiceName));
}
