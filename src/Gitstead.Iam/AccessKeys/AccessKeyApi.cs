using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.AccessKeys;

/// <summary>
/// IAM access key operations (botocore <c>iam/2010-05-08</c>): CreateAccessKey, ListAccessKeys,
/// UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. Without <c>UserName</c> they act on
/// the caller's own keys, the root's included.
/// </summary>
internal sealed class AccessKeyApi(AccessKeyService keys)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
    public async Task<AwsResult> CreateAccessKeyAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.ExistingUserName(ctx.Query);
        var created = await keys.CreateAsync(ctx.Call, name, ctx.Aborted);
        return AwsResult.Xml(E("AccessKey", [.. KeyFields(created.Key), E("SecretAccessKey", created.SecretAccessKey)]));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html
    public async Task<AwsResult> ListAccessKeysAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.ExistingUserName(ctx.Query);
        var page = await keys.ListAsync(ctx.Call, name, ctx.Query.Page(), ctx.Aborted);
        var metadata = page.Items.Select(k => E("AccessKeyMetadata", KeyFields(k)));
        return AwsResult.Xml([Members("AccessKeyMetadata", metadata), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html
    public async Task<AwsResult> UpdateAccessKeyAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.ExistingUserName(ctx.Query);
        var id = KeyId(ctx.Query);
        var status = ctx.Query.Enum("Status", "Active", "Inactive", "Expired") ?? ctx.Query.Required("Status");
        await keys.UpdateAsync(ctx.Call, name, id, status, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html
    public async Task<AwsResult> DeleteAccessKeyAsync(AwsRequestContext ctx)
    {
        var name = IamArgs.ExistingUserName(ctx.Query);
        var id = KeyId(ctx.Query);
        await keys.DeleteAsync(ctx.Call, name, id, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
    public async Task<AwsResult> GetAccessKeyLastUsedAsync(AwsRequestContext ctx)
    {
        var id = KeyId(ctx.Query);
        var use = await keys.GetLastUsedAsync(ctx.Call, id, ctx.Aborted);

        // A key never used reports "N/A" for service and region and no date (model documentation).
        return AwsResult.Xml(
            Opt("UserName", use.UserName),
            E("AccessKeyLastUsed", Opt("LastUsedDate", use.LastUsedDate), E("ServiceName", use.ServiceName ?? "N/A"), E("Region", use.Region ?? "N/A")));
    }

    /// <summary>
    /// The <c>AccessKey</c>/<c>AccessKeyMetadata</c> fields. Keys of the root carry no
    /// <c>UserName</c>: the root has none.
    /// </summary>
    private static XElement?[] KeyFields(AccessKeyInfo key) =>
    [
        Opt("UserName", key.UserName),
        E("AccessKeyId", key.AccessKeyId),
        E("Status", key.Status),
        E("CreateDate", Date(key.CreateDate)),
    ];

    private static string KeyId(QueryArgs q) => q.RequiredString("AccessKeyId", 16, 128, IamPatterns.Id);
}
