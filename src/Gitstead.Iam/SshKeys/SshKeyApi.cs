using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Storage.Entities;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.SshKeys;

/// <summary>
/// IAM SSH public keys. Resource of every action: the target user's ARN.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html
/// </summary>
internal sealed class SshKeyApi(UserService users, SshKeyService service)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
    public async Task<AwsResult> UploadSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = RequiredUserName(ctx.Query);
        var body = ctx.Query.RequiredString("SSHPublicKeyBody", 1, 16384, IamPatterns.PublicKeyMaterial);
        var user = await users.RequireAuthorizedAsync(ctx.Permission("iam:UploadSSHPublicKey"), userName, ctx.Aborted);
        var key = await service.UploadAsync(user, body, ctx.Aborted);
        return AwsResult.Xml(Render(key, user.UserName, key.Body));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSSHPublicKeys.html
    public async Task<AwsResult> ListSSHPublicKeysAsync(AwsRequestContext ctx)
    {
        var userName = UserName(ctx.Query);
        var user = await users.RequireAuthorizedOrCallerAsync(ctx.Permission("iam:ListSSHPublicKeys"), userName, ctx.Aborted);
        IReadOnlyList<SshPublicKey> keys = user is null ? [] : await service.ListAsync(user.Key, ctx.Aborted);
        var page = Paging.PageList(keys, k => $"{k.UploadDate.Ticks:D19}{k.Id}", ctx.Query);
        var members = page.Items.Select(k => E(
            "member",
            E("UserName", user!.UserName),
            E("SSHPublicKeyId", k.Id),
            E("Status", k.Status),
            E("UploadDate", Date(k.UploadDate))));
        return AwsResult.Xml([Members("SSHPublicKeys", members), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSSHPublicKey.html
    public async Task<AwsResult> GetSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = RequiredUserName(ctx.Query);
        var keyId = RequiredId(ctx.Query, "SSHPublicKeyId");
        var encoding = ctx.Query.Enum("Encoding", "SSH", "PEM") ?? ctx.Query.Required("Encoding");
        var user = await users.RequireAuthorizedAsync(ctx.Permission("iam:GetSSHPublicKey"), userName, ctx.Aborted);
        var key = await service.GetAsync(user, keyId, ctx.Aborted);
        var body = encoding == "PEM" ? SshPublicKeyParser.Parse(key.Body).Pem : key.Body;
        return AwsResult.Xml(Render(key, user.UserName, body));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSSHPublicKey.html
    public async Task<AwsResult> UpdateSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = RequiredUserName(ctx.Query);
        var keyId = RequiredId(ctx.Query, "SSHPublicKeyId");
        var status = ctx.Query.Enum("Status", "Active", "Inactive", "Expired") ?? ctx.Query.Required("Status");
        var user = await users.RequireAuthorizedAsync(ctx.Permission("iam:UpdateSSHPublicKey"), userName, ctx.Aborted);
        await service.UpdateStatusAsync(user, keyId, status, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSSHPublicKey.html
    public async Task<AwsResult> DeleteSSHPublicKeyAsync(AwsRequestContext ctx)
    {
        var userName = RequiredUserName(ctx.Query);
        var keyId = RequiredId(ctx.Query, "SSHPublicKeyId");
        var user = await users.RequireAuthorizedAsync(ctx.Permission("iam:DeleteSSHPublicKey"), userName, ctx.Aborted);
        await service.DeleteAsync(user, keyId, ctx.Aborted);
        return AwsResult.Empty;
    }

    /// <summary><c>userNameType</c>: 1–64.</summary>
    private static string? UserName(QueryArgs q) => q.String("UserName", 1, 64, IamPatterns.UserName);

    private static string RequiredUserName(QueryArgs q) => q.RequiredString("UserName", 1, 64, IamPatterns.UserName);

    /// <summary><c>publicKeyIdType</c>: 20–128.</summary>
    private static string RequiredId(QueryArgs q, string name) => q.RequiredString(name, 20, 128, IamPatterns.Id);

    private static XElement Render(SshPublicKey key, string userName, string body) => E(
        "SSHPublicKey",
        E("UserName", userName),
        E("SSHPublicKeyId", key.Id),
        E("Fingerprint", key.Fingerprint),
        E("SSHPublicKeyBody", body),
        E("Status", key.Status),
        E("UploadDate", Date(key.UploadDate)));
}
