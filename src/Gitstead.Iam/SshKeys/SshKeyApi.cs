using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.SshKeys;

/// <summary>
/// IAM SSH public keys. Resource of every action: the target user's ARN.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html
/// </summary>
internal sealed class SshKeyApi(SshKeyService keys)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
    public async Task<AwsResult> UploadSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.RequiredUserName(ctx.Query);
        var body = ctx.Query.RequiredString("SSHPublicKeyBody", 1, 16384, IamPatterns.PublicKeyMaterial);
        var key = await keys.UploadAsync(ctx.Call, userName, body, ctx.Aborted);
        return AwsResult.Xml(Render(key));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSSHPublicKeys.html
    public async Task<AwsResult> ListSSHPublicKeysAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.UserName(ctx.Query);
        var page = await keys.ListAsync(ctx.Call, userName, ctx.Query.Page(), ctx.Aborted);
        var members = page.Items.Select(k => E(
            "member",
            E("UserName", k.UserName),
            E("SSHPublicKeyId", k.SshPublicKeyId),
            E("Status", k.Status),
            E("UploadDate", Date(k.UploadDate))));
        return AwsResult.Xml([Members("SSHPublicKeys", members), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSSHPublicKey.html
    public async Task<AwsResult> GetSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.RequiredUserName(ctx.Query);
        var keyId = IamArgs.RequiredCredentialId(ctx.Query, "SSHPublicKeyId");
        var encoding = ctx.Query.Enum("Encoding", "SSH", "PEM") ?? ctx.Query.Required("Encoding");
        var key = await keys.GetAsync(ctx.Call, userName, keyId, encoding == "PEM" ? SshPublicKeyEncoding.Pem : SshPublicKeyEncoding.Ssh, ctx.Aborted);
        return AwsResult.Xml(Render(key));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSSHPublicKey.html
    public async Task<AwsResult> UpdateSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.RequiredUserName(ctx.Query);
        var keyId = IamArgs.RequiredCredentialId(ctx.Query, "SSHPublicKeyId");
        var status = ctx.Query.Enum("Status", "Active", "Inactive", "Expired") ?? ctx.Query.Required("Status");
        await keys.UpdateStatusAsync(ctx.Call, userName, keyId, status, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSSHPublicKey.html
    public async Task<AwsResult> DeleteSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = IamArgs.RequiredUserName(ctx.Query);
        var keyId = IamArgs.RequiredCredentialId(ctx.Query, "SSHPublicKeyId");
        await keys.DeleteAsync(ctx.Call, userName, keyId, ctx.Aborted);
        return AwsResult.Empty;
    }

    private static XElement Render(SshPublicKeyInfo key) => E(
        "SSHPublicKey",
        E("UserName", key.UserName),
        E("SSHPublicKeyId", key.SshPublicKeyId),
        E("Fingerprint", key.Fingerprint),
        E("SSHPublicKeyBody", key.Body),
        E("Status", key.Status),
        E("UploadDate", Date(key.UploadDate)));
}
